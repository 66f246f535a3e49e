using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Tests.Browser;

namespace Supervision.Tests.Ledger.Browser;

/// <summary>
/// A real 任务分解表 imported without editing the file: every way the preview settles a name, in the real app. The
/// names it settles (and remembers) are the seeded directory's, so it has an app of its own (<see cref="ImportBrowserCollection"/>).
/// </summary>
[Collection(ImportBrowserCollection.Name)]
public sealed class ImportResolutionBrowserTests : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private readonly AppFixture app;

    public ImportResolutionBrowserTests(AppFixture app)
    {
        this.app = app;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.Mouse.MoveAsync(0, 890);
        await Screenshots.TakeAsync(page, name);
    }

    private static ILocator Question(IPage page, string name) => page.Locator($"[data-testid=import-question][data-name='{name}']");

    /// <summary>The sheet as a 政府办 sends it: a two-row merged header, a long category heading, leaders by title, groups, names the directory lacks.</summary>
    private static byte[] Breakdown(string tag) => SampleWorkbooks.Build(ws =>
    {
        ws.Cell(1, 1).Value = "2026年《政府工作报告》重点工作任务分解表";
        ws.Range(1, 1, 1, 6).Merge();
        string[] top = ["序号", "重点任务", "责任单位", "", "牵头市领导", "完成时限"];
        for (var c = 0; c < top.Length; c++)
            ws.Cell(2, c + 1).Value = top[c];
        ws.Cell(3, 3).Value = "牵头";
        ws.Cell(3, 4).Value = "配合";
        foreach (var c in new[] { 1, 2, 5, 6 })
            ws.Range(2, c, 3, c).Merge();
        ws.Range(2, 3, 2, 4).Merge();
        object[][] rows =
        [
            ["一、聚焦扩大有效投资，着力稳住经济大盘（3项）"],
            [1, $"推进临港物流园二期建设，年内完成投资8亿元。{tag}", "市发改委", "各开发区管委会", "常务副市长", "年底前"],
            [2, $"推行惠企政策“免申即享”，兑现资金5亿元。{tag}", "市营商办", "市数字经济推进办", "韩副市长", "年底前"],
            [3, $"建设城市数据中台，汇聚政务数据10亿条。{tag}", "市数字经济推进办", "市营商办", "韩副市长", "三季度"],
            ["二、民生实事（2项）"],
            [4, $"开展城乡环境整治，完成农村户厕改造1万户。{tag}", "各县（市）区政府", "市住建局", "周市长", "年底前"],
            [5, $"新建社区嵌入式托育点20个。{tag}", "各区人民政府", "市卫健委", "杨副市长", "年底前"],
        ];
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length == 1)
            {
                ws.Cell(4 + r, 1).Value = (string)rows[r][0];
                ws.Range(4 + r, 1, 4 + r, 6).Merge();
                continue;
            }

            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c] is int n)
                    ws.Cell(4 + r, c + 1).Value = n;
                else
                    ws.Cell(4 + r, c + 1).Value = (string)rows[r][c];
            }
        }
    });

    private static async Task<string> WriteAsync(byte[] content, string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "import-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, content, Ct);
        return path;
    }

    [Fact]
    public async Task Every_unknown_name_is_settled_in_the_preview_and_the_file_imports_as_it_is()
    {
        // A second 韩 among the 副市长, so 韩副市长 is a question, not a guess.
        var admin = new Actor("admin", "系统管理员", new HashSet<string> { Roles.Admin }, null);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<LeaderDirectoryService>().SaveAsync(admin, 0, new LeaderInput { Name = "韩立新", Title = "副市长", SortOrder = 20 }, Ct);
        var path = await WriteAsync(Breakdown("（导入测试）"), "2026年重点工作任务分解表.xlsx");

        var page = await app.SignInAsync("admin", path: "/tasks/import");
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(path);

        await Assertions.Expect(page.Locator("[data-testid=import-question]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("单位组分别落实后共12项任务");
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveCountAsync(0);
        // The preview fits an office PC's window: nothing scrolls sideways at 1440 px.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "导入预览在1440像素宽的窗口中出现横向滚动");
        await ShotAsync(page, "import-1-questions.png");

        // 1. A suggestion, remembered as the unit's alias.
        await Question(page, "市营商办").Locator("[data-testid=question-suggestion]").Filter(new LocatorFilterOptions { HasText = "市营商局" }).ClickAsync();
        await Question(page, "市营商办").Locator("[data-testid=question-apply]").ClickAsync();
        await Assertions.Expect(Question(page, "市营商办")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=import-question]")).ToHaveCountAsync(3);
        await ShotAsync(page, "import-2-alias-remembered.png");

        // 2. A unit the directory lacks, created on the spot by the administrator (the written name becomes its alias).
        await Question(page, "市数字经济推进办").Locator("[data-testid=question-create]").ClickAsync();
        await page.Locator("[data-testid=create-name]").FillAsync("市数字经济发展推进办公室");
        await ShotAsync(page, "import-3-create-unit.png");
        await page.Locator("[data-testid=create-confirm]").ClickAsync();
        await Assertions.Expect(Question(page, "市数字经济推进办")).ToHaveCountAsync(0);

        // 3. An ambiguous leader: one of the candidates, for this import only (not remembered by default).
        var leader = Question(page, "韩副市长");
        await Assertions.Expect(leader.Locator("[data-testid=question-suggestion]")).ToHaveCountAsync(2);
        await leader.Locator("[data-testid=question-suggestion]").Filter(new LocatorFilterOptions { HasText = "韩立新" }).ClickAsync();
        await leader.Locator("[data-testid=question-apply]").ClickAsync();
        await Assertions.Expect(leader).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=import-choice]")).ToContainTextAsync("「韩副市长」→ 韩立新（副市长）");

        // 4. A name meaning a unit group, picked from the list and not remembered.
        var group = Question(page, "各区人民政府");
        await group.Locator("[data-testid=question-select]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "单位组：各县（市）区政府" }).ClickAsync();
        await group.Locator("[data-testid=question-remember]").ClickAsync();
        await ShotAsync(page, "import-4-group-picked.png");
        await group.Locator("[data-testid=question-apply]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-question]")).ToHaveCountAsync(0);

        // 5. The long category heading goes to the year's 扩大有效投资 instead of becoming a new category.
        var category = page.Locator("[data-testid=import-category][data-name='聚焦扩大有效投资，着力稳住经济大盘']");
        await category.Locator("[data-testid=category-suggestion]").ClickAsync();
        await category.Locator("[data-testid=category-apply]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-category-mapped]")).ToContainTextAsync("归入「扩大有效投资」");
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("没有错误");
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToContainTextAsync("确认导入19项任务");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "导入预览在1440像素宽的窗口中出现横向滚动");
        await ShotAsync(page, "import-5-ready.png");

        await page.Locator("[data-testid=import-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-result]")).ToContainTextAsync("已导入19项任务");

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct))
        {
            var tasks = await db.Tasks.Where(t => t.Content.EndsWith("（导入测试）")).OrderBy(t => t.Sequence).ToListAsync(Ct);
            var units = await db.Units.ToDictionaryAsync(u => u.Id, Ct);
            var leaders = await db.Leaders.ToDictionaryAsync(l => l.Id, l => l.Name, Ct);
            var categories = await db.Categories.ToDictionaryAsync(c => c.Id, c => c.Name, Ct);
            Assert.Equal(19, tasks.Count);
            Assert.Equal("市营商环境建设局", units[tasks[1].LeadUnitId].Name);
            Assert.Contains("市营商办", units[tasks[1].LeadUnitId].Aliases.Select(a => a.Name));
            Assert.Equal("市数字经济发展推进办公室", units[tasks[2].LeadUnitId].Name);
            Assert.Equal(["韩立新", "韩立新"], tasks.Skip(1).Take(2).Select(t => leaders[t.ResponsibleLeaderId!.Value]));
            Assert.Equal(["扩大有效投资", "扩大有效投资", "扩大有效投资"], tasks.Take(3).Select(t => categories[t.CategoryId!.Value]));
            // 各县（市）区政府 and the name answered with it: each county leads its own copy (8 + 8), 民生实事 as the year has it.
            var split = tasks.Skip(3).ToList();
            Assert.Equal(16, split.Count);
            Assert.All(split, t => Assert.Equal(UnitKind.County, units[t.LeadUnitId].Kind));
            Assert.All(split, t => Assert.Equal("民生实事", categories[t.CategoryId!.Value]));
            Assert.Equal(16, split.Select(t => (t.LeadUnitId, t.Content)).Distinct().Count());
            // The office's first task: every development zone assists.
            Assert.Equal(3, tasks[0].AssistingUnits.Count(a => units[a.UnitId].Kind == UnitKind.DevelopmentZone));
            Assert.Equal(0, await db.Leaders.CountAsync(l => l.Aliases.Any(a => a.Name == "韩副市长"), Ct));
        }

        // The same file again is refused with its own summary, naming the file — never an empty sheet with no errors.
        await app.OpenAsync(page, "/tasks/import");
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(path);
        await Assertions.Expect(page.Locator("[data-testid=import-error]")).ToContainTextAsync("「2026年重点工作任务分解表.xlsx」未导入：该文件已于");
        await Assertions.Expect(page.Locator("[data-testid=import-error]")).ToContainTextAsync("不能重复导入");
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("工作表「」");
        await ShotAsync(page, "import-6-refused-again.png");

        // A damaged file chosen next replaces that message with its own.
        var damaged = await WriteAsync(ImportResolutionTests.WithPart(Breakdown("（损坏）"), "xl/worksheets/sheet1.xml", xml => xml[..(xml.Length / 2)]), "损坏的分解表.xlsx");
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(damaged);
        await Assertions.Expect(page.Locator("[data-testid=import-error]")).ToContainTextAsync("「损坏的分解表.xlsx」未导入：文件已损坏");
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToHaveCountAsync(0);

        // What was remembered is in the directory for the next file: the alias on the unit, the created unit, the groups.
        await app.OpenAsync(page, "/admin/units");
        await Assertions.Expect(page.Locator("[data-testid=units]")).ToContainTextAsync("市营商办");
        await Assertions.Expect(page.Locator("[data-testid=units]")).ToContainTextAsync("市数字经济发展推进办公室");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "单位组" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=groups] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=groups] tr[data-group='各县（市）区政府']")).ToContainTextAsync("8个单位");
        await ShotAsync(page, "import-7-directory-groups.png");
        await page.Locator("[data-testid=groups] tr[data-group='各开发区管委会'] [data-testid=group-edit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=group-members-preview]")).ToContainTextAsync("3个单位：澜江高新区、澜江经开区、临港经济区");
        await ShotAsync(page, "import-8-group-editor.png");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "市领导" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=leaders]")).ToContainTextAsync("韩立新");
        await ShotAsync(page, "import-9-leaders.png");
        await page.Context.CloseAsync();

        // An inspector settles names the same way, but only the administrator adds units.
        var inspector = await app.SignInAsync("inspector", path: "/tasks/import");
        var again = await WriteAsync(Breakdown("（督查员）"), "督查员导入.xlsx");
        await inspector.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(again);
        await Assertions.Expect(inspector.Locator("[data-testid=import-question]")).ToHaveCountAsync(2);
        await Assertions.Expect(Question(inspector, "韩副市长")).ToHaveCountAsync(1);
        await Assertions.Expect(Question(inspector, "各区人民政府")).ToHaveCountAsync(1);
        await Assertions.Expect(inspector.Locator("[data-testid=question-create]")).ToHaveCountAsync(0);
        await inspector.Context.CloseAsync();
    }
}
