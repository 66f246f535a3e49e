using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Dashboard;
using Supervision.Tests.Browser;
using Supervision.Web.Hosting;
using Supervision.Web.Security;

namespace Supervision.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Supervision.Benchmarks -- dashboard-memory</c>: the server memory one open office
/// dashboard circuit holds. The real app runs in this process (so its managed heap can be read) on the seeded demo city,
/// with fourteen dashboards open in Debian's chromium; the figure is what the heap loses, after a full GC, when they
/// close. It was a test until the suite had to get fast: a heap figure needs the process to itself, which a test run
/// cannot give. The behaviour around it (subscriptions released, circuits ended) is still tested:
/// DashboardCircuitTests in Supervision.Tests.
/// </summary>
internal static class DashboardMemoryBench
{
    public static async Task<int> RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "supervision-memory-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var app = SupervisionHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--ConnectionStrings:Supervision", $"Data Source={Path.Combine(directory, "supervision.db")}",
            "--Reporting:AuditKeyFile", Path.Combine(directory, "keys", "audit-signing.key"),
            "--Security:SignInPerClientPerMinute", "1000",
            "--Security:SignInPerAccountPerMinute", "1000",
        ]);
        try
        {
            if (!await SupervisionHost.PrepareAsync(app))
                throw new InvalidOperationException("数据库准备失败");
            await app.StartAsync();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright, Chromium.Executable);

            // Five circuits is the most one account may hold (security settings): three office accounts give
            // fifteen, the first of them the warm-up's, which keeps the shared cache (the year's data, judged once)
            // out of the per-circuit figure.
            (string Account, int Pages)[] accounts = [("admin", 5), ("inspector", 5), ("leader", 4)];
            var service = app.Services.GetRequiredService<DashboardService>();
            var registry = app.Services.GetRequiredService<CircuitRegistry>();
            var warm = await SignInAsync(browser, baseUrl, "leader");
            await OpenDashboardAsync(warm);
            var subscribedBefore = service.SubscriberCount;
            var pages = new List<IPage>();
            foreach (var (account, count) in accounts)
            {
                for (var i = 0; i < count; i++)
                {
                    var page = await SignInAsync(browser, baseUrl, account);
                    await OpenDashboardAsync(page);
                    pages.Add(page);
                }
            }

            var openBefore = registry.All.Count - pages.Count;
            var withDashboards = SettledHeap();
            foreach (var page in pages)
                await page.CloseAsync(new() { RunBeforeUnload = true });
            for (var i = 0; i < 600 && (registry.All.Count != openBefore || service.SubscriberCount != subscribedBefore); i++)
                await Task.Delay(50);
            if (registry.All.Count != openBefore || service.SubscriberCount != subscribedBefore)
                throw new InvalidOperationException("the closed pages' circuits did not end within 30 s");
            var closed = SettledHeap();

            // A steady figure comes only from this short window (880-950 KB in our runs); comparing with the heap
            // minutes earlier, or across a navigation away from the dashboard, moved by a few hundred KB per circuit.
            var perCircuit = (withDashboards - closed) / pages.Count;
            Console.WriteLine($"dashboard circuit: {perCircuit / 1024.0:0} KB per open office dashboard circuit (managed heap after full GC released when " +
                $"{pages.Count} circuits of the demo city closed; layout, MudBlazor, SignalR and the dashboard's render tree; the shared dashboard cache not included)");
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            await warm.Context.DisposeAsync();
            // Tens of KB at the least (a live component tree), and far below what would make a few hundred open wall
            // screens and desks a problem.
            return perCircuit is >= 32 * 1024 and <= 4 * 1024 * 1024 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string user)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", DemoAccounts.DefaultPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/", new() { Timeout = 60_000 });
        return page;
    }

    // Clicking the chart grouping and seeing it change proves the dashboard's circuit is live.
    private static async Task OpenDashboardAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=office-dashboard]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-testid=group-Unit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=progress-chart]")).ToHaveAttributeAsync("data-grouping", "Unit", new() { Timeout = 60_000 });
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
