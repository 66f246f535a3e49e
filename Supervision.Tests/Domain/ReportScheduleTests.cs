using Supervision.Core.Domain;

namespace Supervision.Tests.Domain;

public sealed class ReportScheduleTests
{
    [Fact]
    public void Monthly_task_owes_one_report_per_month_due_on_the_fifth_of_the_next()
    {
        var periods = ReportSchedule.PeriodsFor(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ReportCycle.Monthly);

        Assert.Equal(12, periods.Count);
        Assert.Equal(new ReportPeriod("2026-01", "2026年1月", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 5)), periods[0]);
        Assert.Equal(new DateOnly(2027, 1, 5), periods[^1].DueDate);
    }

    [Fact]
    public void Quarterly_periods_are_clipped_to_the_task_span()
    {
        var periods = ReportSchedule.PeriodsFor(new DateOnly(2026, 2, 15), new DateOnly(2026, 8, 31), ReportCycle.Quarterly);

        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3"], periods.Select(p => p.Key));
        Assert.Equal("2026年第三季度", periods[2].Label);
        Assert.Equal(new DateOnly(2026, 2, 15), periods[0].Start);
        Assert.Equal(new DateOnly(2026, 8, 31), periods[2].End);
        Assert.Equal(new DateOnly(2026, 10, 5), periods[2].DueDate);
    }

    [Fact]
    public void One_off_report_is_due_on_the_deadline()
    {
        var period = Assert.Single(ReportSchedule.PeriodsFor(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), ReportCycle.Once));

        Assert.Equal(new DateOnly(2026, 4, 30), period.DueDate);
        Assert.Equal("办理结果", period.Label);
    }

    [Fact]
    public void Deadline_before_start_owes_nothing()
    {
        Assert.Empty(ReportSchedule.PeriodsFor(new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 30), ReportCycle.Monthly));
    }

    [Fact]
    public void A_task_owes_reports_due_from_its_assignment_until_it_is_settled()
    {
        var task = TestData.Task(1);
        Assert.Empty(ReportSchedule.OwedPeriods(task)); // registered, not yet 交办

        // 交办 on 10 March (China time): January (due 5 February) and February (due 5 March) are not owed.
        task.Assign(TestData.Inspector, new DateTime(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc));
        var owed = ReportSchedule.OwedPeriods(task);
        Assert.Equal("2026-03", owed[0].Key);
        Assert.Equal("2026-12", owed[^1].Key);

        // Cancelled on 20 June: May (due 5 June) is the last one owed.
        task.Cancel("因政策调整原因取消", TestData.Inspector, new DateTime(2026, 6, 20, 1, 0, 0, DateTimeKind.Utc));
        Assert.Equal("2026-05", ReportSchedule.OwedPeriods(task)[^1].Key);
    }
}
