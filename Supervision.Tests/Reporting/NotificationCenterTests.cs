using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

/// <summary>
/// How the notification centre hears of changes: only from the change feed, which announces the audience of every
/// notification a committed save added or marked read — never from a service by hand.
/// </summary>
public sealed class NotificationCenterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task A_committed_notification_reaches_the_subscribers_of_its_audience_only()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var told = new Told(w);

        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);

        Assert.Equal((1, 0, 0, 0, 1), told.Counts);
    }

    [DatabaseFact]
    public async Task A_rolled_back_or_failed_save_announces_nothing()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var told = new Told(w);
        var seen = new List<ChangeNotice>();
        using var feed = w.Db.Feed.Subscribe(seen.AddRange);

        await using (var db = w.Db.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Add(new Notification(w.Lead, NotificationKind.Task, "回滚的消息", "不应送达。", w.TaskId, null, At, "rolled-back"));
            await db.SaveChangesAsync(Ct);
            Assert.Empty(seen); // saved, not committed yet
            await transaction.RollbackAsync(Ct);
        }

        await using (var db = w.Db.CreateDbContext())
        {
            db.Add(new Notification(w.Lead, NotificationKind.Task, "第一条", "送达。", w.TaskId, null, At, "same-key"));
            await db.SaveChangesAsync(Ct);
        }

        seen.Clear();
        await using (var db = w.Db.CreateDbContext())
        {
            // The same key again: the unique index refuses the save.
            db.Add(new Notification(w.Other, NotificationKind.Task, "重复的消息", "不应送达。", w.TaskId, null, At, "same-key"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        Assert.Empty(seen);
        Assert.Equal((1, 0, 0, 0, 1), told.Counts);
    }

    [DatabaseFact]
    public async Task Marking_read_announces_to_the_readers_audience_and_marking_nothing_announces_nothing()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await using (var db = w.Db.CreateDbContext())
        {
            db.AddRange(
                new Notification(w.Lead, NotificationKind.Task, "一", "一", w.TaskId, null, At),
                new Notification(w.Lead, NotificationKind.Task, "二", "二", w.TaskId, null, At));
            await db.SaveChangesAsync(Ct);
        }

        var told = new Told(w);
        var first = (await w.Notifications.ListAsync(w.Operator, ct: Ct))[0];

        await w.Notifications.MarkReadAsync(w.Operator, first.Id, Ct);
        Assert.Equal((1, 0, 0, 0, 1), told.Counts);
        await w.Notifications.MarkReadAsync(w.Operator, first.Id, Ct);
        Assert.Equal((1, 0, 0, 0, 1), told.Counts);

        Assert.Equal(1, await w.Notifications.MarkAllReadAsync(w.Supervisor, Ct));
        Assert.Equal((2, 0, 0, 0, 2), told.Counts);
        Assert.Equal(0, await w.Notifications.MarkAllReadAsync(w.Supervisor, Ct));
        Assert.Equal((2, 0, 0, 0, 2), told.Counts);
    }

    [DatabaseFact]
    public async Task A_notification_is_announced_with_its_audience_and_leaves_the_judged_model_alone()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var seen = new List<ChangeNotice>();
        using var feed = w.Db.Feed.Subscribe(seen.AddRange);
        var generation = w.Judgement.Generation;

        await using (var db = w.Db.CreateDbContext())
        {
            db.AddRange(
                new Notification(null, NotificationKind.Coordination, "给市领导", "一", w.TaskId, null, At, forLeaders: true),
                new Notification(null, NotificationKind.Coordination, "给市领导", "二", w.TaskId, null, At, forLeaders: true),
                new Notification(null, NotificationKind.Coordination, "给督查室", "三", w.TaskId, null, At));
            await db.SaveChangesAsync(Ct);
        }

        // One notice per audience, naming no task: the judged model has nothing to reload.
        Assert.Equal([Audience.CityLeaders, Audience.Office], seen.Select(n => n.To!.Value).Order(new ByLeaders()));
        Assert.All(seen, n => Assert.Equal((ChangeNotice.NotificationAction, (int?)null, 0L), (n.Action, n.TaskId, n.EventId)));
        Assert.Equal(generation, w.Judgement.Generation);
    }

    [DatabaseFact]
    public async Task A_resync_of_the_feed_tells_every_subscriber()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var told = new Told(w);

        w.Db.Feed.Publish([ChangeNotice.Resync(At)]);

        Assert.Equal((1, 1, 1, 1, 1), told.Counts);
    }

    private static readonly DateTime At = new(2026, 4, 2, 2, 0, 0, DateTimeKind.Utc);

    private sealed class ByLeaders : IComparer<Audience>
    {
        public int Compare(Audience x, Audience y) => y.Leaders.CompareTo(x.Leaders);
    }

    /// <summary>Counts what the centre told subscribers of the lead unit, another unit, the office, the leaders and all.</summary>
    private sealed class Told
    {
        private int _lead;
        private int _other;
        private int _office;
        private int _leaders;
        private int _all;

        public Told(ReportingWorld w)
        {
            // Kept for the world's lifetime (the centre is disposed with it).
            Subscriptions =
            [
                w.Center.Subscribe(Audience.OfUnit(w.Lead), () => Count(ref _lead)),
                w.Center.Subscribe(Audience.OfUnit(w.Other), () => Count(ref _other)),
                w.Center.Subscribe(Audience.Office, () => Count(ref _office)),
                w.Center.Subscribe(Audience.CityLeaders, () => Count(ref _leaders)),
                w.Center.SubscribeAll(() => Count(ref _all)),
            ];
        }

        public IReadOnlyList<IDisposable> Subscriptions { get; }

        public (int Lead, int Other, int Office, int Leaders, int All) Counts =>
            (Volatile.Read(ref _lead), Volatile.Read(ref _other), Volatile.Read(ref _office), Volatile.Read(ref _leaders), Volatile.Read(ref _all));

        private static Task Count(ref int counter)
        {
            Interlocked.Increment(ref counter);
            return Task.CompletedTask;
        }
    }
}
