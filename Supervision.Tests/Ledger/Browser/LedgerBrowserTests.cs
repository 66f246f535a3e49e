using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Tests.Browser;

namespace Supervision.Tests.Ledger.Browser;

/// <summary>These tests add tasks, each under a title no other test uses, on the shared browser app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LedgerBrowserTests : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private readonly AppFixture app;

    public LedgerBrowserTests(AppFixture app)
    {
        this.app = app;
    }

    /// <summary>Opens a page and waits until its circuit is interactive, so clicks and fills are not lost on prerendered HTML.</summary>
    private Task OpenAsync(IPage page, string path) => app.OpenAsync(page, path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ShotAsync(IPage page, string name)
    {
        // A full-page shot of a scrolled page would paint the fixed app bar half-way down.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.TakeAsync(page, name);
    }

    private static async Task PickAsync(IPage page, string selectTestId, string item)
    {
        await page.Locator($"[data-testid={selectTestId}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = item }).First.ClickAsync();
    }

    [Fact]
    public async Task An_inspector_imports_a_sample_task_breakdown_end_to_end()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、扩大有效投资（2项）"],
            [1, "推进临港物流园二期建设，\n年内完成投资8亿元。", "市发改委", "市财政局、市交通局", "钱立恒", "年底前"],
            [2, "建成城市智慧停车平台，新增公共泊位3000个。", "市住建局", "澜东区", "朱启航", "三季度"],
            ["二、民生实事（1项）"],
            [3, "新建社区嵌入式托育点20个。", "市卫健委", null, null, "长期坚持"]);
        var path = Path.Combine(Path.GetTempPath(), $"任务分解表-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, file, Ct);

        var page = await app.SignInAsync("inspector", path: "/tasks/import");
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(path);

        try
        {
            await Assertions.Expect(page.Locator("[data-testid=import-preview] tbody tr")).ToHaveCountAsync(3);
        }
        catch (PlaywrightException)
        {
            await ShotAsync(page, "ledger-import-failure.png");
            throw;
        }

        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("没有错误");
        await ShotAsync(page, "ledger-import-preview.png");
        await page.Locator("[data-testid=import-confirm]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=import-result]")).ToContainTextAsync("已导入3项任务");
        await ShotAsync(page, "ledger-import-result.png");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct))
        {
            var task = await db.Tasks.SingleAsync(t => t.Content.StartsWith("建成城市智慧停车平台"), Ct);
            Assert.Equal(new DateOnly(task.Year, 9, 30), task.Deadline);
        }

        // The imported tasks are in the ledger and found by full-text search.
        await OpenAsync(page, "/tasks");
        await page.Locator("[data-testid=ledger-search]").FillAsync("智慧停车");
        try
        {
            // The demo city's own reports mention 智慧停车 too; the imported task must be among the hits.
            await Assertions.Expect(page.Locator("[data-testid=ledger] tbody tr").Filter(new LocatorFilterOptions { HasText = "建成城市智慧停车平台" })).ToHaveCountAsync(1);
            Assert.InRange(await page.Locator("[data-testid=ledger] tbody tr").CountAsync(), 1, 5);
        }
        catch (PlaywrightException)
        {
            await ShotAsync(page, "ledger-search-failure.png");
            throw;
        }


        // Importing the same file again is refused and writes nothing.
        await OpenAsync(page, "/tasks/import");
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(path);
        await Assertions.Expect(page.Locator("[data-testid=import-error]")).ToContainTextAsync("不能重复导入");
        File.Delete(path);
    }

    [Fact]
    public async Task A_registered_leader_instruction_appears_on_the_receiving_units_list_and_nowhere_else()
    {
        const string title = "澜江高新区人才公寓配建问题";
        var inspector = await app.SignInAsync("inspector", path: "/tasks/register");
        await PickAsync(inspector, "field-source", "领导批示件");
        await inspector.Locator("[data-testid=field-title]").FillAsync(title);
        await inspector.Locator("[data-testid=field-content]").FillAsync("研究解决高新区人才公寓配建中的用地和资金问题。");
        await PickAsync(inspector, "field-lead", "澜江高新区");
        await inspector.Locator("[data-testid=field-instruction-leader]").FillAsync("周承远");
        await inspector.Locator("[data-testid=field-instruction-text]").FillAsync("请高新区抓紧研究，月底前报结果。");
        await ShotAsync(inspector, "ledger-register.png");
        await inspector.Locator("[data-testid=save-task]").ClickAsync();

        await Assertions.Expect(inspector.Locator("[data-testid=task-title]")).ToContainTextAsync(title);
        var id = int.Parse(inspector.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(inspector.Locator("[data-testid=task-title]")).ToContainTextAsync("-PS-");
        await inspector.Locator("[data-testid=assign]").ClickAsync();
        await inspector.Locator("[data-testid=assign-confirm]").ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=notices]")).ToContainTextAsync("督通");
        await ShotAsync(inspector, "ledger-detail-inspector.png");

        // The receiving unit sees it in its list and can acknowledge it.
        var gxq = await app.SignInAsync("gxq.operator", path: "/tasks");
        await gxq.Locator("[data-testid=ledger-search]").FillAsync("人才公寓");
        await Assertions.Expect(gxq.Locator("[data-testid=ledger] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(gxq.Locator("[data-testid=ledger] tbody tr").First).ToContainTextAsync(title);
        await ShotAsync(gxq, "ledger-list-unit.png");
        await OpenAsync(gxq, $"/tasks/{id}");
        await gxq.Locator("[data-testid=acknowledge]").ClickAsync();
        // The receipt cell turns from 待签收 into "time name 签收"; the column header alone says 签收 before.
        await Assertions.Expect(gxq.Locator("[data-testid=notices] tbody")).Not.ToContainTextAsync("待签收");
        await Assertions.Expect(gxq.Locator("[data-testid=notices] tbody")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{2}:\d{2} \S+ 签收"));
        await Assertions.Expect(gxq.Locator("[data-testid=acknowledge]")).ToHaveCountAsync(0);
        // The lead unit's 签收 starts the work, and every panel of the page says so, not only the fields.
        await Assertions.Expect(gxq.Locator("[data-testid=task-fields]")).ToContainTextAsync("办理中");
        await Assertions.Expect(gxq.Locator("[data-testid=follow-up]")).ToContainTextAsync("任务状态：办理中");
        await ShotAsync(gxq, "ledger-detail-unit.png");

        // Other units: not in their list, not by search, not by direct URL.
        foreach (var other in new[] { "fgw.operator", "landong.principal" })
        {
            var page = await app.SignInAsync(other, path: "/tasks");
            await page.Locator("[data-testid=ledger-search]").FillAsync("人才公寓");
            await Assertions.Expect(page.Locator("[data-testid=ledger]")).ToContainTextAsync("没有符合条件的任务");
            await OpenAsync(page, $"/tasks/{id}");
            await Assertions.Expect(page.Locator("[data-testid=task-missing]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync(title);
        }

        // Nor through the export download.
        var fgw = await app.SignInAsync("fgw.operator", path: "/notifications");
        var download = await fgw.APIRequest.GetAsync(app.BaseUrl + "/tasks/export.xlsx?q=" + Uri.EscapeDataString("人才公寓"));
        Assert.Equal(200, download.Status);
        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await download.BodyAsync()));
        Assert.DoesNotContain(wb.Worksheet(1).CellsUsed(), c => c.GetString().Contains(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ledger_and_admin_pages_render_for_screenshots()
    {
        var admin = await app.SignInAsync("admin", path: "/admin");
        await admin.Locator("[data-testid=link-admin-units]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=units] tbody tr").First).ToBeVisibleAsync();
        await ShotAsync(admin, "ledger-admin-units.png");
        await admin.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "市领导" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=leaders] tbody tr").First).ToBeVisibleAsync();
        await ShotAsync(admin, "ledger-admin-leaders.png");

        var inspector = await app.SignInAsync("inspector", path: "/tasks");
        await Assertions.Expect(inspector.Locator("[data-testid=task-number]").First).ToBeVisibleAsync();
        // The heading counts what the table loaded (the table draws itself; the heading must follow).
        await Assertions.Expect(inspector.Locator("[data-testid=ledger-total]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^共\\d+项$"));
        await ShotAsync(inspector, "ledger-list-inspector.png");
        // Downloads bypass the interactive router only with the download attribute.
        await Assertions.Expect(inspector.Locator("[data-testid=ledger-export]")).ToHaveAttributeAsync("download", "");

        // A view can be linked to: the address carries the filter, and the export follows it.
        await OpenAsync(inspector, "/tasks?source=1");
        await Assertions.Expect(inspector.Locator("[data-testid=task-number]").First).ToContainTextAsync("-PS-");
        Assert.All(await inspector.Locator("[data-testid=task-number]").AllInnerTextsAsync(), n => Assert.Contains("-PS-", n));
        await Assertions.Expect(inspector.Locator("[data-testid=ledger-export]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("source=1"));
        // The export link follows the view as it changes on the page too: search text and the sorted column.
        await inspector.Locator("[data-testid=ledger-search]").FillAsync("项目");
        await Assertions.Expect(inspector.Locator("[data-testid=ledger-export]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("q=" + Uri.EscapeDataString("项目")));
        await inspector.Locator("[data-testid=ledger] th").Filter(new LocatorFilterOptions { HasText = "完成时限" }).Locator(".mud-table-sort-label").ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=ledger-export]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("sort=1"));
        var exported = await inspector.APIRequest.GetAsync(app.BaseUrl + await inspector.Locator("[data-testid=ledger-export]").GetAttributeAsync("href"));
        Assert.Equal(200, exported.Status);
        using (var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await exported.BodyAsync())))
        {
            var shown = await inspector.Locator("[data-testid=task-number]").AllInnerTextsAsync();
            var numbers = wb.Worksheet(1).Column(2).CellsUsed().Where(c => c.Address.RowNumber > 3).Select(c => c.GetString()).ToList();
            Assert.Equal(shown, numbers.Take(shown.Count));
            Assert.Contains("检索：项目", wb.Worksheet(1).Cell(2, 1).GetString());
        }

        await OpenAsync(inspector, "/tasks");
        await inspector.Locator("[data-testid=task-number]").First.ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=timeline] li").First).ToBeVisibleAsync();
        await ShotAsync(inspector, "ledger-detail-annual.png");
    }
    [Fact]
    public async Task A_bad_task_breakdown_shows_every_row_error_and_cannot_be_confirmed()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、优化营商环境（3项）"],
            // Not 市营商办: the resolution tests sharing this app may have remembered that one as an alias.
            [1, "深化“一件事一次办”改革，新增集成服务事项20项。", "市营商所", "市财政局", null, "年底前"],
            [2, "推行惠企政策“免申即享”。", "市发改委", null, null, "尽快"],
            [3, "深化“一件事一次办”改革，新增集成服务事项20项", "市发改委", null, null, "三季度"]);
        var path = Path.Combine(Path.GetTempPath(), $"有错的分解表-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, file, Ct);
        var factory = app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>();
        int before;
        await using (var db = await factory.CreateDbContextAsync(Ct))
            before = await db.Tasks.CountAsync(Ct);

        var page = await app.SignInAsync("inspector", path: "/tasks/import");
        await Assertions.Expect(page.Locator("[data-testid=download-template]")).ToHaveAttributeAsync("download", "");
        var template = await page.APIRequest.GetAsync(app.BaseUrl + await page.Locator("[data-testid=download-template]").GetAttributeAsync("href"));
        Assert.Equal(200, template.Status);
        using (var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await template.BodyAsync())))
            Assert.Equal(["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "备注"], wb.Worksheet("任务分解表").Row(2).CellsUsed().Select(c => c.GetString()));
        await page.Locator("[data-testid=import-file] input[type=file]").ChooseAsync(path);

        await Assertions.Expect(page.Locator("[data-testid=import-preview] tbody tr.row-error")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("3行有错误");
        await Assertions.Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("单位「市营商所」不在单位名录中，是否指：市营商局");
        await Assertions.Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("无法识别完成时限「尽快」");
        await Assertions.Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("与第4行内容重复");
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveCountAsync(0);
        await ShotAsync(page, "ledger-import-errors.png");
        File.Delete(path);

        await using (var db = await factory.CreateDbContextAsync(Ct))
            Assert.Equal(before, await db.Tasks.CountAsync(Ct));
    }
}
