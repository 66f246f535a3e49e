using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Data;

public sealed class SupervisionDbContextTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private int _unitId;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var context = _db.CreateDbContext();
        var unit = new Unit("澜江市住房和城乡建设局", UnitKind.Department, 1, "市住建局");
        context.Units.Add(unit);
        await context.SaveChangesAsync(Ct);
        _unitId = unit.Id;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<int> AddTaskAsync()
    {
        await using var context = _db.CreateDbContext();
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, Definition(_unitId), Inspector, At);
        context.Tasks.Add(task);
        await context.SaveChangesAsync(Ct);
        return task.Id;
    }

    [Fact]
    public async Task Database_runs_in_wal_mode_with_full_synchronous_writes()
    {
        await using var context = _db.CreateDbContext();
        await context.Database.OpenConnectionAsync(Ct);
        var connection = context.Database.GetDbConnection();
        await using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync(Ct))!);
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(10_000L, (long)(await command.ExecuteScalarAsync(Ct))!);
        command.CommandText = "PRAGMA foreign_keys;";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    [DatabaseFact]
    public async Task New_rows_start_at_version_one_and_each_save_bumps_it()
    {
        var id = await AddTaskAsync();
        await using (var context = _db.CreateDbContext())
        {
            var task = await context.Tasks.SingleAsync(t => t.Id == id, Ct);
            Assert.Equal(1, task.Version);
            task.Assign(Inspector, At);
            await context.SaveChangesAsync(Ct);
        }

        await using var check = _db.CreateDbContext();
        Assert.Equal(2, (await check.Tasks.SingleAsync(t => t.Id == id, Ct)).Version);
    }

    [DatabaseFact]
    public async Task Stale_edit_after_someone_else_saved_is_refused()
    {
        var id = await AddTaskAsync();
        await using var first = _db.CreateDbContext();
        await using var second = _db.CreateDbContext();
        var mine = await first.Tasks.SingleAsync(t => t.Id == id, Ct);
        var theirs = await second.Tasks.SingleAsync(t => t.Id == id, Ct);

        theirs.Cancel("因政策调整", Inspector, At);
        await second.SaveChangesAsync(Ct);
        mine.Assign(Inspector, At);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync(Ct));
        await using var check = _db.CreateDbContext();
        Assert.Equal(TaskState.Cancelled, (await check.Tasks.SingleAsync(t => t.Id == id, Ct)).State);
    }

    [DatabaseFact]
    public async Task Change_to_child_rows_only_still_checks_and_bumps_the_aggregate_version()
    {
        var id = await AddTaskAsync();
        int reportId;
        await using (var context = _db.CreateDbContext())
        {
            var task = await context.Tasks.SingleAsync(t => t.Id == id, Ct);
            task.Assign(Inspector, At);
            task.Acknowledge(Operator(_unitId), At);
            var report = ProgressReport.Open(task, March, Content(20), Operator(_unitId), At);
            context.Reports.Add(report);
            await context.SaveChangesAsync(Ct);
            reportId = report.Id;
        }

        await using var a = _db.CreateDbContext();
        await using var b = _db.CreateDbContext();
        var reportA = await a.Reports.Include(r => r.Revisions).ThenInclude(v => v.Steps).SingleAsync(r => r.Id == reportId, Ct);
        var reportB = await b.Reports.Include(r => r.Revisions).ThenInclude(v => v.Steps).SingleAsync(r => r.Id == reportId, Ct);
        reportA.SendForReview(Operator(_unitId), At);
        await a.SaveChangesAsync(Ct);
        Assert.Equal(2, reportA.Version);

        reportB.SendForReview(Operator(_unitId), At);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync(Ct));
    }

    [DatabaseFact]
    public async Task Every_guarded_change_is_written_to_the_audit_record_with_its_task()
    {
        var id = await AddTaskAsync();
        await using (var context = _db.CreateDbContext())
        {
            var task = await context.Tasks.SingleAsync(t => t.Id == id, Ct);
            task.Assign(Inspector, At.AddHours(1));
            await context.SaveChangesAsync(Ct);
            Assert.Empty(task.PendingEvents);
        }

        await using var check = _db.CreateDbContext();
        var events = await check.AuditEvents.Where(e => e.TaskId == id).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(["task.registered", "task.assigned"], events.Select(e => e.Action));
        Assert.Equal("督查员甲", events[1].ActorName);
        Assert.Equal(DateTimeKind.Utc, events[1].OccurredAt.Kind);
        Assert.Equal(At.AddHours(1), events[1].OccurredAt);
    }

    [DatabaseFact]
    public async Task Failed_save_writes_neither_the_change_nor_its_audit_event()
    {
        await using (var context = _db.CreateDbContext())
        {
            // Same number twice violates the unique index: the whole save must roll back.
            context.Tasks.Add(SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-009", 9, Definition(_unitId), Inspector, At));
            context.Tasks.Add(SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-009", 10, Definition(_unitId), Inspector, At));
            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Ct));
        }

        await using var check = _db.CreateDbContext();
        Assert.Equal(0, await check.Tasks.CountAsync(Ct));
        Assert.Equal(0, await check.AuditEvents.CountAsync(e => e.EntityType == nameof(SupervisionTask), Ct));
    }

    [DatabaseFact]
    public async Task Timestamps_come_back_as_utc()
    {
        var id = await AddTaskAsync();
        await using var context = _db.CreateDbContext();
        var task = await context.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct);

        Assert.Equal(DateTimeKind.Utc, task.RegisteredAt.Kind);
        Assert.Equal(At, task.RegisteredAt);
    }

    [DatabaseFact]
    public async Task Owned_details_milestones_and_indicator_round_trip()
    {
        var id = await AddTaskAsync();
        await using (var context = _db.CreateDbContext())
        {
            var task = await context.Tasks.SingleAsync(t => t.Id == id, Ct);
            task.SetMilestones([new Milestone(new DateOnly(2026, 6, 30), 50, "主体完工")], Inspector, At);
            task.SetIndicator(new TaskIndicator("城镇新增就业", "人", 12000, Core.Rules.IndicatorDirection.HigherIsBetter, Core.Rules.IndicatorMeasure.Cumulative), Inspector, At);
            await context.SaveChangesAsync(Ct);
        }

        await using var check = _db.CreateDbContext();
        var loaded = await check.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct);
        Assert.Equal(new Milestone(new DateOnly(2026, 6, 30), 50, "主体完工"), Assert.Single(loaded.Milestones));
        Assert.Equal(12000m, loaded.Indicator!.Target);
        Assert.Equal("人", loaded.Indicator.UnitOfMeasure);
    }

    [DatabaseFact]
    public async Task Second_report_for_the_same_task_and_period_is_refused()
    {
        var id = await AddTaskAsync();
        await using var context = _db.CreateDbContext();
        var task = await context.Tasks.SingleAsync(t => t.Id == id, Ct);
        task.Assign(Inspector, At);
        context.Reports.Add(ProgressReport.Open(task, March, Content(20), Operator(_unitId), At));
        context.Reports.Add(ProgressReport.Open(task, March, Content(25), Operator(_unitId), At));

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Ct));
        Assert.True(DatabaseErrors.IsUniqueViolation(ex), ex.InnerException?.Message);
    }

    [DatabaseFact]
    public async Task Unit_aliases_are_saved_and_come_back_with_their_unit()
    {
        await using (var context = _db.CreateDbContext())
        {
            var unit = await context.Units.SingleAsync(u => u.Id == _unitId, Ct);
            unit.AddAlias("市住建委", Inspector, At);
            unit.AddAlias("澜江市住建局", Inspector, At);
            await context.SaveChangesAsync(Ct);
        }

        await using (var context = _db.CreateDbContext())
        {
            var unit = await context.Units.SingleAsync(u => u.Id == _unitId, Ct);
            Assert.Equal(["市住建委", "澜江市住建局"], unit.Aliases.Select(a => a.Name).Order(StringComparer.Ordinal));
            unit.RemoveAlias("市住建委", Inspector, At);
            await context.SaveChangesAsync(Ct);
        }

        await using var check = _db.CreateDbContext();
        Assert.Equal("澜江市住建局", Assert.Single((await check.Units.SingleAsync(u => u.Id == _unitId, Ct)).Aliases).Name);
        Assert.Equal(3, (await check.Units.SingleAsync(u => u.Id == _unitId, Ct)).Version);
    }
}
