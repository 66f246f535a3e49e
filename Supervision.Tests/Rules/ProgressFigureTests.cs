using Supervision.Core.Rules;
using static Supervision.Tests.Rules.TaskBuilder;

namespace Supervision.Tests.Rules;

public class TimeProgressTests
{
    [Theory]
    [InlineData(0, 0.0)] // the day before Start
    [InlineData(1, 0.01)] // Start itself counts as an elapsed day
    [InlineData(50, 0.5)]
    [InlineData(99, 0.99)]
    [InlineData(100, 1.0)] // the deadline day
    [InlineData(101, 1.0)]
    [InlineData(400, 1.0)]
    public void Time_progress_counts_days_inclusively_over_the_span(int day, double expected)
    {
        var facts = Task().Build();

        Assert.Equal(expected, TaskRules.TimeProgress(facts, Day(day)));
    }

    [Fact]
    public void Time_progress_is_zero_long_before_start()
    {
        Assert.Equal(0.0, TaskRules.TimeProgress(Task().Build(), new DateOnly(2025, 6, 1)));
    }

    [Theory]
    [InlineData(1, 0.01)] // 0.5% rounds away from zero to 1%
    [InlineData(2, 0.01)] // exactly 1%
    [InlineData(3, 0.02)] // 1.5% rounds to 2%
    public void Time_progress_rounds_half_percents_away_from_zero(int day, double expected)
    {
        var facts = Task().Span(Start, Start.AddDays(199)).Build(); // 200 days

        Assert.Equal(expected, TaskRules.TimeProgress(facts, Start.AddDays(day - 1)));
    }

    [Theory]
    [InlineData(6, 29, 0.49)] // 180/365 = 49.3%
    [InlineData(6, 30, 0.5)] // 181/365 = 49.6%, printed and judged as 50%
    [InlineData(7, 1, 0.5)] // 182/365 = 49.9%
    [InlineData(7, 2, 0.5)] // 183/365 = 50.1%
    public void Half_year_end_of_a_calendar_year_task_is_half_time(int month, int day, double expected)
    {
        Assert.Equal(expected, TaskRules.TimeProgress(YearTask().Build(), D(month, day)));
    }

    [Theory]
    [InlineData(3, 9, 0.0)]
    [InlineData(3, 10, 1.0)]
    [InlineData(3, 11, 1.0)]
    public void Zero_length_span_is_nothing_before_the_deadline_day_and_all_from_it(int month, int day, double expected)
    {
        var facts = Task().Span(D(3, 10), D(3, 10)).Build();

        Assert.Equal(expected, TaskRules.TimeProgress(facts, D(month, day)));
    }

    [Theory]
    [InlineData(3, 9, 0.0)]
    [InlineData(3, 10, 1.0)] // the deadline day, although before Start
    [InlineData(3, 15, 1.0)]
    [InlineData(3, 25, 1.0)]
    public void Deadline_before_start_is_judged_by_the_deadline_alone(int month, int day, double expected)
    {
        var facts = Task().Span(D(3, 20), D(3, 10)).Build();

        Assert.Equal(expected, TaskRules.TimeProgress(facts, D(month, day)));
    }
}

public class WorkProgressTests
{
    [Fact]
    public void No_report_yet_is_zero_work_without_a_report()
    {
        var evaluation = Task().EvaluateAsOf(Day(30));

        Assert.Equal(0.0, evaluation.WorkProgress);
        Assert.False(evaluation.HasReport);
        Assert.Equal(-1, evaluation.LatestProgressIndex);
    }

    [Fact]
    public void As_of_ignores_reports_accepted_later()
    {
        var facts = Task().Reported(Day(10), 10).Reported(Day(20), 25).Reported(Day(30), 40).Build();

        Assert.Equal(0.25, TaskRules.WorkProgress(facts, Day(29), out var hasReport));
        Assert.True(hasReport);
        Assert.Equal(0.4, TaskRules.WorkProgress(facts, Day(30)));
        Assert.Equal(0.0, TaskRules.WorkProgress(facts, Day(9), out hasReport));
        Assert.False(hasReport);
    }

    [Theory]
    [InlineData(49.5, 0.5)] // whole percents, half away from zero
    [InlineData(48.5, 0.49)] // not to even
    [InlineData(49.4, 0.49)]
    [InlineData(120, 1.0)]
    [InlineData(-5, 0.0)]
    public void Percent_is_clamped_and_rounded_to_whole_points(decimal percent, double expected)
    {
        var facts = Task().Reported(Day(10), percent).Build();

        Assert.Equal(expected, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Fact]
    public void Points_without_a_percent_do_not_count_for_a_percentage_task()
    {
        var facts = Task().Reported(Day(10), 30).Actual(Day(20), 99).Build();

        var evaluation = TaskRules.Evaluate(facts, Day(20), RuleThresholds.Default);

        Assert.Equal(0.3, evaluation.WorkProgress);
        Assert.Equal(0, evaluation.LatestProgressIndex);
    }

    [Theory]
    [InlineData(620.5, 500, 1.241)] // 完成年计划的124.1%: the raw share is kept above 100%
    [InlineData(6.2, 7, 0.886)]
    [InlineData(3.5, 7, 0.5)]
    [InlineData(0, 7, 0.0)]
    [InlineData(-1.4, 7, -0.2)]
    [InlineData(0.02, 8, 0.003)] // 0.25% rounds away from zero to 0.3%
    public void Higher_is_better_indicator_is_actual_over_target(decimal actual, decimal target, double expected)
    {
        var facts = Task().Indicator(target).Actual(Day(10), actual).Build();

        Assert.Equal(expected, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Theory]
    [InlineData(4.11, 1.0)]
    [InlineData(4.5, 1.0)] // on the ceiling is within it
    [InlineData(0, 1.0)] // actual 0 does not divide by zero
    [InlineData(5, 0.9)] // target ÷ actual
    [InlineData(9, 0.5)]
    public void Lower_is_better_indicator_is_full_within_the_ceiling_and_target_over_actual_above_it(decimal actual, double expected)
    {
        var facts = Task().Indicator(4.5m, IndicatorDirection.LowerIsBetter).Actual(Day(10), actual).Build();

        Assert.Equal(expected, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Theory]
    [InlineData(IndicatorDirection.HigherIsBetter, 0.5, 1.0)]
    [InlineData(IndicatorDirection.HigherIsBetter, 0, 1.0)]
    [InlineData(IndicatorDirection.HigherIsBetter, -0.3, 0.0)]
    [InlineData(IndicatorDirection.LowerIsBetter, 0, 1.0)]
    [InlineData(IndicatorDirection.LowerIsBetter, 2, 0.0)]
    public void Target_zero_is_judged_met_or_not_without_dividing_by_zero(IndicatorDirection direction, decimal actual, double expected)
    {
        var facts = Task().Indicator(0m, direction).Actual(Day(10), actual).Build();

        Assert.Equal(expected, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Theory]
    [InlineData(IndicatorDirection.LowerIsBetter, -3, 1.0)]
    [InlineData(IndicatorDirection.LowerIsBetter, -1, 0.0)]
    [InlineData(IndicatorDirection.HigherIsBetter, -1, 1.0)]
    [InlineData(IndicatorDirection.HigherIsBetter, -3, 0.0)]
    public void Negative_target_is_judged_met_or_not_as_no_share_can_be_formed(IndicatorDirection direction, decimal actual, double expected)
    {
        var facts = Task().Indicator(-2m, direction).Actual(Day(10), actual).Build();

        Assert.Equal(expected, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Fact]
    public void Absurd_indicator_share_is_capped_instead_of_overflowing()
    {
        var facts = Task().Indicator(0.0000001m).Actual(Day(10), 79_000_000_000_000m).Build();

        Assert.Equal(1000.0, TaskRules.WorkProgress(facts, Day(10)));
    }

    [Fact]
    public void Indicator_task_uses_the_latest_actual_and_skips_percent_only_points()
    {
        var facts = Task().Indicator(7m).Actual(Day(10), 6.2m).Reported(Day(20), 90).Build();

        var evaluation = TaskRules.Evaluate(facts, Day(20), RuleThresholds.Default);

        Assert.Equal(0.886, evaluation.WorkProgress);
        Assert.Equal(0, evaluation.LatestProgressIndex);
    }
}

public class ExpectedProgressTests
{
    [Fact]
    public void Without_milestones_the_expectation_is_linear_time()
    {
        var facts = Task().Build();

        Assert.Equal(0.37, TaskRules.ExpectedProgress(facts, Day(37)));
    }

    [Theory]
    [InlineData(IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate)]
    [InlineData(IndicatorDirection.LowerIsBetter, IndicatorMeasure.Rate)]
    [InlineData(IndicatorDirection.LowerIsBetter, IndicatorMeasure.Cumulative)] // a ceiling holds all the time
    public void Rate_and_ceiling_indicators_expect_the_full_target_from_the_start(IndicatorDirection direction, IndicatorMeasure measure)
    {
        var facts = Task().Indicator(4.5m, direction, measure).Build();

        Assert.Equal(1.0, TaskRules.ExpectedProgress(facts, Day(1)));
        Assert.Equal(0.0, TaskRules.ExpectedProgress(facts, Day(0)));
    }

    [Fact]
    public void Cumulative_higher_is_better_indicator_follows_time()
    {
        var facts = Task().Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元").Build();

        Assert.Equal(0.42, TaskRules.ExpectedProgress(facts, Day(42)));
    }

    [Theory]
    [InlineData(30, 0.0)] // before the first milestone is due
    [InlineData(31, 0.0)] // on the milestone's own date it is not yet due
    [InlineData(32, 0.25)] // due from the day after
    [InlineData(61, 0.25)]
    [InlineData(62, 0.6)]
    [InlineData(90, 0.6)]
    [InlineData(91, 0.9)]
    [InlineData(100, 0.9)] // the deadline day
    [InlineData(101, 1.0)] // after the deadline everything is expected, whatever the last milestone planned
    public void Milestones_make_the_expectation_stepwise(int day, double expected)
    {
        var facts = Task()
            .Milestone(Day(31), 25)
            .Milestone(Day(61), 60)
            .Milestone(Day(90), 90)
            .Build();

        Assert.Equal(expected, TaskRules.ExpectedProgress(facts, Day(day)));
    }

    [Theory]
    [InlineData(36, 0.0)]
    [InlineData(37, 0.25)]
    public void Milestone_grace_days_delay_when_a_milestone_becomes_due(int day, double expected)
    {
        var facts = Task().Milestone(Day(31), 25).Build();
        var thresholds = RuleThresholds.Default with { MilestoneGraceDays = 5 };

        Assert.Equal(expected, TaskRules.ExpectedProgress(facts, Day(day), thresholds));
    }
}
