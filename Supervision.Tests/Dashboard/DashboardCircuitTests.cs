using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Dashboard;
using Supervision.Tests.Browser;
using Supervision.Web.Security;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// On an app of its own (<see cref="CircuitBrowserCollection"/>): the test counts every dashboard subscription and
/// circuit of its app. The memory one circuit holds is measured by the benchmarks
/// (<c>Supervision.Benchmarks -- dashboard-memory</c>): a heap figure needs a process to itself.
/// </summary>
[Collection(CircuitBrowserCollection.Name)]
public sealed class DashboardCircuitTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    [Fact]
    public async Task Leaving_the_dashboard_releases_its_subscription_coming_back_resubscribes_in_the_same_circuit_and_closing_the_page_ends_it()
    {
        (string Account, int Pages)[] accounts = [("admin", 2), ("inspector", 1)];
        var service = app.Services.GetRequiredService<DashboardService>();
        var registry = app.Services.GetRequiredService<CircuitRegistry>();

        var warm = await app.SignInAsync("leader");
        await OpenDashboardAsync(warm);
        var subscribedBefore = service.SubscriberCount;

        var pages = new List<IPage>();
        foreach (var (account, count) in accounts)
        {
            for (var i = 0; i < count; i++)
            {
                var page = await app.SignInAsync(account);
                await OpenDashboardAsync(page);
                await page.EvaluateAsync("() => window.__sameCircuit = true");
                pages.Add(page);
            }
        }

        var circuits = pages.Count;
        var openBefore = registry.All.Count - circuits;
        Assert.Equal(subscribedBefore + circuits, service.SubscriberCount);

        // Leaving the dashboard inside the same circuit (the menu's 消息) disposes it and releases its subscription.
        foreach (var page in pages)
        {
            await page.Locator("a[href='/notifications']").First.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/notifications");
            await Assertions.Expect(page.Locator("[data-testid=office-dashboard]")).ToHaveCountAsync(0);
        }

        await WaitForAsync(() => service.SubscriberCount == subscribedBefore);
        Assert.Equal(subscribedBefore, service.SubscriberCount);

        // … and coming back opens it again in the same circuit.
        foreach (var page in pages)
        {
            await page.Locator("a[href='/']").First.ClickAsync();
            await OpenDashboardAsync(page);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameCircuit === true"), "the menu must navigate inside the circuit");
        }

        Assert.Equal(subscribedBefore + circuits, service.SubscriberCount);

        // Closing the pages ends their circuits at once (the browser says goodbye), subscriptions and all.
        foreach (var page in pages)
            await page.CloseAsync(new() { RunBeforeUnload = true });
        await WaitForAsync(() => registry.All.Count == openBefore && service.SubscriberCount == subscribedBefore, seconds: 30);
        Assert.Equal(subscribedBefore, service.SubscriberCount);
        Assert.Equal(openBefore, registry.All.Count);

        foreach (var page in pages)
            await page.Context.DisposeAsync();
        await warm.Context.DisposeAsync();
    }

    // Polls server state (no event to await); returns as soon as it holds, the assertion after it says what failed.
    private static async Task WaitForAsync(Func<bool> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++)
            await Task.Delay(50, TestContext.Current.CancellationToken);
    }

    private static async Task OpenDashboardAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=office-dashboard]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=group-Unit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Unit");
    }
}
