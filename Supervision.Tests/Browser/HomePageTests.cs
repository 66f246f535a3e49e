using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    [Fact]
    public async Task Demo_inspector_signs_in_and_sees_the_seeded_counts()
    {
        int taskCount;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
            taskCount = await db.Tasks.CountAsync(TestContext.Current.CancellationToken);
        Assert.True(taskCount > 80, $"demo city should have ~100 tasks, has {taskCount}");

        var page = await app.SignInAsync("inspector");

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("督查工作看板");
        // The state totals are the rules' judgement of every task as of today, counted here from a fresh load of the
        // facts, independently of the page and of the server's cache.
        var today = ChinaTime.Today(app.Services.GetRequiredService<TimeProvider>());
        var thresholds = app.Services.GetRequiredService<IOptions<RuleThresholds>>().Value;
        YearFacts facts;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
            facts = await YearFactsQuery.LoadAsync(db, today.Year, TestContext.Current.CancellationToken);
        var judged = Judge.Year(facts, JudgementPoint.Live(today), thresholds).Tasks;
        Assert.Equal(taskCount, judged.Count);
        await Assertions.Expect(page.Locator("[data-testid=count-total] .stat-value")).ToHaveTextAsync(judged.Count(j => j.IsCounted).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lights = judged.GroupBy(j => j.Light).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(lights.Count >= 4, "the demo city should show most lights: " + string.Join(", ", lights));
        foreach (var (testId, light) in new[] { ("count-done", TrafficLight.Done), ("count-green", TrafficLight.Green), ("count-yellow", TrafficLight.Yellow), ("count-red", TrafficLight.Red), ("count-unreported", TrafficLight.Unreported), ("count-cancelled", TrafficLight.Cancelled) })
        {
            await Assertions.Expect(page.Locator($"[data-testid={testId}] .stat-value"))
                .ToHaveTextAsync(lights.GetValueOrDefault(light).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The shell: the five sections in order (with 待办 and 消息 between them), dates written the Chinese way.
        var nav = await page.Locator(".mud-navmenu .mud-nav-link-text").AllInnerTextsAsync();
        Assert.Equal(["看板", "台账", "反馈", "报表", "管理"], nav.Select(t => t.Trim()).Where(t => t is "看板" or "台账" or "反馈" or "报表" or "管理"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync($"{today.Year}年{today.Month}月{today.Day}日");

        await Assertions.Expect(page.Locator(".user-name")).ToHaveTextAsync("赵文清");
        await Assertions.Expect(page.Locator(".user-role")).ToHaveTextAsync("督查员");
        await Screenshots.TakeAsync(page, "home-inspector.png");
    }

    [Fact]
    public async Task Wrong_password_is_refused_in_chinese()
    {
        var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/account/login");
        await page.FillAsync("#username", "inspector");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator(".login-error")).ToHaveTextAsync("用户名或密码不正确。");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_the_login_page()
    {
        var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/tasks");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?returnUrl=%2Ftasks", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Health_endpoint_answers_200()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(app.BaseUrl + "/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        // It names the node and the database provider, so a load balancer or a person can tell the nodes apart.
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(Environment.MachineName, json.RootElement.GetProperty("node").GetString());
        Assert.Equal("sqlite", json.RootElement.GetProperty("database").GetString());
    }
}

[Collection(BrowserCollection.Name)]
public sealed class UnitHomePageTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    [Fact]
    public async Task Unit_operator_sees_only_the_tasks_of_its_own_unit()
    {
        int all;
        int own;
        int unitId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            unitId = await db.Units.Where(u => u.Name == "澜江高新技术产业开发区").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
            all = await db.Tasks.CountAsync(TestContext.Current.CancellationToken);
            own = await db.Tasks.CountAsync(t => t.LeadUnitId == unitId || t.AssistingUnits.Any(a => a.UnitId == unitId), TestContext.Current.CancellationToken);
        }

        // 任务总数 counts the unit's judged tasks (not 待交办 or 未到报送期, which other tests on the shared app may add).
        var judgement = app.Services.GetRequiredService<JudgementService>();
        var judged = await judgement.JudgeAsync(judgement.Today.Year, (DateOnly?)null, TestContext.Current.CancellationToken);
        var counted = judged.Tasks.Count(j => j.IsCounted && j.Task.Involves(unitId));
        var listed = judged.Tasks.Count(j => j.Task.Involves(unitId));
        Assert.InRange(counted, 1, listed);
        Assert.InRange(listed, counted, own);
        Assert.InRange(own, 1, all - 1);
        var page = await app.SignInAsync("gxq.operator");

        await Assertions.Expect(page.Locator("[data-testid=count-total] .stat-value")).ToHaveTextAsync(counted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator(".user-role")).ToHaveTextAsync("单位联络员");
        await page.GotoAsync(app.BaseUrl + "/tasks");
        await Assertions.Expect(page.Locator("[data-testid=ledger] tbody tr")).ToHaveCountAsync(listed);
    }
}
