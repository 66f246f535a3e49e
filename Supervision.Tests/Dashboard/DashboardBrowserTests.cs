using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Tests.Browser;

namespace Supervision.Tests.Dashboard;

/// <summary>These tests accept reports on the shared browser app, of tasks picked by their state at the time (never a fixed id).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static readonly Actor _inspector = new("inspector", "赵文清", new HashSet<string> { Roles.Inspector }, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_accepted_in_one_session_turns_the_tile_in_another_open_dashboard_within_two_seconds()
    {
        var (taskId, reportId) = await SubmittedReportOnARedTaskAsync();
        var watcher = await app.SignInAsync("leader");
        await WaitUntilInteractiveAsync(watcher);
        var tile = watcher.Locator($"[data-testid=tile][data-task='{taskId}']");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-light", "Red");
        await watcher.EvaluateAsync("() => window.__notReloaded = true");

        // The inspector accepts it through the reporting page (/feedback/{id}), in another browser context. A click
        // that lands before that page's circuit is up does nothing, so it is repeated until the report is accepted.
        var inspector = await app.SignInAsync("inspector", path: $"/feedback/{reportId}");
        var accepted = false;
        for (var attempt = 0; attempt < 20 && !accepted; attempt++)
        {
            try
            {
                await inspector.Locator("[data-testid=btn-accept]").ClickAsync(new() { Timeout = 1000 });
            }
            catch (TimeoutException)
            {
                // The page was still being replaced by its interactive render; try again.
            }

            accepted = await IsAcceptedAsync(reportId, TimeSpan.FromMilliseconds(500));
        }

        Assert.True(accepted, "the report page did not accept the report");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-light", "Done", new() { Timeout = 2000 });
        await Assertions.Expect(tile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("light-done"), new() { Timeout = 100 });
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the dashboard must change without a reload");
        await Assertions.Expect(watcher.Locator("[data-testid=activity-item]").First).ToContainTextAsync("采纳");
        await watcher.Context.DisposeAsync();
        await inspector.Context.DisposeAsync();
    }

    [Fact]
    public async Task Office_dashboard_shows_every_panel_and_is_photographed()
    {
        var page = await app.SignInAsync("inspector");

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("督查工作看板");
        await Assertions.Expect(page.Locator("[data-testid=chart-row]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=tile]").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("[data-testid=indicator]").CountAsync() >= 8);
        Assert.Equal(5, await page.Locator("[data-testid=red-list] [data-testid=rb-line]").CountAsync());
        Assert.Equal(5, await page.Locator("[data-testid=black-list] [data-testid=rb-line]").CountAsync());
        await Shot(page, "dashboard-office.png");

        await WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=group-Leader]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Leader");
        await Screenshots.TakeAsync(page.Locator("[data-testid=progress-chart]"), "dashboard-chart-leaders.png");
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Red_count_opens_the_ledger_on_exactly_the_red_tasks()
    {
        var page = await app.SignInAsync("inspector");
        var red = await page.Locator("[data-testid=tile][data-light=Red]").EvaluateAllAsync<int[]>("tiles => tiles.map(t => +t.dataset.task)");
        Assert.NotEmpty(red);

        await page.Locator("[data-testid=count-red]").ClickAsync();

        // The ledger itself (light 2 = 严重滞后), judged as of the dashboard's date.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tasks\\?year=\\d+&light=2&asOf=[\\d-]+$"));
        await Assertions.Expect(page.Locator("[data-testid=task-number]")).ToHaveCountAsync(red.Length);
        Assert.Equal(red.Order(), (await LedgerIdsAsync(page)).Order());
        await Assertions.Expect(page.Locator(".ledger-filters .mud-chip.light-red.mud-chip-selected")).ToHaveCountAsync(1); // the filter shows what was picked
        await Shot(page, "dashboard-drill-down.png");

        // A chart bar opens the ledger narrowed to its group: every task of the first category.
        await page.GotoAsync(app.BaseUrl + "/");
        await AppFixture.WaitUntilInteractiveAsync(page);
        var firstGroup = page.Locator("[data-testid=board-group]").First;
        var category = await firstGroup.GetAttributeAsync("data-category");
        var inCategory = await firstGroup.Locator("[data-testid=tile]").EvaluateAllAsync<int[]>("tiles => tiles.map(t => +t.dataset.task)");
        await page.Locator($"[data-testid=chart-row][data-id='{category}'] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks\\?year=\\d+&category={category}&asOf="));
        await Assertions.Expect(page.Locator("[data-testid=task-number]")).ToHaveCountAsync(inCategory.Length);
        Assert.Equal(inCategory.Order(), (await LedgerIdsAsync(page)).Order());

        // From a past date the ledger says whose lights it shows, and can go back to today's.
        var past = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1);
        await app.OpenAsync(page, $"/?year={past.Year}&asOf={past:yyyy-MM-dd}");
        await page.Locator("[data-testid=count-total]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ledger-as-of]")).ToContainTextAsync($"截至{past.Year}年{past.Month}月{past.Day}日");
        await page.Context.DisposeAsync();
    }

    private static async Task<int[]> LedgerIdsAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=task-number]").First).ToBeVisibleAsync();
        return await page.Locator("[data-testid=task-number]").EvaluateAllAsync<int[]>("links => links.map(a => +a.getAttribute('href').split('/').pop())");
    }

    [Fact]
    public async Task Past_date_and_filters_come_from_the_address_and_bad_values_are_named()
    {
        var page = await app.SignInAsync("inspector", path: $"/?asOf={DateTime.UtcNow.AddHours(8).Year}-06-30&category=99999&source=Bogus&year=abc");

        await Assertions.Expect(page.Locator("[data-testid=as-of]")).ToHaveTextAsync($"截至{DateTime.UtcNow.AddHours(8).Year}年6月30日");
        await Assertions.Expect(page.Locator("[data-testid=ignored]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".history-badge")).ToHaveTextAsync("历史情况");
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Leader_sees_every_task_with_portfolio_chart_and_scores_and_is_photographed()
    {
        var page = await app.SignInAsync("leader");

        await Assertions.Expect(page.Locator("[data-testid=office-dashboard]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=group-Leader]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Leader");
        Assert.True(await page.Locator("[data-testid=chart-row]").CountAsync() >= 10, "every leader with tasks has a bar");
        await page.Locator("details.score-details >> nth=1").Locator("summary").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=leader-scores] [data-testid=score-row]").First).ToBeVisibleAsync();
        var explanation = await page.Locator("[data-testid=leader-scores] .score").First.GetAttributeAsync("title") ?? "";
        Assert.Contains("完成率", explanation);
        Assert.Contains("合计", explanation);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // else the fixed app bar is photographed mid-page
        await Shot(page, "dashboard-leader.png");
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Unit_account_sees_its_own_dashboard_with_rank_and_to_do()
    {
        var page = await app.SignInAsync("gxq.operator");

        await Assertions.Expect(page.Locator("[data-testid=unit-dashboard]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=own-rank]")).ToContainTextAsync("名");
        await Assertions.Expect(page.Locator("[data-testid=todo]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=filter-source]").CountAsync());
        await Shot(page, "dashboard-unit.png");
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Wall_screen_is_dark_rotates_by_itself_and_is_photographed()
    {
        var page = await app.SignInAsync("leader", new ViewportSize { Width = 1920, Height = 1080 }, path: "/screen?rotate=5");
        var screen = page.Locator("[data-testid=screen]");
        await Assertions.Expect(screen).ToHaveAttributeAsync("data-panel", "overview");

        // Nobody touches it: the next panel comes up on its own.
        await Assertions.Expect(screen).ToHaveAttributeAsync("data-panel", "board", new() { Timeout = 15_000 });
        var background = await screen.EvaluateAsync<string>("e => getComputedStyle(e).backgroundImage + getComputedStyle(e).backgroundColor");
        Assert.Contains("rgb(10, 18, 38)", background);
        Assert.Equal(1, await page.Locator("#components-reconnect-modal.screen-reconnect").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__screenReconnect === true"), "the reconnect script must be loaded");

        foreach (var panel in new[] { "overview", "board", "ranking", "units", "activity" })
        {
            await app.OpenAsync(page, $"/screen?panel={panel}&rotate=300");
            await Assertions.Expect(screen).ToHaveAttributeAsync("data-panel", panel);
            await Shot(page, $"screen-{panel}.png", fullPage: false); // before the check, so a failure can be looked at
            var overflow = await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.screen-panel')].some(p => p.scrollHeight > p.clientHeight + 2)");
            Assert.False(overflow, $"panel {panel} must fit the 1080p screen without being cut off");
        }

        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Wall_screen_starts_a_new_circuit_by_itself_when_the_server_no_longer_knows_its_own()
    {
        var page = await app.SignInAsync("leader", path: "/screen?panel=board&rotate=300");
        await page.EvaluateAsync("() => window.__oldCircuit = true");

        // What Blazor announces when it reaches the server again after a restart and the circuit is gone: nobody
        // stands at the wall to press "reload", so the screen's script does.
        await page.EvaluateAsync("() => document.dispatchEvent(new CustomEvent('components-reconnect-state-changed', { detail: { state: 'rejected' } }))");

        await page.WaitForFunctionAsync("() => window.__oldCircuit === undefined", null, new() { Timeout = 15_000 });
        await AppFixture.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=screen]")).ToHaveAttributeAsync("data-panel", "board");
        await page.Context.DisposeAsync();
    }

    private async Task<bool> IsAcceptedAsync(int reportId, TimeSpan within)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>();
        var until = DateTime.UtcNow + within;
        do
        {
            await using var db = await factory.CreateDbContextAsync(Ct);
            var report = await db.Reports.AsNoTracking().Include(r => r.Revisions).SingleAsync(r => r.Id == reportId, Ct);
            if (report.Current.State == RevisionState.Accepted)
                return true;
            await Task.Delay(50, Ct);
        }
        while (DateTime.UtcNow < until);
        return false;
    }

    // A dashboard answers clicks only once its circuit is up: switching the chart grouping proves it.
    private static async Task WaitUntilInteractiveAsync(IPage page)
    {
        await page.Locator("[data-testid=group-Unit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Unit");
        await page.Locator("[data-testid=group-Category]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Category");
    }

    private static async Task Shot(IPage page, string name, bool fullPage = true)
    {
        // Fade-ins are taken at their end (Playwright finishes finite animations for the picture); endless ones stop.
        await Screenshots.TakeAsync(page, name, fullPage);
    }

    // A red percentage task of today's dashboard gets a 100% report for a period it has not reported yet, sent
    // through the unit's chain with the domain, so that accepting it turns the task done.
    private async Task<(int TaskId, int ReportId)> SubmittedReportOnARedTaskAsync()
    {
        var dashboard = await app.Services.GetRequiredService<DashboardService>().GetAsync(_inspector, new DashboardRequest(), Ct);
        var factory = app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        foreach (var tile in dashboard.Model.Board.SelectMany(g => g.Tiles).Where(t => t.Light == TrafficLight.Red))
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == tile.TaskId, Ct);
            if (task.Indicator is not null || task.State != TaskState.InProgress)
                continue;
            var used = await db.Reports.Where(r => r.TaskId == task.Id).Select(r => r.PeriodKey).ToListAsync(Ct);
            var period = ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).FirstOrDefault(p => !used.Contains(p.Key));
            if (period is null)
                continue;
            var unit = new Actor("dash-test", "联络员", new HashSet<string> { Roles.UnitOperator, Roles.UnitSupervisor, Roles.UnitPrincipal }, task.LeadUnitId);
            var at = DateTime.UtcNow.AddMinutes(-1);
            var report = ProgressReport.Open(task, period, new ReportContent("已全面完成。", null, null, 100, null), unit, at);
            report.SendForReview(unit, at);
            report.ApproveAsSupervisor(unit, at, null);
            report.ApproveAsPrincipal(unit, at, null);
            db.Reports.Add(report);
            await db.SaveChangesAsync(Ct);
            return (task.Id, report.Id);
        }

        throw new InvalidOperationException($"演示数据中没有可用于测试的红灯任务（{DateTime.UtcNow.ToString(CultureInfo.InvariantCulture)}）");
    }
}
