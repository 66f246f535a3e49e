using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Browser;

/// <summary>Places where people got stuck: a page that did not show what an action changed, and accounts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeadEndTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_close_out_or_cancel_the_task_page_shows_the_new_light_state_buttons_and_timeline_at_once()
    {
        var closing = await NewTaskAsync("推进社区养老服务站建设（销号测试）", requestCompletion: true);
        var cancelling = await NewTaskAsync("筹办城市马拉松赛事（取消测试）", requestCompletion: false);
        var page = await app.SignInAsync("inspector", path: $"/tasks/{closing}");

        // 核实销号: no reload, and the page says 已完成 / 已销号 at once.
        await TaskPageReadyAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=task-fields]")).ToContainTextAsync(DisplayNames.Of(TaskState.CompletionRequested));
        var timeline = await page.Locator("[data-testid=timeline] li").CountAsync();
        await page.ClickAsync("[data-testid=btn-sign-off]");
        await Assertions.Expect(page.Locator(".page-head .light-chip")).ToHaveTextAsync(DisplayNames.Of(TrafficLight.Done));
        await Assertions.Expect(page.Locator("[data-testid=task-fields]")).ToContainTextAsync(DisplayNames.Of(TaskState.Closed));
        await Assertions.Expect(page.Locator("[data-testid=timeline] li")).ToHaveCountAsync(timeline + 1);
        await Assertions.Expect(page.Locator("[data-testid=timeline] li").Last).ToContainTextAsync("销号");
        await Assertions.Expect(page.Locator("[data-testid=btn-sign-off]")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "task-closed-in-place.png");

        // 取消: asked first, then the page shows 已取消 at once, without the 修改 it offered before.
        await OpenTaskAsync(page, cancelling);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改" })).ToBeVisibleAsync();
        await page.Locator("input[data-testid=close-reason]").FillAsync("因政策调整，赛事改由省体育局统一筹办。");
        await page.ClickAsync("[data-testid=btn-cancel]");
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("确定取消该任务吗");
        await Screenshots.TakeAsync(page, "task-cancel-confirm.png", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消任务" }).ClickAsync();
        await Assertions.Expect(page.Locator(".page-head .light-chip")).ToHaveTextAsync(DisplayNames.Of(TrafficLight.Cancelled));
        await Assertions.Expect(page.Locator("[data-testid=task-fields]")).ToContainTextAsync("因政策调整，赛事改由省体育局统一筹办。");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=timeline] li").Last).ToContainTextAsync("取消");
        await Assertions.Expect(page.Locator("[data-testid=btn-cancel]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_an_administrators_reset_the_person_chooses_a_password_first_and_the_access_record_shows_both()
    {
        const string user = "landong.supervisor";
        const string given = "Hq9#river-Lantern";
        const string chosen = "Mz4$harbor-Willow";

        var admin = await app.SignInAsync("admin", path: "/admin/users");
        var row = admin.Locator($"tr[data-user='{user}']");
        await row.Locator("[data-testid=reset]").ClickAsync();
        await admin.FillAsync("#reset-password", given);
        await row.Locator("[data-testid=reset-confirm]").ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync($"已重置 {user} 的密码");

        // Signing in with the administrator's password leads to the password page, and nowhere else.
        var context = await app.NewContextAsync(AppFixture.Phone);
        var person = await context.NewPageAsync();
        await person.GotoAsync(app.BaseUrl + "/account/login?returnUrl=%2Ffeedback");
        await person.FillAsync("#username", user);
        await person.FillAsync("#password", given);
        await person.ClickAsync("button[type=submit]");
        await Assertions.Expect(person).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password\\?returnUrl=%2Ffeedback"));
        await Assertions.Expect(person.Locator("[data-testid=password-forced]")).ToBeVisibleAsync();
        await person.GotoAsync(app.BaseUrl + "/tasks");
        await Assertions.Expect(person).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password"));
        await Screenshots.TakeAsync(person, "phone-password-forced.png");

        await person.FillAsync("#current", given);
        await person.FillAsync("#new-password", chosen);
        await person.FillAsync("#confirm", chosen);
        await person.ClickAsync("button[type=submit]");
        await Assertions.Expect(person.Locator("[data-testid=password-changed]")).ToBeVisibleAsync();
        // 继续 goes where the person last tried to go.
        await person.ClickAsync("[data-testid=password-continue]");
        await Assertions.Expect(person).ToHaveURLAsync(app.BaseUrl + "/tasks");
        await AppFixture.WaitUntilInteractiveAsync(person);
        await Assertions.Expect(person.Locator("h1")).ToContainTextAsync("督查任务台账");
        await context.CloseAsync();

        // The administrator reads both in the access record, narrowed to the account, and exports that view.
        await app.OpenAsync(admin, "/admin/access");
        await admin.Locator("input[data-testid=access-text]").FillAsync(user);
        // The filter has applied once the export link carries it (the text box waits for typing to pause).
        await Assertions.Expect(admin.GetByTestId("access-export")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("q=landong\\.supervisor"));
        var record = admin.Locator("[data-testid=access-record]");
        await Assertions.Expect(record.Locator("tbody tr").First).ToContainTextAsync(user);
        await Assertions.Expect(record).ToContainTextAsync("修改密码");
        await Assertions.Expect(record).ToContainTextAsync("重置密码");
        await Assertions.Expect(record.Locator("tbody tr").First).ToContainTextAsync("修改密码");
        await Assertions.Expect(record).ToContainTextAsync("登录成功");
        await Screenshots.TakeAsync(admin, "admin-access-record.png");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByTestId("access-export").ClickAsync());
        await using var file = File.OpenRead(await download.PathAsync());
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheet(1);
        Assert.Contains("包含：" + user, sheet.Cell(2, 1).GetString());
        var kinds = sheet.Column(3).CellsUsed().Where(c => c.Address.RowNumber > 3).Select(c => c.GetString()).ToList();
        Assert.Contains("修改密码", kinds);
        Assert.Contains("重置密码", kinds);
        await admin.Context.CloseAsync();

        // Put the demo password back for anyone else who signs in as this account.
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Supervision.Web.Accounts.AppUser>>();
        var account = (await users.FindByNameAsync(user))!;
        await users.RemovePasswordAsync(account);
        await users.AddPasswordAsync(account, DemoAccounts.DefaultPassword);
    }

    private async Task OpenTaskAsync(IPage page, int taskId)
    {
        await app.OpenAsync(page, $"/tasks/{taskId}");
        await TaskPageReadyAsync(page);
    }

    private static async Task TaskPageReadyAsync(IPage page)
    {
        await page.Locator("[data-testid=page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=follow-up]").WaitForAsync();
    }

    /// <summary>A 会议决策部署 task of 澜东区, assigned and signed; optionally with the unit's request to close it.</summary>
    private async Task<int> NewTaskAsync(string title, bool requestCompletion)
    {
        var (id, _, lead) = await app.AssignNewTaskAsync("澜东区", title);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var op = new Actor("landong.operator", "澜东区联络员", new HashSet<string> { Roles.UnitOperator }, lead);
        await services.GetRequiredService<AssignmentService>().AcknowledgeAsync(op, id, Ct);
        if (requestCompletion)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
            var version = await db.Tasks.Where(t => t.Id == id).Select(t => t.Version).SingleAsync(Ct);
            await services.GetRequiredService<CompletionService>().RequestCompletionAsync(op, id, version, "已全部建成并投入使用，验收材料齐全。", ct: Ct);
        }

        return id;
    }
}
