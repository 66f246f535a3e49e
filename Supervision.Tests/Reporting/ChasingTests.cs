using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Publishing;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Reporting;

public sealed class ChasingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Reminder_comes_three_days_before_the_due_date_and_only_once()
    {
        // 2026年4月2日: the March report is due 4月5日.
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 1, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await w.Chasing.RunAsync(Ct)).Reminders);

        w.Clock.Advance(TimeSpan.FromDays(1));
        var first = await w.Chasing.RunAsync(Ct);
        var second = await w.Chasing.RunAsync(Ct);

        Assert.Equal(1, first.Reminders);
        Assert.Equal(0, second.Reminders + second.Urges);
        var note = Assert.Single(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Kind == NotificationKind.Reminder);
        Assert.Equal("时限提醒：2026年3月进展3天后到期", note.Title);
        Assert.Equal((w.TaskId, "2026-03"), (note.TaskId!.Value, note.PeriodKey));
        Assert.Single((await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Chases, c => c.Level == ChaseLevel.Reminder);
    }

    [DatabaseFact]
    public async Task Overdue_report_is_urged_after_the_grace_days_unless_it_was_submitted()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 8, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await w.Chasing.RunAsync(Ct)).Urges); // 4月8日 = due + 3 grace days: not yet overdue

        w.Clock.Advance(TimeSpan.FromDays(1));
        var urged = await w.Chasing.RunAsync(Ct);
        Assert.Equal(1, urged.Urges);
        Assert.Equal(0, (await w.Chasing.RunAsync(Ct)).Urges);
        var urge = Assert.Single(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Kind == NotificationKind.Urge);
        Assert.Equal("催办：2026年3月进展逾期未报", urge.Title);

        await using var v = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        await v.SubmitAsync();
        v.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, (await v.Chasing.RunAsync(Ct)).Urges);
    }

    [DatabaseFact]
    public async Task Escalation_is_recorded_per_task_from_reminder_to_red_card()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        await w.Chasing.RunAsync(Ct);
        w.Clock.Advance(TimeSpan.FromDays(7));
        await w.Chasing.RunAsync(Ct);
        await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "限期报送3月进展", new DateOnly(2026, 4, 12), Ct);
        w.Clock.Advance(TimeSpan.FromDays(4));
        var overdue = await w.Chasing.RunAsync(Ct);
        await w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.Interview, "约谈单位主要负责人", Ct);
        await w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.RedCard, "亮红牌", Ct);

        Assert.Equal(1, overdue.OverdueOrders);
        Assert.Contains(await w.Notifications.ListAsync(w.Inspector, ct: Ct), n => n.Title == "督办单督办〔2026〕1号已逾期");
        var levels = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Chases.Select(c => c.Level).Distinct().Order();
        Assert.Equal([ChaseLevel.Reminder, ChaseLevel.Urge, ChaseLevel.SupervisionOrder, ChaseLevel.Interview, ChaseLevel.RedCard], levels);
    }

    [DatabaseFact]
    public async Task The_jobs_own_reminders_and_urges_are_notifications_and_ladder_rungs_not_audit_events_or_activity()
    {
        // 4月2日: February's report is overdue (催办) and March's is due in 3 days (时限提醒).
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        long before;
        await using (var db = w.Db.CreateDbContext())
            before = await db.AuditEvents.CountAsync(Ct);

        var run = await w.Chasing.RunAsync(Ct);

        Assert.Equal(1, run.Reminders);
        Assert.Equal(1, run.Urges);
        var kinds = (await w.Notifications.ListAsync(w.Operator, ct: Ct)).Select(n => n.Kind).Order();
        Assert.Equal([NotificationKind.Reminder, NotificationKind.Urge], kinds);
        var ladder = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Chases;
        Assert.Equal([ChaseLevel.Reminder, ChaseLevel.Urge], ladder.Select(c => c.Level).Order());
        Assert.All(ladder, c => Assert.Equal("系统", c.ByName));
        await using (var db = w.Db.CreateDbContext())
        {
            Assert.Equal(before, await db.AuditEvents.CountAsync(Ct));
            var feed = await DashboardActivity.LoadAsync(db, new DateOnly(2026, 4, 2), 20, Ct);
            Assert.DoesNotContain(feed, a => a.ActorName == "系统" || a.Action.StartsWith("chase.", StringComparison.Ordinal));
        }

        // What the inspector does about it is an act of a person: on the record and in the feed.
        await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "限期报送2月进展", new DateOnly(2026, 4, 10), Ct);
        await using (var db = w.Db.CreateDbContext())
        {
            var feed = await DashboardActivity.LoadAsync(db, new DateOnly(2026, 4, 2), 20, Ct);
            Assert.Equal("chase.supervisionorder", feed[0].Action);
            Assert.Equal(before + 1, await db.AuditEvents.CountAsync(Ct));
        }

        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Deadline_reminder_a_week_before_and_urge_after_it()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 12, 24, 2, 0, 0, TimeSpan.Zero));
        await w.Chasing.RunAsync(Ct);
        Assert.Contains(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Title == "时限提醒：2026-ZD-0017天后到期");

        w.Clock.Advance(TimeSpan.FromDays(9));
        await w.Chasing.RunAsync(Ct);
        Assert.Contains(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Title == "催办：2026-ZD-001已超过完成时限");
    }

    [DatabaseFact]
    public async Task Background_job_runs_again_when_the_fake_clock_passes_the_interval()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 3, 30, 2, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<IDbContextFactory<SupervisionDbContext>>(w.Db);
        services.AddSingleton<TimeProvider>(w.Clock);
        services.AddSingleton(w.Center);
        services.AddSingleton(w.Checkpoints);
        services.AddSingleton(Options.Create(Core.Rules.RuleThresholds.Default));
        services.AddSingleton(Options.Create(new ChasingOptions { Interval = TimeSpan.FromHours(1) }));
        services.AddScoped<ChasingService>();
        services.AddScoped<Core.Audit.AuditService>();
        services.AddLogging();
        services.AddHttpClient<WebhookSender>();
        await using var provider = services.BuildServiceProvider();
        var job = new ReportingJobs(provider.GetRequiredService<IServiceScopeFactory>(), w.Clock,
            Options.Create(new ChasingOptions { Interval = TimeSpan.FromHours(1) }), Options.Create(new ReportingOptions()),
            Options.Create(new OfficeOptions()), w.Center, new InProcessChangeFeed(), w.Audit, NullLogger<ReportingJobs>.Instance);

        await job.StartAsync(Ct);
        await WaitUntil(() => job.Runs >= 1);
        Assert.DoesNotContain(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Kind == NotificationKind.Reminder);
        Assert.Single(w.Checkpoints.ReadAll());

        // 4月2日: three days before the March report's due date.
        for (var hour = 0; hour < 72; hour++)
            w.Clock.Advance(TimeSpan.FromHours(1));
        await WaitUntil(() => job.Runs >= 2);
        await WaitUntil(() => w.Notifications.ListAsync(w.Operator, ct: Ct).Result.Any(n => n.Kind == NotificationKind.Reminder));
        await job.StopAsync(Ct);

        Assert.Contains(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Kind == NotificationKind.Reminder);
    }

    [DatabaseFact]
    public async Task Webhook_posts_robot_json_to_a_local_listener_once_and_retries_failures()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        using var robot = new RobotListener(failFirst: 1);

        await w.Notifications.SetWebhookAsync(w.Principal, w.Lead, robot.Url, true, null, Ct);
        Assert.Equal("只有督查室或本单位主要领导可以设置消息推送。", (await Assert.ThrowsAsync<Core.Domain.DomainException>(() => w.Notifications.SetWebhookAsync(w.Operator, w.Lead, "http://127.0.0.1/x", true, null, Ct))).Message);
        Assert.Contains("https://", (await Assert.ThrowsAsync<Core.Domain.DomainException>(() => w.Notifications.SetWebhookAsync(w.Principal, w.Lead, "ftp://x", true, null, Ct))).Message);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Chasing.RunAsync(Ct);
        using var http = new HttpClient();
        var sender = new WebhookSender(w.Db, http, w.Clock, NullLogger<WebhookSender>.Instance);

        // Two messages are due (February's 催办 and March's 时限提醒); the robot fails the first POST once.
        Assert.Equal(1, await sender.DeliverPendingAsync("澜江市委市政府督查室", Ct));
        Assert.Equal(1, await sender.DeliverPendingAsync("澜江市委市政府督查室", Ct));
        Assert.Equal(0, await sender.DeliverPendingAsync("澜江市委市政府督查室", Ct));
        var received = robot.Requests;
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.StartsWith("application/json", r.ContentType));
        var contents = received.Select(r =>
        {
            using var json = JsonDocument.Parse(r.Body);
            Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
            return json.RootElement.GetProperty("text").GetProperty("content").GetString()!;
        }).ToList();
        Assert.Contains(contents, c => c.StartsWith("【澜江市委市政府督查室·时限提醒】时限提醒：2026年3月进展3天后到期", StringComparison.Ordinal));
        Assert.Contains(contents, c => c.StartsWith("【澜江市委市政府督查室·催办】催办：2026年2月进展逾期未报", StringComparison.Ordinal));
        await using var db = w.Db.CreateDbContext();
        var pushed = await db.Set<Notification>().Where(n => n.RecipientUnitId == w.Lead).ToListAsync(Ct);
        Assert.Equal(2, pushed.Count);
        Assert.All(pushed, n => Assert.NotNull(n.PushedAt));
        Assert.Equal([1, 2], pushed.Select(n => n.PushAttempts).Order());
    }

    [DatabaseFact]
    public async Task A_stale_webhook_form_is_refused_and_the_other_persons_address_stays()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        await w.Notifications.SetWebhookAsync(w.Principal, w.Lead, "https://oapi.dingtalk.com/robot/send?access_token=first", true, null, Ct);
        var loaded = (await w.Notifications.WebhookAsync(w.Principal, w.Lead, Ct))!.Value;

        // The office changes the address while the unit's form is still open with the old version.
        await w.Notifications.SetWebhookAsync(w.Inspector, w.Lead, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=office", true, loaded.Version, Ct);
        var stale = await Assert.ThrowsAsync<Core.Domain.DomainException>(() =>
            w.Notifications.SetWebhookAsync(w.Principal, w.Lead, "https://oapi.dingtalk.com/robot/send?access_token=second", false, loaded.Version, Ct));
        // A second "first address" from a form that showed none is refused the same way.
        var blank = await Assert.ThrowsAsync<Core.Domain.DomainException>(() =>
            w.Notifications.SetWebhookAsync(w.Principal, w.Lead, "https://oapi.dingtalk.com/robot/send?access_token=third", true, null, Ct));

        Assert.Contains("已被他人修改", stale.Message);
        Assert.Equal(stale.Message, blank.Message);
        var now = (await w.Notifications.WebhookAsync(w.Principal, w.Lead, Ct))!.Value;
        Assert.Equal(("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=office", true), (now.Url, now.Enabled));
        Assert.Equal(loaded.Version + 1, now.Version);
    }

    [DatabaseFact]
    public async Task A_new_notification_is_pushed_to_the_robot_at_once_not_at_the_next_periodic_run()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        using var robot = new RobotListener();
        await w.Notifications.SetWebhookAsync(w.Principal, w.Lead, robot.Url, true, null, Ct);
        var services = new ServiceCollection();
        services.AddSingleton<IDbContextFactory<SupervisionDbContext>>(w.Db);
        services.AddSingleton<TimeProvider>(w.Clock);
        services.AddSingleton(w.Center);
        services.AddSingleton(w.Checkpoints);
        services.AddSingleton(Options.Create(Core.Rules.RuleThresholds.Default));
        services.AddSingleton(Options.Create(new ChasingOptions { Interval = TimeSpan.FromHours(1) }));
        services.AddScoped<ChasingService>();
        services.AddScoped<Core.Audit.AuditService>();
        services.AddLogging();
        services.AddHttpClient<WebhookSender>();
        await using var provider = services.BuildServiceProvider();
        var job = new ReportingJobs(provider.GetRequiredService<IServiceScopeFactory>(), w.Clock,
            Options.Create(new ChasingOptions { Interval = TimeSpan.FromHours(1) }), Options.Create(new ReportingOptions()),
            Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室" }), w.Center, new InProcessChangeFeed(), w.Audit, NullLogger<ReportingJobs>.Instance);

        await job.StartAsync(Ct);
        await WaitUntil(() => job.Runs >= 1 && robot.Received.Count >= 2); // the first run's 催办 and 时限提醒

        // The fake clock stands still, so no periodic run comes: only the prompt push can deliver this.
        var number = await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "限期报送2月进展", new DateOnly(2026, 4, 10), Ct);
        await WaitUntil(() => robot.Received.Count >= 3);
        await job.StopAsync(Ct);

        Assert.Equal(1, job.Runs);
        Assert.Equal(3, robot.Received.Count);
        using var json = JsonDocument.Parse(robot.Received[^1]);
        Assert.StartsWith($"【澜江市委市政府督查室·督办单】督办单{number}", json.RootElement.GetProperty("text").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Notification_centre_tells_subscribers_of_their_audience_until_disposed()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var calls = 0;
        var others = 0;
        var subscription = w.Center.Subscribe(Audience.OfUnit(w.Lead), () => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        using var other = w.Center.Subscribe(Audience.OfUnit(w.Other), () => { Interlocked.Increment(ref others); return Task.CompletedTask; });

        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        Assert.Equal(1, await w.Notifications.UnreadCountAsync(w.Supervisor, Ct));
        await w.Notifications.MarkAllReadAsync(w.Supervisor, Ct);
        Assert.Equal(0, await w.Notifications.UnreadCountAsync(w.Operator, Ct));
        subscription.Dispose();
        await w.Chasing.RunAsync(Ct);

        Assert.Equal(2, calls);
        Assert.Equal(0, others);
    }

    /// <summary>
    /// A local stand-in for a 钉钉/企业微信 group robot: takes JSON POSTs and answers 200, or 500 to the first
    /// <c>failFirst</c> of them.
    /// </summary>
    private sealed class RobotListener : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string ContentType, string Body)> _requests = [];
        private int _failuresLeft;

        public RobotListener(int failFirst = 0)
        {
            _failuresLeft = failFirst;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/robot/send?access_token=t";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/robot/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        /// <summary>Every request so far, failed ones included.</summary>
        public IReadOnlyList<(string ContentType, string Body)> Requests
        {
            get
            {
                lock (_requests)
                    return _requests.ToList();
            }
        }

        public IReadOnlyList<string> Received => Requests.Select(r => r.Body).ToList();

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                lock (_requests)
                    _requests.Add((context.Request.ContentType ?? "", body));
                context.Response.StatusCode = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
                context.Response.Close();
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition());
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
