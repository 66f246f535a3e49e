using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Dashboard;
using Supervision.Tests.Browser;
using Supervision.Web.Security;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// Alone: a collection that runs after all the others and never beside them, on its own app, so that the managed
/// heap measured holds this app's circuits and not whatever the tests running in parallel happen to allocate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardMemoryCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "dashboard-memory";
}

[Collection(DashboardMemoryCollection.Name)]
public sealed class DashboardMemoryTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_open_dashboard_circuit_holds_a_bounded_amount_of_server_memory_and_releases_its_subscription()
    {
        // Five circuits is the most one account may hold (security settings): three office accounts give fifteen,
        // the first of them the warm-up's.
        (string Account, int Pages)[] accounts = [("admin", 5), ("inspector", 5), ("leader", 4)];
        var service = app.Services.GetRequiredService<DashboardService>();

        // One dashboard first, so the shared cache (the year's data, judged once) is not counted per circuit.
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
        var registry = app.Services.GetRequiredService<CircuitRegistry>();
        var openBefore = registry.All.Count - circuits;
        Assert.Equal(subscribedBefore + circuits, service.SubscriberCount);

        // Leaving the dashboard inside the same circuit (the menu's 消息) disposes it and releases its subscription.
        foreach (var page in pages)
        {
            await page.Locator("a[href='/notifications']").First.ClickAsync();
            await page.WaitForURLAsync(app.BaseUrl + "/notifications");
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
        var withDashboards = SettledHeap();

        // Closing the pages ends their circuits at once (the browser says goodbye); what the heap loses then is what
        // they held.
        foreach (var page in pages)
            await page.CloseAsync(new() { RunBeforeUnload = true });
        await WaitForAsync(() => registry.All.Count == openBefore && service.SubscriberCount == subscribedBefore, seconds: 30);
        Assert.Equal(subscribedBefore, service.SubscriberCount);
        var closed = SettledHeap();

        // Only this short window gives a steady figure (880-950 KB in our runs); a comparison with the heap minutes
        // earlier, or across the navigation away from the dashboard, moved by a few hundred KB per circuit either way.
        var perCircuit = (withDashboards - closed) / circuits;
        var line = $"dashboard circuit: {perCircuit / 1024.0:0} KB per open office dashboard circuit (managed heap after full GC released when " +
            $"{circuits} circuits of the demo city closed; layout, MudBlazor, SignalR and the dashboard's render tree; the shared dashboard cache not included)";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Directory.CreateDirectory(Screenshots.Folder);
        await File.WriteAllTextAsync(Path.Combine(Screenshots.Folder, "dashboard-memory.txt"), line + Environment.NewLine, Ct);
        // A live dashboard keeps its component tree and render state on the server: tens of KB at the least, and it
        // must stay far below what would make a few hundred open wall screens and desks a problem.
        Assert.Equal(openBefore, registry.All.Count);
        Assert.InRange(perCircuit, 32 * 1024, 4 * 1024 * 1024);

        foreach (var page in pages)
            await page.Context.DisposeAsync();
        await warm.Context.DisposeAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition, int seconds = 5)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++)
            await Task.Delay(50, Ct);
    }

    private static async Task OpenDashboardAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=office-dashboard]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=group-Unit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Unit");
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
