using Supervision.Core.Rules;
using static Supervision.Tests.Rules.TaskBuilder;

namespace Supervision.Tests.Rules;

public class DoubleHalfTests
{
    [Theory]
    [InlineData(49, 10, DoubleHalfStatus.NotYetHalfTime)]
    [InlineData(50, 50, DoubleHalfStatus.Met)]
    [InlineData(50, 49, DoubleHalfStatus.NotMet)]
    [InlineData(51, 50, DoubleHalfStatus.Met)]
    [InlineData(90, 49, DoubleHalfStatus.NotMet)]
    public void Double_half_asks_for_half_the_work_once_half_the_time_has_passed(int day, decimal work, DoubleHalfStatus expected)
    {
        var facts = Task().Reported(Day(1), work).Build();

        Assert.Equal(expected, TaskRules.DoubleHalf(facts, Day(day)));
    }

    [Fact]
    public void Exactly_half_time_with_half_work_meets_double_half()
    {
        var evaluation = Task().Reported(Day(50), 50).EvaluateAsOf(Day(50));

        Assert.Equal(0.5, evaluation.TimeProgress);
        Assert.Equal(0.5, evaluation.WorkProgress);
        Assert.Equal(DoubleHalfStatus.Met, evaluation.DoubleHalf);
    }

    [Fact]
    public void Half_time_without_any_report_does_not_meet_double_half()
    {
        Assert.Equal(DoubleHalfStatus.NotMet, TaskRules.DoubleHalf(Task().Build(), Day(50)));
    }

    [Fact]
    public void Done_tasks_meet_double_half_and_cancelled_ones_are_not_judged()
    {
        Assert.Equal(DoubleHalfStatus.Met, TaskRules.DoubleHalf(Task().Reported(Day(1), 10).Closed(Day(20)).Build(), Day(60)));
        Assert.Equal(DoubleHalfStatus.Met, TaskRules.DoubleHalf(Task().Reported(Day(10), 100).Build(), Day(20)));
        Assert.Equal(DoubleHalfStatus.NotApplicable, TaskRules.DoubleHalf(Task().Reported(Day(1), 10).Cancelled(Day(20)).Build(), Day(60)));
    }

    [Fact]
    public void Custom_half_time_share_moves_the_check()
    {
        var facts = Task().Reported(Day(1), 10).Build();
        var later = RuleThresholds.Default with { DoubleHalfTimeShare = 0.6m };

        Assert.Equal(DoubleHalfStatus.NotMet, TaskRules.DoubleHalf(facts, Day(55)));
        Assert.Equal(DoubleHalfStatus.NotYetHalfTime, TaskRules.DoubleHalf(facts, Day(55), later));
        Assert.Equal(DoubleHalfStatus.NotMet, TaskRules.DoubleHalf(facts, Day(60), later));
    }

    [Fact]
    public void Half_year_report_on_june_30_judges_double_half_for_calendar_year_tasks()
    {
        var facts = YearTask().Reported(D(6, 25), 50).Build();

        Assert.Equal(DoubleHalfStatus.Met, TaskRules.DoubleHalf(facts, D(6, 30)));
        Assert.Equal(DoubleHalfStatus.NotYetHalfTime, TaskRules.DoubleHalf(facts, D(6, 29)));
    }
}

/// <summary>
/// The period class is the state renamed (docs/glossary.md §4): 完成 = 已完成 or 绿灯, 部分完成 = 黄灯, 未完成 = 红灯, 未报送,
/// 取消; indicators 完成进度 / 未完成进度 / 暂无数据. Earlier any lag at all was 部分完成, so a green task could be
/// 部分完成: the thresholds now decide both alike.
/// </summary>
public class PeriodOutcomeTests
{
    private static PeriodOutcome Class(TaskFacts facts, DateOnly periodEnd, RuleThresholds? thresholds = null) =>
        TaskRules.ClassifyPeriod(facts, JudgementPoint.Live(periodEnd), thresholds);

    private static bool? OnSchedule(TaskFacts facts, DateOnly asOf) =>
        TaskRules.IndicatorOnSchedule(TaskRules.Evaluate(facts, asOf, RuleThresholds.Default));

    [Theory]
    [InlineData(60, 60, PeriodOutcome.Completed)] // lag exactly 0
    [InlineData(60, 75, PeriodOutcome.Completed)] // ahead
    [InlineData(60, 51, PeriodOutcome.Completed)] // 9 points behind: still green, so 完成 (按进度推进)
    [InlineData(60, 50, PeriodOutcome.PartiallyCompleted)] // 10 points behind: yellow
    [InlineData(60, 41, PeriodOutcome.PartiallyCompleted)] // 19 points behind
    [InlineData(60, 40, PeriodOutcome.NotCompleted)] // 20 points behind: red
    [InlineData(101, 95, PeriodOutcome.NotCompleted)] // past the deadline unfinished, although only 5 behind
    public void Period_outcome_is_the_state_at_the_period_end(int periodEndDay, decimal work, PeriodOutcome expected)
    {
        var facts = Task().Reported(Day(1), work).Build();

        Assert.Equal(expected, Class(facts, Day(periodEndDay)));
        Assert.Equal(expected, TaskRules.OutcomeOf(TaskRules.Light(facts, Day(periodEndDay)), indicator: false));
    }

    [Fact]
    public void No_accepted_report_for_the_cycle_the_period_requires_is_unreported_never_completed()
    {
        // The January report, due on 1月10日, was never sent; its cut-off (due + 3 grace + 7 review days) is 1月20日.
        var facts = Task().Owes("2026年1月", Day(10)).Build();

        Assert.Equal(PeriodOutcome.Unreported, Class(facts, Day(25)));
        Assert.Equal(TrafficLight.Unreported, TaskRules.Light(facts, Day(25)));
    }

    [Fact]
    public void A_task_owing_nothing_yet_without_a_report_is_not_counted()
    {
        Assert.Equal(PeriodOutcome.NotCounted, Class(Task().Build(), Day(5)));
    }

    [Fact]
    public void A_task_starting_after_the_period_end_is_not_counted_for_it()
    {
        var facts = Task().Span(D(7, 1), D(12, 31)).Build();

        Assert.Equal(PeriodOutcome.NotCounted, Class(facts, D(6, 30)));
    }

    [Fact]
    public void Done_tasks_are_completed_and_cancelled_ones_cancelled_by_the_period_end()
    {
        var closed = Task().Reported(Day(1), 10).Closed(Day(60)).Build();
        var cancelled = Task().Reported(Day(1), 10).Cancelled(Day(60)).Build();
        var doneEarly = Task().Reported(Day(40), 100).Build();

        Assert.Equal(PeriodOutcome.Completed, Class(closed, Day(60)));
        Assert.Equal(PeriodOutcome.NotCompleted, Class(closed, Day(59)));
        Assert.Equal(PeriodOutcome.Cancelled, Class(cancelled, Day(60)));
        Assert.Equal(PeriodOutcome.NotCompleted, Class(cancelled, Day(59)));
        Assert.Equal(PeriodOutcome.Completed, Class(doneEarly, Day(60)));
    }

    [Fact]
    public void Custom_red_threshold_changes_the_period_outcome()
    {
        var facts = Task().Reported(Day(1), 45).Build();
        var stricter = RuleThresholds.Default with { YellowLagPoints = 5, RedLagPoints = 15 };

        Assert.Equal(PeriodOutcome.PartiallyCompleted, Class(facts, Day(60)));
        Assert.Equal(PeriodOutcome.NotCompleted, Class(facts, Day(60), stricter));
    }

    [Theory]
    [InlineData(7.1, true)]
    [InlineData(7, true)]
    [InlineData(6.99, false)]
    public void Rate_indicator_is_on_schedule_when_it_reaches_its_target(decimal actual, bool expected)
    {
        var facts = Task().Indicator(7m).Actual(Day(10), actual).Build();

        Assert.Equal(expected, OnSchedule(facts, Day(20)));
        Assert.Equal(expected ? PeriodOutcome.OnSchedule : PeriodOutcome.BehindSchedule, Class(facts, Day(20)));
    }

    [Theory]
    [InlineData(40, 200, true)] // 40% of the year's amount at 40% of the time
    [InlineData(40, 195, false)] // 39%: one point behind is behind for an indicator
    public void Cumulative_indicator_is_on_schedule_when_it_keeps_pace_with_time(int day, decimal actual, bool expected)
    {
        var facts = Task().Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元").Actual(Day(day), actual).Build();

        Assert.Equal(expected, OnSchedule(facts, Day(day)));
    }

    [Fact]
    public void An_indicator_without_the_report_its_period_requires_has_no_data()
    {
        var facts = Task().Indicator(7m).Owes("2026年1月", Day(10)).Build();

        Assert.Equal(PeriodOutcome.NoData, Class(facts, Day(25)));
        Assert.Null(OnSchedule(facts, Day(25)));
    }

    [Fact]
    public void Indicator_schedule_is_not_judged_for_percentage_or_cancelled_tasks()
    {
        Assert.Null(OnSchedule(Task().Reported(Day(1), 90).Build(), Day(20)));
        Assert.Null(OnSchedule(Task().Indicator(7m).Actual(Day(1), 8m).Cancelled(Day(10)).Build(), Day(20)));
        Assert.True(OnSchedule(Task().Indicator(7m).Actual(Day(1), 8m).Cancelled(Day(30)).Build(), Day(20)));
    }
}
