using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class AssignmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(LedgerWorld World, RegisteredTask Task)> AssignedAsync()
    {
        var world = await LedgerWorld.CreateAsync();
        var task = await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(assisting: ["市财政局", "澜东区"]), Ct);
        await world.Assignment().AssignAsync(LedgerWorld.Inspector, task.Id, 1, "请按期完成。", Ct);
        return (world, task);
    }

    [DatabaseFact]
    public async Task Assigning_issues_a_numbered_notice_to_the_lead_and_every_assisting_unit()
    {
        var (world, task) = await AssignedAsync();
        await using var _ = world;

        var notice = Assert.Single((await world.Detail().GetAsync(LedgerWorld.Inspector, task.Id, Ct))!.Notices);

        Assert.Equal("督通〔2026〕1号", notice.Number);
        Assert.Equal(["市发展改革委", "市财政局", "澜东区"], notice.Receipts.Select(r => r.Unit));
        Assert.True(notice.Receipts[0].IsLead);
        Assert.All(notice.Receipts, r => Assert.Null(r.AcknowledgedAt));
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(TaskState.Assigned, (await db.Tasks.SingleAsync(Ct)).State);
    }

    [DatabaseFact]
    public async Task The_lead_units_acknowledgement_starts_the_work_and_assisting_units_sign_their_own_copy()
    {
        var (world, task) = await AssignedAsync();
        await using var _ = world;

        await world.Assignment().AcknowledgeAsync(world.Operator("市财政局"), task.Id, Ct);
        await using (var db = world.Db.CreateDbContext())
            Assert.Equal(TaskState.Assigned, (await db.Tasks.SingleAsync(Ct)).State);
        await world.Assignment().AcknowledgeAsync(world.Operator("市发展改革委"), task.Id, Ct);

        await using (var db = world.Db.CreateDbContext())
            Assert.Equal(TaskState.InProgress, (await db.Tasks.SingleAsync(Ct)).State);
        var again = await Assert.ThrowsAsync<DomainException>(() => world.Assignment().AcknowledgeAsync(world.Operator("市发展改革委"), task.Id, Ct));
        Assert.StartsWith("本单位已于", again.Message);
    }

    [DatabaseFact]
    public async Task A_unit_not_on_the_task_cannot_acknowledge_it()
    {
        var (world, task) = await AssignedAsync();
        await using var _ = world;

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Assignment().AcknowledgeAsync(world.Operator("市住建局"), task.Id, Ct));

        Assert.Equal("任务不存在或您无权查看。", ex.Message);
    }

    [DatabaseFact]
    public async Task Copies_not_acknowledged_within_the_configured_days_are_flagged_overdue()
    {
        var (world, task) = await AssignedAsync();
        await using var _ = world;
        await world.Assignment().AcknowledgeAsync(world.Operator("市发展改革委"), task.Id, Ct);
        var filter = new LedgerFilter { Year = 2026, OverdueAcknowledgementOnly = true };

        world.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, (await world.Query().PageAsync(LedgerWorld.Inspector, filter, 0, 10, Ct)).Total);

        world.Clock.Advance(TimeSpan.FromDays(1));
        var notice = Assert.Single((await world.Detail().GetAsync(LedgerWorld.Inspector, task.Id, Ct))!.Notices);
        Assert.Equal([false, true, true], notice.Receipts.Select(r => r.Overdue));
        var page = await world.Query().PageAsync(LedgerWorld.Inspector, filter, 0, 10, Ct);
        Assert.True(Assert.Single(page.Rows).AcknowledgementOverdue);
    }

    [DatabaseFact]
    public async Task Assigning_a_stale_or_already_assigned_task_is_refused()
    {
        var (world, task) = await AssignedAsync();
        await using var _ = world;

        var stale = await Assert.ThrowsAsync<DomainException>(() => world.Assignment().AssignAsync(LedgerWorld.Inspector, task.Id, 1, "再次交办", Ct));

        Assert.Contains("您的修改未保存", stale.Message);
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(1, await db.Notices.CountAsync(Ct));
    }
}
