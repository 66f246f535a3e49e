using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;
using Supervision.Tests.Browser;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Reporting;

/// <summary>The report chain in the real app (the shared browser app), on tasks picked by their state at the time.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportChainBrowserTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_report_goes_through_four_accounts_is_returned_once_then_accepted_and_the_light_turns_done()
    {
        var (taskId, period, lightBefore) = await PickAsync();
        Assert.NotEqual(TrafficLight.Done, lightBefore);
        var path = $"/tasks/{taskId}/reports/{period}";
        var url = app.BaseUrl + path;

        var op = await SignInOnReportAsync("fgw.operator", path);
        await op.Locator("[data-testid=field-progress] textarea").First.FillAsync("已完成全部建设内容，正在组织竣工验收。");
        await op.Locator("[data-testid=field-value] input").FillAsync("100");
        await Shot(op, "report-edit-operator");
        await op.ClickAsync("[data-testid=btn-send]");
        await Expect(op, "待主管领导审核");

        await Approve("fgw.supervisor", path, "待主要领导审批");
        await Approve("fgw.principal", path, "已报送");

        var inspector = await SignInOnReportAsync("inspector", path);
        await Expect(inspector, "已报送");
        await Assertions.Expect(inspector.Locator("[data-testid=task-light]")).ToHaveTextAsync(DisplayNames.Of(lightBefore));
        await inspector.Locator("[data-testid=field-comment] textarea").First.FillAsync("请补充竣工验收的佐证材料。");
        await inspector.ClickAsync("[data-testid=btn-return]");
        await Expect(inspector, "草稿");
        await Assertions.Expect(inspector.Locator("[data-testid=task-light]")).ToHaveTextAsync(DisplayNames.Of(lightBefore));

        await Open(op, url);
        await Assertions.Expect(op.Locator("[data-testid=return-reason]")).ToContainTextAsync("请补充竣工验收的佐证材料。");
        await Assertions.Expect(op.Locator("[data-testid=history]")).ToContainTextAsync("退回后转为新版草稿");
        await Assertions.Expect(op.Locator("[data-testid=field-value] input")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^100(\\.0+)?$"));
        await op.Locator("[data-testid=field-problems] textarea").First.FillAsync("竣工验收资料已补充。");
        await Shot(op, "report-returned-operator");
        await op.ClickAsync("[data-testid=btn-send]");
        await Expect(op, "待主管领导审核");

        await Approve("fgw.supervisor", path, "待主要领导审批");
        await Approve("fgw.principal", path, "已报送");

        await Open(inspector, url);
        await inspector.Locator("[data-testid=field-comment] textarea").First.FillAsync("材料齐全，予以采纳。");
        await inspector.ClickAsync("[data-testid=btn-accept]");
        await Expect(inspector, "已采纳");
        await Assertions.Expect(inspector.Locator("[data-testid=task-light]")).ToHaveTextAsync(DisplayNames.Of(TrafficLight.Done));
        await Assertions.Expect(inspector.Locator("[data-testid=history] .rev-block")).ToHaveCountAsync(2);
        await Shot(inspector, "report-accepted-inspector");

        await inspector.GotoAsync($"{app.BaseUrl}/tasks");
        var row = inspector.Locator("[data-testid=ledger] tr", new() { HasText = await NumberAsync(taskId) });
        await Assertions.Expect(row.Locator(".light-chip")).ToHaveTextAsync(DisplayNames.Of(TrafficLight.Done));

        await inspector.GotoAsync($"{app.BaseUrl}/tasks/{taskId}");
        await Assertions.Expect(inspector.Locator("[data-testid=task-reports]")).ToBeVisibleAsync();
        await Shot(inspector, "task-detail-reports-panel");
        await inspector.GotoAsync($"{app.BaseUrl}/feedback");
        await Assertions.Expect(inspector.Locator("[data-testid=feedback]")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(inspector, "reporting-feedback-inspector.png", fullPage: false);
        await inspector.GotoAsync($"{app.BaseUrl}/admin/audit");
        await Assertions.Expect(inspector.Locator("[data-testid=audit-message]")).ToContainTextAsync("审计记录完整");
        await Shot(inspector, "audit-verify");
        await inspector.GotoAsync($"{app.BaseUrl}/todo");
        await Assertions.Expect(inspector.Locator("h1")).ToHaveTextAsync("我的待办");
        await Shot(inspector, "todo-inspector");
        await op.GotoAsync($"{app.BaseUrl}/notifications");
        await Assertions.Expect(op.Locator("[data-testid=notifications]")).ToContainTextAsync("已采纳");
        await Shot(op, "notifications-operator");
        await op.GotoAsync($"{app.BaseUrl}/todo");
        await Assertions.Expect(op.Locator("h1")).ToHaveTextAsync("我的待办");
        await Shot(op, "todo-operator");
    }

    [Fact]
    public async Task Unread_count_in_the_app_bar_rises_live_when_a_report_arrives()
    {
        // Any page shows the app bar; the notifications page is a light one.
        var supervisor = await app.SignInAsync("fgw.supervisor", path: "/notifications");
        var badge = supervisor.Locator("[data-testid=notification-bell] .mud-badge");
        var before = await UnreadAsync("fgw.supervisor");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SupervisionDbContext>>();
            var unitId = await UnitOfAsync("fgw.supervisor");
            await using var db = await factory.CreateDbContextAsync(Ct);
            db.Add(new Notification(unitId, NotificationKind.ReportAwaiting, "测试消息", "用于检验未读数实时刷新。", null, null, DateTime.UtcNow));
            // Announced by the change feed once committed, as every notification is.
            await db.SaveChangesAsync(Ct);
        }

        await Assertions.Expect(badge).ToHaveTextAsync((before + 1 > 99 ? "99+" : (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private async Task Approve(string user, string path, string expectedState)
    {
        var page = await SignInOnReportAsync(user, path);
        await page.ClickAsync("[data-testid=btn-approve]");
        await Expect(page, expectedState);
        if (user == "fgw.supervisor")
            await Shot(page, "report-approve-supervisor");
        await page.Context.CloseAsync();
    }

    /// <summary>Signs in straight to the report page at <paramref name="path"/> and waits until the page itself is live.</summary>
    private async Task<IPage> SignInOnReportAsync(string user, string path)
    {
        var page = await app.SignInAsync(user, path: path);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private static async Task Open(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    private static Task Expect(IPage page, string state) =>
        Assertions.Expect(page.Locator("[data-testid=report-state]")).ToHaveTextAsync(state);

    private static Task Shot(IPage page, string name) =>
        Screenshots.TakeAsync(page, $"reporting-{name}.png");

    private async Task<int> UnitOfAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByNameAsync(userName))!.UnitId!.Value;
    }

    private async Task<int> UnreadAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var unitId = await UnitOfAsync(userName);
        var actor = new Actor(userName, userName, new HashSet<string> { Roles.UnitSupervisor }, unitId);
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().UnreadCountAsync(actor, Ct);
    }

    private async Task<string> NumberAsync(int taskId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        return await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Number).SingleAsync(Ct);
    }

    /// <summary>An fgw-led percentage task, not yet done, with a started period that has no report yet.</summary>
    private async Task<(int TaskId, string Period, TrafficLight Light)> PickAsync()
    {
        var unitId = await UnitOfAsync("fgw.operator");
        await using var scope = app.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var today = ChinaTime.Today(clock);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        var candidates = await db.Tasks.AsNoTracking()
            .Where(t => t.LeadUnitId == unitId && t.State == TaskState.InProgress && t.Indicator == null)
            .OrderBy(t => t.Id).ToListAsync(Ct);
        var inspector = new Actor("inspector", "赵文清", new HashSet<string> { Roles.Inspector }, null);
        foreach (var t in candidates)
        {
            var taken = await db.Reports.Where(r => r.TaskId == t.Id).Select(r => r.PeriodKey).ToListAsync(Ct);
            var period = ReportSchedule.PeriodsFor(t.Start, t.Deadline, t.ReportCycle).LastOrDefault(p => p.Start <= today && !taken.Contains(p.Key));
            if (period is null)
                continue;
            var view = await reports.GetAsync(inspector, t.Id, period.Key, Ct);
            if (view.Task.Light is TrafficLight.Green or TrafficLight.Yellow or TrafficLight.Red)
                return (t.Id, period.Key, view.Task.Light);
        }

        throw new InvalidOperationException("演示数据中没有可用于测试的发改委任务。");
    }
}
