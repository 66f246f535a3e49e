using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Dashboard;

public sealed class ChangeFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepted_report_is_published_with_its_task_only_after_it_is_committed()
    {
        await using var live = await LiveDatabase.CreateAsync();
        var seen = new List<ChangeNotice>();
        var committedWhenPublished = false;
        using var subscription = live.Feed.Subscribe(changes =>
        {
            seen.AddRange(changes);
            // Another connection can already read the event: the feed fired after the commit, not before.
            using var other = live.CreateDbContext();
            committedWhenPublished = other.AuditEvents.Any(e => e.Id == changes[0].EventId);
        });

        await live.AcceptReportAsync(new DateTime(2026, 4, 7, 2, 0, 0, DateTimeKind.Utc));

        var notice = Assert.Single(seen);
        Assert.Equal("report.accepted", notice.Action);
        Assert.Equal(live.TaskId, notice.TaskId);
        Assert.True(notice.EventId > 0);
        Assert.True(committedWhenPublished);
    }

    [Fact]
    public async Task Refused_stale_edit_publishes_nothing_of_its_own()
    {
        await using var live = await LiveDatabase.CreateAsync();
        var seen = new List<ChangeNotice>();
        using var subscription = live.Feed.Subscribe(seen.AddRange);
        await using var first = live.CreateDbContext();
        await using var second = live.CreateDbContext();
        var mine = await first.Tasks.SingleAsync(t => t.Id == live.TaskId, Ct);
        var theirs = await second.Tasks.SingleAsync(t => t.Id == live.TaskId, Ct);

        mine.ExtendDeadline(new DateOnly(2027, 1, 31), "资金到位推迟", Inspector, At);
        await first.SaveChangesAsync(Ct);
        theirs.Cancel("政策调整", Inspector, At);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));

        Assert.Equal(["task.extended"], seen.Select(s => s.Action));
    }

    [Fact]
    public async Task Outer_transaction_publishes_on_commit_and_nothing_on_rollback()
    {
        await using var live = await LiveDatabase.CreateAsync();
        var seen = new List<ChangeNotice>();
        using var subscription = live.Feed.Subscribe(seen.AddRange);

        await using (var db = live.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var task = await db.Tasks.SingleAsync(t => t.Id == live.TaskId, Ct);
            task.Note("task.urged", "催办", Inspector, At);
            await db.SaveChangesAsync(Ct);
            Assert.Empty(seen); // saved but not yet committed
            await transaction.RollbackAsync(Ct);
        }

        Assert.Empty(seen);

        await using (var db = live.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var task = await db.Tasks.SingleAsync(t => t.Id == live.TaskId, Ct);
            task.Note("task.urged", "催办", Inspector, At);
            await db.SaveChangesAsync(Ct);
            await transaction.CommitAsync(Ct);
        }

        Assert.Equal(["task.urged"], seen.Select(s => s.Action));
    }

    [Fact]
    public async Task Synchronous_save_publishes_too()
    {
        await using var live = await LiveDatabase.CreateAsync();
        var seen = new List<ChangeNotice>();
        using var subscription = live.Feed.Subscribe(seen.AddRange);

        using (var db = live.CreateDbContext())
        {
            db.Units.Single(u => u.Id == live.OtherUnitId).SetActive(false, Inspector, At);
            db.SaveChanges();
        }

        var notice = Assert.Single(seen);
        Assert.Equal("unit.deactivated", notice.Action);
        Assert.Null(notice.TaskId);
    }

    [Fact]
    public void Disposed_subscription_receives_nothing_more()
    {
        var feed = new InProcessChangeFeed();
        var count = 0;
        var subscription = feed.Subscribe(_ => count++);
        feed.Publish([new ChangeNotice(1, "report.accepted", 1, At)]);

        subscription.Dispose();
        subscription.Dispose();
        feed.Publish([new ChangeNotice(2, "report.accepted", 1, At)]);

        Assert.Equal(1, count);
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public void A_failing_subscriber_does_not_stop_the_others()
    {
        var feed = new InProcessChangeFeed();
        var delivered = 0;
        using var broken = feed.Subscribe(_ => throw new InvalidOperationException("坏了"));
        using var healthy = feed.Subscribe(_ => delivered++);

        feed.Publish([new ChangeNotice(1, "task.closed", 1, At)]);

        Assert.Equal(1, delivered);
    }
}
