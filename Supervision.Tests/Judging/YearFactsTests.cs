using Supervision.Core.Domain;
using Supervision.Core.Judging;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Judging;

/// <summary>What <see cref="YearFactsQuery"/> loads for one task: accepted progress with its cycle, owed reports from 交办, extensions.</summary>
public sealed class YearFactsTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private int _lead;
    private int _assisting;
    private int _outsider;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var context = _db.CreateDbContext();
        var lead = new Unit("市住房和城乡建设局", UnitKind.Department, 1);
        var assisting = new Unit("市财政局", UnitKind.Department, 2);
        var outsider = new Unit("市教育局", UnitKind.Department, 3);
        context.Units.AddRange(lead, assisting, outsider);
        await context.SaveChangesAsync(Ct);
        (_lead, _assisting, _outsider) = (lead.Id, assisting.Id, outsider.Id);

        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, Definition(_lead, _assisting), Inspector, At);
        task.SetMilestones([new Milestone(new DateOnly(2026, 6, 30), 50, "主体完工")], Inspector, At);
        task.Assign(Inspector, At);
        task.Acknowledge(Operator(_lead), At);
        context.Tasks.Add(task);
        await context.SaveChangesAsync(Ct);

        var report = ProgressReport.Open(task, March, Content(30), Operator(_lead), At);
        report.SendForReview(Operator(_lead), At);
        report.ApproveAsSupervisor(Supervisor(_lead), At, null);
        report.ApproveAsPrincipal(Principal(_lead), new DateTime(2026, 4, 3, 2, 0, 0, DateTimeKind.Utc), null);
        report.Accept(Inspector, new DateTime(2026, 4, 7, 17, 0, 0, DateTimeKind.Utc), null);
        context.Reports.Add(report);
        await context.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [DatabaseFact]
    public async Task Facts_carry_accepted_progress_on_its_china_date_and_every_owed_report()
    {
        await using var context = _db.CreateDbContext();
        var facts = Assert.Single((await YearFactsQuery.LoadAsync(context, 2026, Ct)).Tasks).Facts;

        // Accepted at 17:00 UTC on 7 April = 01:00 on 8 April in China.
        var point = Assert.Single(facts.Progress);
        Assert.Equal(new DateOnly(2026, 4, 8), point.AcceptedAt);
        Assert.Equal(30m, point.Percent);
        // … and it is the March report: the period it counts for is March, whenever it was accepted.
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (point.PeriodStart, point.PeriodEnd));
        Assert.Equal(new DateOnly(2026, 3, 1), facts.AssignedOn);
        // Assigned on 1 March: the January report fell due (5 February) before the unit had the task.
        Assert.Equal(11, facts.DueReports.Count);
        Assert.Equal("2026年2月", facts.DueReports[0].PeriodLabel);
        Assert.Equal(new DateOnly(2026, 4, 3), facts.DueReports[1].SubmittedAt);
        Assert.Null(facts.DueReports[2].SubmittedAt);
        Assert.Equal(50m, Assert.Single(facts.Milestones).PlannedPercent);
    }

    [DatabaseFact]
    public async Task A_cancelled_task_owes_only_the_reports_due_by_its_cancellation()
    {
        await using (var context = _db.CreateDbContext())
        {
            var task = context.Tasks.Single();
            // 16:30 UTC on 10 June is 00:30 on 11 June in China: the May report (due 5 June) was owed, June's is not.
            task.Cancel("因政策调整原因取消", Inspector, new DateTime(2026, 6, 10, 16, 30, 0, DateTimeKind.Utc));
            await context.SaveChangesAsync(Ct);
        }

        await using var read = _db.CreateDbContext();
        var facts = Assert.Single((await YearFactsQuery.LoadAsync(read, 2026, Ct)).Tasks).Facts;

        Assert.Equal(new DateOnly(2026, 6, 11), facts.CancelledOn);
        Assert.Equal(4, facts.DueReports.Count); // February (due 5 March, after the 交办 on 1 March) to May
        Assert.Equal("2026年5月", facts.DueReports[^1].PeriodLabel);
    }

    [DatabaseFact]
    public async Task A_task_not_yet_assigned_owes_no_report()
    {
        await using (var context = _db.CreateDbContext())
        {
            var fresh = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-002", 2, Definition(_lead, _assisting), Inspector, At);
            context.Tasks.Add(fresh);
            await context.SaveChangesAsync(Ct);
        }

        await using var read = _db.CreateDbContext();
        var facts = (await YearFactsQuery.LoadAsync(read, 2026, Ct)).Tasks.Single(r => r.Number == "2026-ZD-002").Facts;

        Assert.Empty(facts.DueReports);
        Assert.Null(facts.AssignedOn);
    }

    [DatabaseFact]
    public async Task An_approved_extension_moves_the_deadline_from_the_day_it_was_approved()
    {
        await using (var context = _db.CreateDbContext())
        {
            var task = context.Tasks.Single();
            var original = task.Deadline;
            var request = new ExtensionRequest(task, _lead, original.AddMonths(3), "汛期影响施工，申请延期三个月。", new DateOnly(2026, 5, 1), Operator(_lead), At);
            request.Endorse(null, Principal(_lead), At);
            // 20:00 UTC on 14 May is 04:00 on 15 May in China.
            var decided = new DateTime(2026, 5, 14, 20, 0, 0, DateTimeKind.Utc);
            request.Approve(null, Inspector, decided);
            task.ExtendDeadline(request.RequestedDeadline, request.Reason, Inspector, decided);
            context.Add(request);
            await context.SaveChangesAsync(Ct);
        }

        await using var read = _db.CreateDbContext();
        var facts = Assert.Single((await YearFactsQuery.LoadAsync(read, 2026, Ct)).Tasks).Facts;

        var change = Assert.Single(facts.DeadlineChanges!);
        Assert.Equal(new DateOnly(2026, 5, 15), change.On);
        Assert.Equal(facts.Deadline, change.To);
        Assert.Equal(change.From, facts.DeadlineOn(new DateOnly(2026, 5, 14)));
        Assert.Equal(facts.Deadline, facts.DeadlineOn(new DateOnly(2026, 5, 15)));
    }
}
