using Supervision.Core.Rules;
using static Supervision.Tests.Rules.TaskBuilder;

namespace Supervision.Tests.Rules;

public class TrafficLightTests
{
    [Theory]
    [InlineData(60, 51, TrafficLight.Green, LightCause.OnSchedule)] // 9 points behind
    [InlineData(60, 50, TrafficLight.Yellow, LightCause.Lagging)] // exactly 10 points
    [InlineData(70, 51, TrafficLight.Yellow, LightCause.Lagging)] // 19 points
    [InlineData(70, 50, TrafficLight.Red, LightCause.SeriouslyLagging)] // exactly 20 points
    [InlineData(40, 60, TrafficLight.Green, LightCause.OnSchedule)] // ahead
    public void Lag_thresholds_are_reached_at_exactly_their_value(int day, decimal work, TrafficLight light, LightCause cause)
    {
        var evaluation = Task().Reported(Day(1), work).EvaluateAsOf(Day(day));

        Assert.Equal(light, evaluation.Light);
        Assert.Equal(cause, evaluation.Cause);
        Assert.Equal(day - (double)work, evaluation.LagPoints);
    }

    [Fact]
    public void Lag_is_judged_on_the_printed_whole_points()
    {
        // 60% − 50.4% is 9.6 points unrounded, but the words print 60% and 50%: judged as 10, yellow.
        var evaluation = Task().Reported(Day(1), 50.4m).EvaluateAsOf(Day(60));

        Assert.Equal(10.0, evaluation.LagPoints);
        Assert.Equal(TrafficLight.Yellow, evaluation.Light);
    }

    [Fact]
    public void Custom_thresholds_change_the_light()
    {
        var task = Task().Reported(Day(1), 50);
        var stricter = RuleThresholds.Default with { YellowLagPoints = 5, RedLagPoints = 8 };
        var looser = RuleThresholds.Default with { YellowLagPoints = 30, RedLagPoints = 40 };

        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(Day(55)).Light);
        Assert.Equal(TrafficLight.Red, task.EvaluateAsOf(Day(58), stricter).Light);
        Assert.Equal(TrafficLight.Yellow, task.EvaluateAsOf(Day(55), stricter).Light);
        Assert.Equal(TrafficLight.Red, task.EvaluateAsOf(Day(75)).Light);
        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(Day(75), looser).Light);
    }

    [Fact]
    public void No_report_and_none_owed_yet_is_not_yet_due_and_not_counted()
    {
        var evaluation = Task().EvaluateAsOf(Day(15));

        Assert.Equal(TrafficLight.NotYetDue, evaluation.Light);
        Assert.Equal(0.0, evaluation.LagPoints);
        Assert.False(evaluation.IsCounted);
    }

    [Fact]
    public void No_report_after_half_its_time_is_never_green()
    {
        // 58% of the time gone and nothing reported (the "尚未报送进展，进度符合要求" on a green light).
        var evaluation = Task().EvaluateAsOf(Day(58));

        Assert.Equal(TrafficLight.Yellow, evaluation.Light);
        Assert.Equal(LightCause.DoubleHalfNotMet, evaluation.Cause);
        Assert.Equal(DoubleHalfStatus.NotMet, evaluation.DoubleHalf);
    }

    [Fact]
    public void Before_the_start_nothing_is_expected()
    {
        var evaluation = Task().EvaluateAsOf(Day(0));

        Assert.Equal(TrafficLight.NotYetDue, evaluation.Light);
        Assert.Equal(0.0, evaluation.LagPoints);
    }

    [Fact]
    public void A_task_not_yet_assigned_is_not_judged_whatever_its_dates()
    {
        var task = Task().Reported(Day(1), 10).Unassigned();

        var evaluation = task.EvaluateAsOf(Day(90));
        Assert.Equal(TrafficLight.NotAssigned, evaluation.Light);
        Assert.Equal(DoubleHalfStatus.NotApplicable, evaluation.DoubleHalf);
        Assert.Equal(PeriodOutcome.NotCounted, evaluation.Outcome);
        Assert.Equal(TrafficLight.NotAssigned, task.AssignedOn(Day(95)).EvaluateAsOf(Day(94)).Light);
        Assert.Equal(TrafficLight.Red, task.AssignedOn(Day(95)).EvaluateAsOf(Day(95)).Light);
    }

    [Fact]
    public void A_green_task_is_never_double_half_not_met()
    {
        // Milestones that ask little would leave a task at 40% after 70% of its time on schedule: 双过半 still applies.
        for (var work = 0; work <= 100; work += 5)
        {
            for (var day = 1; day <= 110; day++)
            {
                var evaluation = Task().Milestone(Day(80), 30).Reported(Day(1), work).EvaluateAsOf(Day(day));
                Assert.False(evaluation.Light == TrafficLight.Green && evaluation.DoubleHalf == DoubleHalfStatus.NotMet, $"day {day}, {work}%");
            }
        }
    }

    [Theory]
    [InlineData(100, 80, TrafficLight.Red, LightCause.SeriouslyLagging)] // on the deadline day it is not past yet
    [InlineData(100, 95, TrafficLight.Green, LightCause.OnSchedule)]
    [InlineData(101, 95, TrafficLight.Red, LightCause.PastDeadline)]
    [InlineData(101, 99, TrafficLight.Red, LightCause.PastDeadline)]
    public void Past_deadline_unfinished_is_red_from_the_day_after_the_deadline(int day, decimal work, TrafficLight light, LightCause cause)
    {
        var evaluation = Task().Reported(Day(1), work).EvaluateAsOf(Day(day));

        Assert.Equal(light, evaluation.Light);
        Assert.Equal(cause, evaluation.Cause);
    }

    [Fact]
    public void An_extension_counts_from_the_day_it_was_approved()
    {
        // Deadline day 100; on day 105 the office approves an extension to day 200.
        var task = Task().Reported(Day(90), 80).Extended(Day(105), Day(200));

        var before = task.EvaluateAsOf(Day(104));
        Assert.Equal(LightCause.PastDeadline, before.Cause); // as it stood then: past the deadline, unfinished
        Assert.Equal(1.0, before.TimeProgress);
        Assert.Equal("已超过完成时限(2026年4月10日)，进度80%", task.DescribeAsOf(Day(104)));

        var after = task.EvaluateAsOf(Day(105));
        Assert.Equal(TrafficLight.Green, after.Light); // 105 of 200 days: 53% of the time, 80% done
        Assert.Equal(0.53, after.TimeProgress, 3);
    }

    [Fact]
    public void Reaching_100_percent_before_the_deadline_is_done_early_and_stays_done()
    {
        var task = Task().Reported(Day(30), 100);

        Assert.Equal(TrafficLight.Done, task.EvaluateAsOf(Day(30)).Light);
        Assert.Equal(LightCause.ReachedFullProgress, task.EvaluateAsOf(Day(30)).Cause);
        Assert.Equal(TrafficLight.Done, task.EvaluateAsOf(Day(150)).Light);
        Assert.Equal(TrafficLight.NotYetDue, task.EvaluateAsOf(Day(29)).Light); // nothing accepted and nothing owed yet
    }

    [Fact]
    public void Closed_task_is_done_from_its_close_date_only()
    {
        var task = Task().Reported(Day(10), 80).Closed(Day(40));

        Assert.Equal(TrafficLight.Done, task.EvaluateAsOf(Day(40)).Light);
        Assert.Equal(LightCause.Closed, task.EvaluateAsOf(Day(200)).Cause);
        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(Day(39)).Light);
    }

    [Fact]
    public void Done_task_reports_no_missed_milestone_or_lag()
    {
        var evaluation = Task().Milestone(Day(20), 50).Reported(Day(10), 30).Closed(Day(25)).EvaluateAsOf(Day(30));

        Assert.Equal(TrafficLight.Done, evaluation.Light);
        Assert.Equal(-1, evaluation.MissedMilestoneIndex);
        Assert.Equal(0.0, evaluation.LagPoints);
    }

    [Fact]
    public void Cancelled_task_is_cancelled_from_its_cancel_date_and_keeps_its_earlier_light_before()
    {
        var task = Task().Reported(Day(10), 10).Cancelled(Day(50));

        Assert.Equal(TrafficLight.Cancelled, task.EvaluateAsOf(Day(50)).Light);
        Assert.Equal(TrafficLight.Cancelled, task.EvaluateAsOf(Day(300)).Light);
        var before = task.EvaluateAsOf(Day(49));
        Assert.Equal(TrafficLight.Red, before.Light);
        Assert.Equal(39.0, before.LagPoints);
    }

    [Fact]
    public void Cancellation_takes_precedence_over_closing()
    {
        var evaluation = Task().Reported(Day(10), 100).Closed(Day(20)).Cancelled(Day(30)).EvaluateAsOf(Day(30));

        Assert.Equal(TrafficLight.Cancelled, evaluation.Light);
        Assert.Equal(0.0, evaluation.LagPoints);
    }

    [Theory]
    [InlineData(2, 8, TrafficLight.Green)] // due 2月5日 + 3 grace days: still within grace
    [InlineData(2, 9, TrafficLight.Unreported)] // grace has passed
    [InlineData(2, 11, TrafficLight.Unreported)] // submitted late, but not yet as of this day
    [InlineData(2, 12, TrafficLight.Green)] // the late submission counts from the day it was submitted
    public void Overdue_report_is_unreported_after_the_grace_days_until_it_is_submitted(int month, int day, TrafficLight light)
    {
        var task = Task().Reported(Day(1), 90).Owes("2026年1月", D(2, 5), submittedAt: D(2, 12));

        Assert.Equal(light, task.EvaluateAsOf(D(month, day)).Light);
    }

    [Fact]
    public void Report_submitted_on_time_is_not_overdue()
    {
        var evaluation = Task().Reported(D(2, 6), 90).Owes("2026年1月", D(2, 5), D(2, 5)).EvaluateAsOf(D(3, 1));

        Assert.Equal(TrafficLight.Green, evaluation.Light);
        Assert.Equal(0, evaluation.OverdueReportCount);
        Assert.Equal(-1, evaluation.OverdueReportIndex);
    }

    [Fact]
    public void Report_grace_days_come_from_the_thresholds()
    {
        var task = Task().Reported(Day(1), 90).Owes("2026年1月", D(2, 5));
        var noGrace = RuleThresholds.Default with { ReportGraceDays = 0 };

        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(D(2, 5), noGrace).Light);
        Assert.Equal(TrafficLight.Unreported, task.EvaluateAsOf(D(2, 6), noGrace).Light);
        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(D(2, 6)).Light);
    }

    [Fact]
    public void Overdue_reports_are_counted_and_the_earliest_is_named()
    {
        var evaluation = Task()
            .Reported(Day(1), 90)
            .Owes("2026年1月", D(2, 5), D(2, 3))
            .Owes("2026年2月", D(3, 5))
            .Owes("2026年3月", D(4, 5))
            .Owes("2026年4月", D(5, 5))
            .EvaluateAsOf(D(4, 9));

        Assert.Equal(2, evaluation.OverdueReportCount);
        Assert.Equal(1, evaluation.OverdueReportIndex);
        Assert.Equal(LightCause.ReportOverdue, evaluation.Cause);
    }

    [Fact]
    public void A_missing_latest_report_outranks_lag()
    {
        var evaluation = Task().Reported(Day(1), 40).Owes("2026年1月", D(2, 5)).EvaluateAsOf(Day(55));

        Assert.Equal(TrafficLight.Unreported, evaluation.Light);
        Assert.Equal(LightCause.ReportOverdue, evaluation.Cause);
        Assert.Equal(1, evaluation.OverdueReportCount);
    }

    [Fact]
    public void A_later_report_covers_an_older_gap_which_lag_then_outranks()
    {
        // January was never sent; February was, and its figure (65% at 79% of the time) counts.
        var evaluation = Task().Reported(D(3, 8), 65).Owes("2026年1月", D(2, 5)).Owes("2026年2月", D(3, 5), D(3, 6)).EvaluateAsOf(D(3, 20));

        Assert.Equal(TrafficLight.Yellow, evaluation.Light);
        Assert.Equal(LightCause.Lagging, evaluation.Cause);
        Assert.Equal(1, evaluation.OverdueReportCount);
    }

    [Fact]
    public void The_report_that_counts_is_the_one_for_the_latest_cycle_accepted_by_the_cut_off()
    {
        // A monthly task: May's report (40%) was accepted on 6月8日, June's (60%) only on 7月6日.
        var task = YearTask()
            .Report(D(5, 1), D(5, 31), D(6, 8), 40)
            .Report(D(6, 1), D(6, 30), D(7, 6), 60)
            .Owes("2026年5月", D(6, 5), D(6, 4), D(5, 31))
            .Owes("2026年6月", D(7, 5), D(7, 4), D(6, 30));

        // Live on 6月30日 only May's counts; the half-year (cut-off 7月15日) counts June's, accepted after 6月30日.
        Assert.Equal(0.4, task.Evaluate(JudgementPoint.Live(D(6, 30))).WorkProgress);
        var halfYear = task.Evaluate(JudgementPoint.At(D(6, 30), D(8, 1), RuleThresholds.Default));
        Assert.Equal(D(7, 15), halfYear.Point.Cutoff);
        Assert.Equal(0.6, halfYear.WorkProgress);
        Assert.Equal(TrafficLight.Green, halfYear.Light);
        // Printed on 7月3日, before June's was accepted: May's counts, and June's is not yet required.
        Assert.Equal(0.4, task.Evaluate(JudgementPoint.At(D(6, 30), D(7, 3), RuleThresholds.Default)).WorkProgress);
        // A July report accepted on 7月10日 is not the half year's: its cycle began after 6月30日.
        Assert.Equal(0.6, task.Report(D(7, 1), D(7, 31), D(7, 10), 70).Evaluate(JudgementPoint.At(D(6, 30), D(8, 1), RuleThresholds.Default)).WorkProgress);
    }

    [Fact]
    public void A_period_whose_required_report_is_not_accepted_by_the_cut_off_is_unreported()
    {
        // June's report was sent on 7月4日, returned, and accepted again only on 7月20日: past the 7月15日 cut-off.
        var task = YearTask()
            .Report(D(5, 1), D(5, 31), D(6, 8), 40)
            .Report(D(6, 1), D(6, 30), D(7, 20), 60)
            .Owes("2026年5月", D(6, 5), D(6, 4), D(5, 31))
            .Owes("2026年6月", D(7, 5), D(7, 4), D(6, 30));

        var halfYear = task.Evaluate(JudgementPoint.At(D(6, 30), D(8, 1), RuleThresholds.Default));

        Assert.Equal(TrafficLight.Unreported, halfYear.Light);
        Assert.Equal(LightCause.ReportNotAccepted, halfYear.Cause);
        Assert.Equal(PeriodOutcome.Unreported, halfYear.Outcome);
        Assert.Equal(0.4, halfYear.WorkProgress); // what is known is May's
    }

    [Theory]
    [InlineData(61, 40, TrafficLight.Yellow, LightCause.DoubleHalfNotMet)] // the milestone is not due on its own date, but 双过半 is
    [InlineData(62, 40, TrafficLight.Red, LightCause.MilestoneMissed)]
    [InlineData(62, 55, TrafficLight.Red, LightCause.MilestoneMissed)] // 5 points short is still a missed milestone
    [InlineData(62, 60, TrafficLight.Green, LightCause.OnSchedule)] // exactly the planned share meets it
    public void Due_milestone_not_reached_is_red(int day, decimal work, TrafficLight light, LightCause cause)
    {
        var evaluation = Task().Milestone(Day(61), 60, "主体完工").Reported(Day(1), work).EvaluateAsOf(Day(day));

        Assert.Equal(light, evaluation.Light);
        Assert.Equal(cause, evaluation.Cause);
        Assert.Equal(cause == LightCause.MilestoneMissed ? 0 : -1, evaluation.MissedMilestoneIndex);
    }

    [Fact]
    public void Missed_milestone_points_at_the_latest_due_one_not_reached()
    {
        var evaluation = Task()
            .Milestone(Day(20), 20)
            .Milestone(Day(40), 45)
            .Milestone(Day(80), 90)
            .Reported(Day(1), 30)
            .EvaluateAsOf(Day(50));

        Assert.Equal(1, evaluation.MissedMilestoneIndex);
    }

    [Theory]
    [InlineData(7.1, TrafficLight.Green, -1.4)] // ahead of the target: negative lag
    [InlineData(7, TrafficLight.Green, 0.0)]
    [InlineData(6.2, TrafficLight.Yellow, 11.4)] // 88.6% of the target
    [InlineData(5.5, TrafficLight.Red, 21.4)] // 78.6%
    public void Rate_indicator_compares_the_share_of_the_target_with_100_percent(decimal actual, TrafficLight light, double lag)
    {
        var evaluation = Task().Indicator(7m).Actual(Day(5), actual).EvaluateAsOf(Day(20));

        Assert.Equal(light, evaluation.Light);
        Assert.Equal(lag, evaluation.LagPoints);
    }

    [Theory]
    [InlineData(4.11, TrafficLight.Green)]
    [InlineData(5, TrafficLight.Yellow)] // 4.5 ÷ 5 = 90%
    [InlineData(6, TrafficLight.Red)] // 75%
    public void Lower_is_better_indicator_is_green_within_the_ceiling(decimal actual, TrafficLight light)
    {
        var evaluation = Task().Indicator(4.5m, IndicatorDirection.LowerIsBetter).Actual(Day(5), actual).EvaluateAsOf(Day(20));

        Assert.Equal(light, evaluation.Light);
    }

    [Fact]
    public void Indicator_over_its_target_is_not_done_and_not_red_after_the_deadline()
    {
        var task = Task().Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元").Actual(Day(90), 620.5m);

        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(Day(95)).Light);
        Assert.Equal(TrafficLight.Green, task.EvaluateAsOf(Day(120)).Light);
    }

    [Fact]
    public void Indicator_below_its_target_after_the_deadline_is_red()
    {
        var evaluation = Task().Indicator(500m, measure: IndicatorMeasure.Cumulative).Actual(Day(90), 490m).EvaluateAsOf(Day(101));

        Assert.Equal(LightCause.PastDeadline, evaluation.Cause);
    }

    [Fact]
    public void Array_and_list_facts_are_judged_alike()
    {
        var task = Task()
            .Milestone(Day(30), 30)
            .Reported(Day(10), 10)
            .Reported(Day(35), 35)
            .Reported(Day(70), 70)
            .Owes("2026年1月", D(2, 5), D(2, 20));

        for (var day = 0; day <= 110; day++)
        {
            var fromList = TaskRules.Evaluate(task.Build(), Day(day), RuleThresholds.Default);
            var fromArrays = TaskRules.Evaluate(task.BuildWithArrays(), Day(day), RuleThresholds.Default);
            Assert.Equal(fromList, fromArrays);
        }
    }

    [Fact]
    public void Single_rule_functions_agree_with_evaluate()
    {
        var facts = Task().Reported(Day(10), 30).Build();
        var evaluation = TaskRules.Evaluate(facts, Day(45), RuleThresholds.Default);

        Assert.Equal(TrafficLight.Yellow, TaskRules.Light(facts, Day(45)));
        Assert.Equal(evaluation.Light, TaskRules.Light(facts, Day(45)));
        Assert.Equal(evaluation.ExpectedProgress, TaskRules.ExpectedProgress(facts, Day(45)));
    }

    [Fact]
    public void Evaluate_rejects_missing_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => TaskRules.Evaluate(null!, Day(1), RuleThresholds.Default));
        Assert.Throws<ArgumentNullException>(() => TaskRules.Evaluate(Task().Build(), Day(1), null!));
    }

    [Fact]
    public void Rate_indicator_without_a_first_figure_is_not_yet_due_until_its_report_is_overdue()
    {
        var task = YearTask().Indicator(7.0m).Owes("2026年1月", D(2, 5));

        var beforeDue = task.EvaluateAsOf(D(2, 8));
        Assert.Equal(TrafficLight.NotYetDue, beforeDue.Light);
        Assert.False(beforeDue.HasReport);

        var overdue = task.EvaluateAsOf(D(2, 9));
        Assert.Equal(TrafficLight.Unreported, overdue.Light);
        Assert.Equal(LightCause.ReportOverdue, overdue.Cause);
        Assert.Equal(PeriodOutcome.NoData, overdue.Outcome);
    }

    [Fact]
    public void Rate_indicator_without_any_figure_after_its_deadline_is_red()
    {
        var task = YearTask().Span(D(1, 1), D(6, 30)).Indicator(7.0m);

        Assert.Equal(TrafficLight.Red, task.EvaluateAsOf(D(7, 1)).Light);
    }

    [Fact]
    public void Quarterly_task_is_not_judged_behind_before_its_first_report_is_due()
    {
        var task = YearTask().Owes("2026年第一季度", D(4, 5)).Owes("2026年第二季度", D(7, 5));

        var march = task.EvaluateAsOf(D(3, 20));
        Assert.Equal(TrafficLight.NotYetDue, march.Light);
        Assert.Equal(0, march.LagPoints);

        // Once the first report is overdue the task is 未报送, never judged on schedule without it.
        var april = task.EvaluateAsOf(D(4, 20));
        Assert.Equal(TrafficLight.Unreported, april.Light);
        Assert.Equal(LightCause.ReportOverdue, april.Cause);
    }

    [Fact]
    public void Fresh_instruction_with_a_one_off_report_is_not_yet_due_until_half_its_time_then_yellow()
    {
        var task = Task().Span(D(11, 16), D(11, 30)).Owes("办理结果", D(11, 30));

        Assert.Equal(TrafficLight.NotYetDue, task.EvaluateAsOf(D(11, 20)).Light);
        Assert.Equal(TrafficLight.Yellow, task.EvaluateAsOf(D(11, 23)).Light); // half its time gone, nothing reported
        Assert.Equal(TrafficLight.Red, task.EvaluateAsOf(D(12, 1)).Light);
    }
}
