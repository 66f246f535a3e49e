using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Supervision.Core.Audit;
using Supervision.Core.Cluster;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Tests.Browser;
using Supervision.Tests.Security;
using Supervision.Web.Hosting;
using Xunit.Sdk;
using Xunit.v3;

namespace Supervision.Tests.Cluster;

/// <summary>
/// The cluster people try with <c>scripts/cluster.sh</c>, started by that script: two real app processes on one
/// PostgreSQL database (an empty one of the test run's server, which the nodes migrate and seed as they start together)
/// and nginx in front, driven by Debian's chromium. The tests run in the order written: the last one kills a node.
/// </summary>
[TestCaseOrderer(typeof(SourceOrder))]
public sealed class TwoNodeTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    // Each accept must reach both dashboards; five show that it is every one, not a lucky first. The latency figures
    // are the live bench's (README 看板); 20 accepts made this the suite's second slowest test.
    private const int Accepts = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_and_a_form_made_by_one_node_are_accepted_by_the_other()
    {
        // The browser signs in on node 1 and opens a page of node 2 with the same cookie: signed in, and live.
        var page = await cluster.SignInAsync(cluster.First, "inspector", "/notifications");
        await page.GotoAsync(cluster.Second + "/tasks");
        await AppFixture.WaitUntilInteractiveAsync(page);
        Assert.Equal(cluster.Second + "/tasks", page.Url);
        await Assertions.Expect(page.Locator("[data-testid=task-number]").First).ToBeVisibleAsync();
        await page.Context.DisposeAsync();

        // The sign-in form comes from node 2, its antiforgery token is posted to node 1.
        using var session = new HttpSession(cluster.Second);
        var token = await session.TokenOfAsync("/account/login");
        var posted = await session.Client.PostAsync(cluster.First + "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = "leader",
            ["Input.Password"] = DemoAccounts.DefaultPassword,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var onSecond = await session.Client.GetAsync(cluster.Second + "/tasks", Ct);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
    }

    [Fact]
    public async Task A_report_accepted_through_one_node_repaints_a_dashboard_open_on_the_other()
    {
        var reports = await SubmittedReportsAsync(Accepts);
        // Dashboards open on the other node (what the test is about) and, for comparison, on the accepting node itself.
        var watcher = await WatchActivityAsync(cluster.Second);
        var local = await WatchActivityAsync(cluster.First);

        var inspector = await cluster.SignInAsync(cluster.First, "inspector", "/notifications");
        var clicked = new List<double>();
        var repainted = new List<double>();
        var repaintedLocally = new List<double>();
        foreach (var (taskId, reportId) in reports)
        {
            await inspector.GotoAsync($"{cluster.First}/feedback/{reportId}");
            await inspector.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            clicked.Add(await inspector.EvaluateAsync<double>("() => Date.now()"));
            await inspector.Locator("[data-testid=btn-accept]").ClickAsync();
            repainted.Add(await SeenAsync(watcher, taskId));
            repaintedLocally.Add(await SeenAsync(local, taskId));
        }

        await using (var db = cluster.Database.CreateContext())
        {
            var ids = reports.Select(x => x.ReportId).ToList();
            Assert.Equal(Accepts, await db.Reports.CountAsync(r => ids.Contains(r.Id) && r.Revisions.Any(v => v.State == RevisionState.Accepted), Ct));
        }

        var (median, slowest) = Stats(repainted.Select((r, i) => r - clicked[i]));
        var (localMedian, localSlowest) = Stats(repaintedLocally.Select((r, i) => r - clicked[i]));
        var summary = $"accept → repaint over {Accepts} accepts: on the other node median {median:F0} ms, slowest {slowest:F0} ms; on the accepting node median {localMedian:F0} ms, slowest {localSlowest:F0} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Directory.CreateDirectory(Screenshots.Folder);
        await File.WriteAllTextAsync(Path.Combine(Screenshots.Folder, "two-node-latency.txt"), summary + "\n", Ct);

        // The latency is reported (above, and in the screenshots folder), not asserted: a time limit in a test fails on a
        // busy machine, not on slow code (p95 2.3 s with the suite saturating both cores). What is asserted is that
        // every accept reached both dashboards (SeenAsync waits on the state).
        await watcher.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.TakeAsync(watcher, "two-node-dashboard.png");
        foreach (var page in new[] { watcher, local, inspector })
            await page.Context.DisposeAsync();
    }

    /// <summary>A 市领导's dashboard on <paramref name="node"/> that notes, by the browser's clock, when a line about a task joins 最新动态.</summary>
    private async Task<IPage> WatchActivityAsync(string node)
    {
        var page = await cluster.SignInAsync(node, "leader");
        await Assertions.Expect(page.Locator("[data-testid=activity]")).ToBeVisibleAsync();
        await page.EvaluateAsync("""
            () => {
                window.__seen = {};
                new MutationObserver(records => {
                    const now = Date.now();
                    for (const r of records)
                        for (const n of r.addedNodes)
                            if (n.nodeType === 1)
                                for (const li of [n, ...n.querySelectorAll('li')])
                                    if (li.matches && li.matches('[data-testid=activity-item][data-task]') && !(li.dataset.task in window.__seen))
                                        window.__seen[li.dataset.task] = now;
                }).observe(document.body, { childList: true, subtree: true });
            }
            """);
        return page;
    }

    private static async Task<double> SeenAsync(IPage page, int taskId)
    {
        await page.WaitForFunctionAsync($"() => window.__seen['{taskId}'] !== undefined", null, new() { Timeout = 10_000 });
        return await page.EvaluateAsync<double>($"() => window.__seen['{taskId}']");
    }

    private static (double Median, double Slowest) Stats(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2], sorted[^1]);
    }

    [Fact]
    public async Task Killing_the_node_that_runs_the_jobs_leaves_the_other_serving_with_the_jobs_and_every_acknowledged_write()
    {
        var (first, second) = await cluster.JobHolderFirstAsync();
        var signedInOnFirst = await cluster.SignInAsync(first, "leader", "/notifications");
        long before;
        await using (var db = cluster.Database.CreateContext())
            before = await db.AuditEvents.CountAsync(e => e.Action == AccessActions.LoginSucceeded, Ct);

        // Sign-ins through the doomed node, one after another; each answered with the redirect is acknowledged.
        var acknowledged = 0;
        var failed = 0;
        var writing = Task.Run(async () =>
        {
            while (failed < 3)
            {
                using var session = new HttpSession(first);
                try
                {
                    var response = await session.PostLoginAsync("inspector", DemoAccounts.DefaultPassword);
                    if (response.StatusCode == HttpStatusCode.Redirect)
                        Interlocked.Increment(ref acknowledged);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                {
                    failed++;
                }
            }
        }, Ct);
        while (Volatile.Read(ref acknowledged) < 5)
            await Task.Delay(10, Ct);
        cluster.Kill(first);
        await writing;

        // The other node serves, also through nginx, to the browser that signed in on the dead one.
        Assert.Equal(second, await cluster.NodeAnsweringAsync(cluster.Entry));
        await signedInOnFirst.GotoAsync(second + "/");
        await Assertions.Expect(signedInOnFirst.Locator("[data-testid=office-dashboard]")).ToBeVisibleAsync();
        // It takes the jobs over within one interval of its job loop.
        var jobs = await cluster.JobsAsync(second, [JobNames.Chasing, JobNames.Webhooks, JobNames.AuditCheckpoint]);
        Assert.Contains(JobNames.Chasing, jobs);

        await using (var db = cluster.Database.CreateContext())
            Assert.True(await db.AuditEvents.CountAsync(e => e.Action == AccessActions.LoginSucceeded, Ct) - before >= acknowledged);
        Assert.True((await AuditVerifier.VerifyAsync(cluster.Database, [], Ct)).Intact);
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged} sign-ins acknowledged by {first} before it was killed; {second} took over {string.Join(", ", jobs)}");
        await signedInOnFirst.Context.DisposeAsync();
    }

    // In-progress tasks without an indicator, each with a 100% report for a period it has not reported, sent up the
    // unit's chain: accepting one adds a line to 最新动态.
    private async Task<List<(int TaskId, int ReportId)>> SubmittedReportsAsync(int count)
    {
        await using var db = cluster.Database.CreateContext();
        var tasks = await db.Tasks.Where(t => t.State == TaskState.InProgress && t.Indicator == null).OrderBy(t => t.Id).ToListAsync(Ct);
        var result = new List<(int, int)>();
        foreach (var task in tasks)
        {
            var used = await db.Reports.Where(r => r.TaskId == task.Id).Select(r => r.PeriodKey).ToListAsync(Ct);
            var today = ChinaTime.Today(TimeProvider.System);
            var period = ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).FirstOrDefault(p => !used.Contains(p.Key) && p.Start <= today);
            if (period is null)
                continue;
            var unit = new Actor("cluster-test", "联络员", new HashSet<string> { Roles.UnitOperator, Roles.UnitSupervisor, Roles.UnitPrincipal }, task.LeadUnitId);
            var at = DateTime.UtcNow.AddMinutes(-1);
            var report = ProgressReport.Open(task, period, new ReportContent("已全面完成。", null, null, 100, null), unit, at);
            report.SendForReview(unit, at);
            report.ApproveAsSupervisor(unit, at, null);
            report.ApproveAsPrincipal(unit, at, null);
            db.Reports.Add(report);
            await db.SaveChangesAsync(Ct);
            result.Add((task.Id, report.Id));
            if (result.Count == count)
                return result;
        }

        throw new InvalidOperationException($"演示数据中只有{result.Count}项任务可以报送新的一期进展");
    }
}

/// <summary>Runs a class's tests in the order they are written (a later test may depend on an earlier one's state).</summary>
public sealed class SourceOrder : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        testCases.OrderBy(t => t.SourceLineNumber ?? int.MaxValue).ToList();
}

/// <summary>
/// <c>scripts/cluster.sh</c> with free ports, a temporary directory and an empty database on the test run's PostgreSQL
/// server; the job loop runs every 3 s so that a job moves quickly. Stopped with <c>scripts/cluster.sh stop</c>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supervision-cluster-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Dictionary<string, string> _environment = [];
    private readonly List<string> _nodes = [];
    private TestDatabase? _db;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Entry { get; private set; } = "";

    public string First => _nodes[0];

    public string Second => _nodes[1];

    public DatabaseSettings Database => _db!.Settings;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        var ports = FreePorts(3);
        Entry = $"http://127.0.0.1:{ports[0]}";
        _nodes.AddRange(ports.Skip(1).Select(p => $"http://127.0.0.1:{p}"));
        _environment["CLUSTER_DIR"] = _directory;
        _environment["CLUSTER_PORT"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["CLUSTER_NODE_PORTS"] = $"{ports[1]} {ports[2]}";
        _environment["CLUSTER_DATABASE"] = _db.ConnectionString;
        _environment["CLUSTER_NO_BUILD"] = "1";
        _environment["CLUSTER_APP_ARGS"] = "--Chasing:Interval=00:00:03";
        await RunScriptAsync("start");

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A new browser context signed in on <paramref name="node"/>.</summary>
    public Task<IPage> SignInAsync(string node, string userName, string path = "/") => AppFixture.SignInAsync(_browser!, node, userName, path: path);

    /// <summary>The nodes with the one running the jobs first, once one does.</summary>
    public async Task<(string First, string Second)> JobHolderFirstAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            foreach (var node in _nodes)
            {
                if ((await HealthAsync(node)).GetProperty("jobs").EnumerateArray().Any(j => j.GetString() == JobNames.Chasing))
                    return (node, _nodes.Single(n => n != node));
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("没有节点在运行督办任务");
    }

    /// <summary>Waits until <paramref name="node"/> runs all of <paramref name="jobs"/>; returns what it runs.</summary>
    public async Task<IReadOnlyList<string>> JobsAsync(string node, IReadOnlyList<string> jobs)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var held = (await HealthAsync(node)).GetProperty("jobs").EnumerateArray().Select(j => j.GetString()!).ToList();
            if (jobs.All(held.Contains) || DateTime.UtcNow > until)
                return held;
            await Task.Delay(200);
        }
    }

    /// <summary>The node that answers <c>/healthz</c> at <paramref name="url"/>.</summary>
    public async Task<string> NodeAnsweringAsync(string url)
    {
        var name = (await HealthAsync(url)).GetProperty("node").GetString();
        return _nodes[int.Parse(name!["node-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1];
    }

    /// <summary>kill -9 of a node's process.</summary>
    public void Kill(string node)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(_directory, $"node-{_nodes.IndexOf(node) + 1}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await RunScriptAsync("stop");
        if (_db is not null)
            await _db.DisposeAsync();
    }

    private static async Task<JsonElement> HealthAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(url + "/healthz"));
        return json.RootElement.Clone();
    }

    private async Task RunScriptAsync(string verb)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Supervision.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Supervision.sln not found above the test assembly");
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "cluster.sh"), verb])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/cluster.sh {verb} exited {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
