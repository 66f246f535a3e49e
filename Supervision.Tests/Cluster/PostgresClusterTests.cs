using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Core.Cluster;
using Supervision.Core.Dashboard;
using Supervision.Core.Judging;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;
using Supervision.Tests.Dashboard;


namespace Supervision.Tests.Cluster;

/// <summary>
/// What lets several web nodes share one PostgreSQL database, with each "node" an instance of the real service in
/// this process on its own connections: the change feed over LISTEN/NOTIFY, the notification counts, the job leases.
/// </summary>
public sealed class PostgresClusterTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_committed_anywhere_reaches_the_subscribers_of_every_node_once_committed()
    {
        await using var nodes = new Nodes();
        await using var live = await LiveDatabase.CreateAsync(DatabaseProvider.Postgres, db => nodes.Add("a", db.Settings).Feed);
        var b = nodes.Add("b", live.Database.Settings);
        nodes.StartAll();
        await nodes.ListeningAsync();
        var seenByA = new Seen();
        var seenByB = new Seen();
        using var onA = nodes["a"].Feed.Subscribe(seenByA.Add);
        using var onB = b.Feed.Subscribe(seenByB.Add);

        await live.AcceptReportAsync(new DateTime(2026, 4, 7, 2, 0, 0, DateTimeKind.Utc));
        // Node a, which made the change, knows it as soon as the save returns: no round trip through the database.
        Assert.Contains(seenByA.All, n => n.Action == "report.accepted");

        var atB = await seenByB.WaitForAsync("report.accepted");
        var atA = await seenByA.WaitForAsync("report.accepted");
        Assert.Equal(live.TaskId, atB.TaskId);
        Assert.Equal(new DateTime(2026, 4, 7, 2, 0, 0, DateTimeKind.Utc), atB.OccurredAt);
        Assert.Equal(atA, atB);
        await using var db = live.CreateDbContext();
        Assert.Equal("report.accepted", db.AuditEvents.Single(e => e.Id == atB.EventId).Action);
    }

    [Fact]
    public async Task The_judged_model_on_one_node_drops_what_a_change_through_another_node_made_stale()
    {
        await using var nodes = new Nodes();
        await using var live = await LiveDatabase.CreateAsync(DatabaseProvider.Postgres, db => nodes.Add("a", db.Settings).Feed);
        var b = nodes.Add("b", live.Database.Settings);
        nodes.StartAll();
        await nodes.ListeningAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));
        using var judgedOnB = TestJudgement.For(live, b.Feed, clock);
        var point = judgedOnB.PointFor(null);
        var stale = (await judgedOnB.JudgeAsync(2026, point, Ct)).Tasks.Single(t => t.Task.Id == live.TaskId).Light;
        var generation = judgedOnB.Generation;

        // Node a writes; node b's cache hears of it only through the database.
        await live.AcceptReportAsync(new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc));
        await Until(() => judgedOnB.Generation > generation);

        using var fresh = TestJudgement.For(live, new InProcessChangeFeed(), clock);
        var now = (await fresh.JudgeAsync(2026, point, Ct)).Tasks.Single(t => t.Task.Id == live.TaskId).Light;
        Assert.NotEqual(stale, now);
        Assert.Equal(now, (await judgedOnB.JudgeAsync(2026, point, Ct)).Tasks.Single(t => t.Task.Id == live.TaskId).Light);
    }

    [Fact]
    public async Task A_notice_missed_while_the_connection_was_down_makes_the_dashboard_reload_in_full()
    {
        await using var nodes = new Nodes();
        // The accept goes through node a; node b is the one cut off.
        await using var live = await LiveDatabase.CreateAsync(DatabaseProvider.Postgres, db => nodes.Add("a", db.Settings).Feed);
        var b = nodes.Add("b", live.Database.Settings, retry: TimeSpan.FromSeconds(2));
        nodes.StartAll();
        await nodes.ListeningAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));
        using var judgement = TestJudgement.For(live, b.Feed, clock);
        using var dashboard = new DashboardService(judgement, live, clock, new StaticOptions<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);
        var stale = await LightAsync(dashboard, live.TaskId);
        var seen = new Seen();
        using var subscription = b.Feed.Subscribe(seen.Add);
        var resyncs = b.Feed.Resyncs;

        // The database drops the node's connection (a restart looks the same from here); the accept is announced to nobody.
        await TerminateAsync(live.Database, "supervision:b:listen");
        await Until(() => !b.Feed.IsListening);
        await live.AcceptReportAsync(new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc));
        await Until(() => b.Feed.IsListening && b.Feed.Resyncs > resyncs);

        Assert.DoesNotContain(seen.All, n => n.Action == "report.accepted");
        Assert.Contains(seen.All, n => n.Action == ChangeNotice.ResyncAction);
        // What a dashboard built from scratch shows now, which the accept changed.
        using var freshJudgement = TestJudgement.For(live, new InProcessChangeFeed(), clock);
        using var fresh = new DashboardService(freshJudgement, live, clock, new StaticOptions<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);
        var now = await LightAsync(fresh, live.TaskId);
        Assert.NotEqual(stale, now);
        Assert.Equal(now, await LightAsync(dashboard, live.TaskId));
    }

    [Fact]
    public async Task A_notification_saved_through_one_node_reaches_the_centre_of_every_node_and_each_is_told_once()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var nodes = new Nodes();
        var a = nodes.Add("a", db.Settings);
        var b = nodes.Add("b", db.Settings);
        nodes.StartAll();
        await nodes.ListeningAsync();
        var toldA = 0;
        var toldB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var officeOnB = 0;
        using var unitOnA = a.Center.Subscribe(Audience.OfUnit(7), () => { Interlocked.Increment(ref toldA); return Task.CompletedTask; });
        using var unitOnB = b.Center.Subscribe(Audience.OfUnit(7), () => { toldB.TrySetResult(); return Task.CompletedTask; });
        using var office = b.Center.Subscribe(Audience.Office, () => { Interlocked.Increment(ref officeOnB); return Task.CompletedTask; });

        var laterOnA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var otherUnitOnA = a.Center.Subscribe(Audience.OfUnit(9), () => { laterOnA.TrySetResult(); return Task.CompletedTask; });

        // Each node's saves publish on its own feed, as each web node's contexts do.
        await SaveNotificationAsync(db.Settings, a.Feed, 7);
        // Node a's own subscriber is told as soon as the save returns.
        Assert.Equal(1, Volatile.Read(ref toldA));
        await toldB.Task.WaitAsync(_patience, Ct);
        // A later change from b reaches a after a's own echo of the first one (notices arrive in commit order).
        await SaveNotificationAsync(db.Settings, b.Feed, 9);
        await laterOnA.Task.WaitAsync(_patience, Ct);

        // Node a's own subscriber was not told again by its echo; other audiences were not told.
        Assert.Equal(1, Volatile.Read(ref toldA));
        Assert.Equal(0, Volatile.Read(ref officeOnB));
    }

    [Fact]
    public async Task A_notification_rolled_back_on_one_node_is_announced_on_none()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var nodes = new Nodes();
        var a = nodes.Add("a", db.Settings);
        var b = nodes.Add("b", db.Settings);
        nodes.StartAll();
        await nodes.ListeningAsync();
        var toldA = 0;
        var toldB = 0;
        var laterOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var unitOnA = a.Center.Subscribe(Audience.OfUnit(7), () => { Interlocked.Increment(ref toldA); return Task.CompletedTask; });
        using var unitOnB = b.Center.Subscribe(Audience.OfUnit(7), () => { Interlocked.Increment(ref toldB); return Task.CompletedTask; });
        using var leadersOnB = b.Center.Subscribe(Audience.CityLeaders, () => { laterOnB.TrySetResult(); return Task.CompletedTask; });

        await using (var context = db.Settings.CreateContext(new ChangeFeedInterceptor(a.Feed)))
        {
            await using var transaction = await context.Database.BeginTransactionAsync(Ct);
            context.Add(new Notification(7, NotificationKind.Task, "不会送达", "事务回滚。", null, null, DateTime.UtcNow));
            await context.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        // A later notification from a reaches b: had the rolled-back one been sent, it would have arrived before it.
        await SaveNotificationAsync(db.Settings, a.Feed, null, leaders: true);
        await laterOnB.Task.WaitAsync(_patience, Ct);
        Assert.Equal(0, Volatile.Read(ref toldA));
        Assert.Equal(0, Volatile.Read(ref toldB));
    }

    private static async Task SaveNotificationAsync(DatabaseSettings database, IChangeFeed feed, int? unitId, bool leaders = false)
    {
        await using var context = database.CreateContext(new ChangeFeedInterceptor(feed));
        context.Add(new Notification(unitId, NotificationKind.Task, "测试消息", "检验跨节点送达。", null, null, DateTime.UtcNow, forLeaders: leaders));
        await context.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task A_job_runs_on_one_node_and_moves_to_another_when_that_node_is_gone()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var a = new PostgresJobLeases(db.Settings, new ClusterOptions { NodeName = "a" }, NullLogger<PostgresJobLeases>.Instance);
        await using var b = new PostgresJobLeases(db.Settings, new ClusterOptions { NodeName = "b" }, NullLogger<PostgresJobLeases>.Instance);

        Assert.True(await a.HoldAsync(JobNames.Chasing, Ct));
        Assert.False(await b.HoldAsync(JobNames.Chasing, Ct));
        Assert.True(await b.HoldAsync(JobNames.Backups, Ct));
        Assert.True(await a.HoldAsync(JobNames.Chasing, Ct));

        // Node a dies: the server ends its sessions, and with them its locks.
        await TerminateAsync(db, "supervision:a:job:chasing");

        Assert.True(await b.HoldAsync(JobNames.Chasing, Ct));
        Assert.False(await a.HoldAsync(JobNames.Chasing, Ct));
        Assert.Equal([JobNames.Backups, JobNames.Chasing], b.Held);
        Assert.Empty(a.Held);
    }

    private static async Task<TrafficLight> LightAsync(DashboardService dashboard, int taskId) =>
        (await dashboard.GetAsync(TestData.Inspector, new DashboardRequest(), Ct)).Model.Board.SelectMany(g => g.Tiles).Single(t => t.TaskId == taskId).Light;

    private static async Task TerminateAsync(TestDatabase db, string applicationName)
    {
        await using var connection = (NpgsqlConnection)await db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
    }

    private static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow + _patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the state was not reached in time");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>Notices a subscriber received, to wait on.</summary>
    private sealed class Seen
    {
        private readonly List<ChangeNotice> _all = [];

        public IReadOnlyList<ChangeNotice> All
        {
            get
            {
                lock (_all)
                    return _all.ToList();
            }
        }

        public void Add(IReadOnlyList<ChangeNotice> batch)
        {
            lock (_all)
                _all.AddRange(batch);
        }

        public async Task<ChangeNotice> WaitForAsync(string action)
        {
            ChangeNotice? found = null;
            await Until(() => (found = All.FirstOrDefault(n => n.Action == action)) is not null);
            return found!;
        }
    }

    /// <summary>In-process stand-ins for web nodes: each has its notification centre and change feed.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private readonly Dictionary<string, (PostgresChangeFeed Feed, NotificationCenter Center)> _nodes = [];

        public (PostgresChangeFeed Feed, NotificationCenter Center) this[string name] => _nodes[name];

        public (PostgresChangeFeed Feed, NotificationCenter Center) Add(string name, DatabaseSettings database, TimeSpan? retry = null)
        {
            var feed = new PostgresChangeFeed(database, new ClusterOptions { NodeName = name }, TimeProvider.System, NullLogger<PostgresChangeFeed>.Instance, NullLogger<InProcessChangeFeed>.Instance)
            {
                RetryDelay = retry ?? TimeSpan.FromMilliseconds(250),
            };
            var center = new NotificationCenter(feed);
            _nodes[name] = (feed, center);
            return (feed, center);
        }

        public void StartAll()
        {
            foreach (var (feed, _) in _nodes.Values)
                feed.Start();
        }

        public Task ListeningAsync() => Until(() => _nodes.Values.All(n => n.Feed.IsListening));

        public async ValueTask DisposeAsync()
        {
            foreach (var (feed, center) in _nodes.Values)
            {
                center.Dispose();
                await feed.DisposeAsync();
            }
        }
    }

    private sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
