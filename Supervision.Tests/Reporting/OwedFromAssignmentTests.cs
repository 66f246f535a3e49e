using Supervision.Core.Domain;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

/// <summary>
/// Nothing is owed before 交办 (docs/glossary.md §6): a task's report panel shows the months that fell due before it
/// was assigned as 无需报送, a report written for one of them anyway as 补充报送 — never 逾期未报 or 逾期报送.
/// </summary>
public sealed class OwedFromAssignmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Months_due_before_the_task_was_assigned_are_not_owed_and_a_report_for_one_is_supplementary()
    {
        await using var w = await ReportingWorld.CreateAsync();
        int taskId;
        await using (var db = w.Db.CreateDbContext())
        {
            // Registered in January, assigned on 3月10日: January (due 2月5日) and February (due 3月5日) were never owed.
            var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-002", 2, TestData.Definition(w.Lead), w.Inspector, new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc));
            task.Assign(w.Inspector, new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc));
            task.Acknowledge(w.Operator, new DateTime(2026, 3, 10, 3, 0, 0, DateTimeKind.Utc));
            db.Tasks.Add(task);
            await db.SaveChangesAsync(Ct);
            taskId = task.Id;
        }

        var before = (await w.Reports.PeriodsAsync(w.Operator, taskId, Ct)).ToDictionary(p => p.PeriodKey);
        Assert.Equal(ReportTimeliness.NotOwed, before["2026-01"].Timeliness);
        Assert.Equal(ReportTimeliness.NotOwed, before["2026-02"].Timeliness);
        Assert.Equal(ReportTimeliness.Pending, before["2026-03"].Timeliness);
        Assert.Equal("无需报送", ReportingNames.Of(before["2026-01"].Timeliness));
        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), i => i.TaskId == taskId && i.What.StartsWith("2026年1月", StringComparison.Ordinal));

        // The unit back-fills February anyway: it is a supplement, not a late report.
        var id = await w.Chain.OpenAsync(w.Operator, taskId, "2026-02", ReportingWorld.Content(10), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, null, Ct);
        await w.Chain.ApproveAsync(w.Principal, id, version, null, Ct);

        var after = (await w.Reports.PeriodsAsync(w.Operator, taskId, Ct)).ToDictionary(p => p.PeriodKey);
        Assert.Equal(ReportTimeliness.Supplementary, after["2026-02"].Timeliness);
        Assert.Equal(ReportTimeliness.Supplementary, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Timeliness);
        Assert.Equal(ReportTimeliness.Supplementary, (await w.Reports.ListAsync(w.Inspector, 2026, ct: Ct)).Single(r => r.ReportId == id).Timeliness);
        // … and its review waits in the unit's 待办 like any other.
        Assert.Contains(await w.Todo.ListAsync(w.Inspector, Ct), i => i.TaskId == taskId && i.Kind == TodoKind.ReportToReview);
    }
}
