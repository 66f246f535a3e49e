using Supervision.Core.Rules;
using static Supervision.Tests.Rules.TaskBuilder;

namespace Supervision.Tests.Rules;

public class ReasonWordsTests
{
    [Fact]
    public void Lagging_after_half_time_names_half_time_progress_and_lag()
    {
        var task = Task().Reported(Day(50), 40);

        Assert.Equal(TrafficLight.Yellow, task.EvaluateAsOf(Day(58)).Light);
        Assert.Equal("时间过半(58%)，进度40%，落后18个百分点", task.DescribeAsOf(Day(58)));
    }

    [Theory]
    [InlineData(25, "时间进度30%，进度25%，落后5个百分点")]
    [InlineData(30, "时间进度30%，进度30%，进度符合要求")]
    [InlineData(35, "时间进度30%，进度35%，进度符合要求")]
    public void Before_half_time_the_words_give_time_progress(decimal work, string expected)
    {
        Assert.Equal(expected, Task().Reported(Day(1), work).DescribeAsOf(Day(30)));
    }

    [Fact]
    public void No_report_yet_is_mentioned()
    {
        Assert.Equal("时间过半(58%)，尚未报送进展，未达到“双过半”要求", Task().DescribeAsOf(Day(58)));
    }

    [Fact]
    public void Deadline_day_reads_as_full_time_progress()
    {
        Assert.Equal("时间进度100%，进度95%，落后5个百分点", Task().Reported(Day(1), 95).DescribeAsOf(Day(100)));
    }

    [Fact]
    public void Missed_milestone_names_the_milestone_with_plan_and_actual()
    {
        var task = YearTask().Milestone(D(6, 30), 60, "主体完工").Reported(D(6, 20), 40);

        Assert.Equal("节点「主体完工」(6月30日)未达成：计划60%，实际40%", task.DescribeAsOf(D(7, 1)));
    }

    [Fact]
    public void Missed_milestone_without_any_report_says_so()
    {
        var task = YearTask().Milestone(D(6, 30), 60, "主体完工");

        Assert.Equal("节点「主体完工」(6月30日)未达成：计划60%，尚未报送进展", task.DescribeAsOf(D(7, 1)));
    }

    [Fact]
    public void Milestone_of_another_year_is_dated_with_its_year()
    {
        var task = Task()
            .Span(D(1, 1), new DateOnly(2027, 6, 30))
            .Milestone(D(12, 31), 50, "年度节点")
            .Reported(D(12, 20), 40);

        Assert.Equal("节点「年度节点」(2026年12月31日)未达成：计划50%，实际40%", task.DescribeAsOf(new DateOnly(2027, 1, 5)));
    }

    [Fact]
    public void Indicator_milestone_is_worded_in_tenths_of_a_percent()
    {
        var task = Task()
            .Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元")
            .Milestone(Day(50), 45.5m, "半程")
            .Actual(Day(40), 200m);

        Assert.Equal("节点「半程」(2月19日)未达成：计划45.5%，实际40%", task.DescribeAsOf(Day(51)));
    }

    [Fact]
    public void Milestone_expectation_is_named_when_it_differs_from_time()
    {
        var task = YearTask().Milestone(D(6, 30), 50, "过半").Reported(D(7, 10), 55);

        Assert.Equal("时间过半(54%)，应完成50%，进度55%，进度符合要求", task.DescribeAsOf(D(7, 15)));
    }

    [Fact]
    public void Past_deadline_names_the_deadline_and_the_progress()
    {
        var task = Task().Span(D(1, 1), D(6, 30)).Reported(D(6, 20), 80);

        Assert.Equal("已超过完成时限(2026年6月30日)，进度80%", task.DescribeAsOf(D(7, 1)));
    }

    [Fact]
    public void Past_deadline_without_any_report_says_so()
    {
        Assert.Equal("已超过完成时限(2026年6月30日)，尚未报送进展", Task().Span(D(1, 1), D(6, 30)).DescribeAsOf(D(7, 1)));
    }

    [Fact]
    public void Past_deadline_indicator_names_its_values()
    {
        var task = Task()
            .Span(D(1, 1), D(6, 30))
            .Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元")
            .Actual(D(6, 30), 450m);

        Assert.Equal("已超过完成时限(2026年6月30日)，目标500亿元，实际450亿元，完成年计划的90.0%", task.DescribeAsOf(D(7, 1)));
    }

    [Fact]
    public void Overdue_report_names_the_period_and_its_due_date()
    {
        var task = YearTask()
            .Reported(D(6, 1), 45)
            .Owes("2026年4月", D(5, 5), D(5, 4))
            .Owes("2026年5月", D(6, 5));

        Assert.Equal(TrafficLight.Unreported, task.EvaluateAsOf(D(6, 9)).Light);
        Assert.Equal("2026年5月进展逾期未报（应于6月5日前报送）；此前采纳的进度为45%", task.DescribeAsOf(D(6, 9)));
        Assert.Equal("时间进度44%，进度45%，进度符合要求", task.DescribeAsOf(D(6, 8)));
    }

    [Fact]
    public void Unreported_names_the_missing_report_and_counts_the_other_gaps()
    {
        var task = Task().Reported(Day(1), 90).Owes("2026年1月", D(2, 5)).Owes("2026年2月", D(3, 5));

        Assert.Equal("2026年2月进展逾期未报（应于3月5日前报送），另有1期逾期未报；此前采纳的进度为90%", task.DescribeAsOf(D(3, 20)));
    }

    [Fact]
    public void A_report_sent_but_not_accepted_by_the_cut_off_says_so()
    {
        var task = YearTask().Report(D(5, 1), D(5, 31), D(6, 8), 40).Owes("2026年6月", D(7, 5), D(7, 4), D(6, 30));
        var facts = task.Build();

        var words = TaskRules.Evaluate(facts, JudgementPoint.At(D(6, 30), D(8, 1), RuleThresholds.Default), RuleThresholds.Default).Describe(facts);

        Assert.Equal("2026年6月进展截至7月15日未经审核采纳；此前采纳的进度为40%", words);
    }

    [Fact]
    public void An_older_gap_follows_the_main_cause()
    {
        var task = Task().Reported(D(3, 8), 65).Owes("2026年1月", D(2, 5)).Owes("2026年2月", D(3, 5), D(3, 6));

        Assert.Equal("时间过半(79%)，进度65%，落后14个百分点；2026年1月进展逾期未报（应于2月5日前报送）", task.DescribeAsOf(D(3, 20)));
    }

    [Fact]
    public void Not_assigned_and_not_yet_due_are_worded_plainly()
    {
        Assert.Equal("尚未交办，不作评价", Task().Unassigned().DescribeAsOf(Day(50)));
        Assert.Equal("尚无应报进展（首次应于2月5日前报送）", YearTask().Owes("2026年1月", D(2, 5)).DescribeAsOf(D(1, 20)));
        Assert.Equal("7月1日开始实施，尚无应报进展", YearTask().Span(D(7, 1), D(12, 31)).DescribeAsOf(D(6, 30)));
    }

    [Fact]
    public void Done_closed_and_cancelled_are_worded_plainly()
    {
        Assert.Equal("已完成", Task().Reported(Day(30), 100).DescribeAsOf(Day(40)));
        Assert.Equal("已销号(2026年9月30日)", YearTask().Reported(D(9, 1), 100).Closed(D(9, 30)).DescribeAsOf(D(10, 1)));
        Assert.Equal("已取消", Task().Owes("2026年1月", D(2, 5)).Cancelled(Day(20)).DescribeAsOf(Day(80)));
    }

    [Theory]
    [InlineData(6.2, "目标7%，实际6.2%，低于目标0.8个百分点")]
    [InlineData(7.1, "目标7%，实际7.1%，高于目标0.1个百分点")]
    [InlineData(7, "目标7%，实际7%，与目标持平")]
    public void Rate_indicator_names_target_actual_and_the_difference_as_every_surface_does(decimal actual, string expected)
    {
        Assert.Equal(expected, Task().Indicator(7m).Actual(Day(5), actual).DescribeAsOf(Day(20)));
    }

    [Fact]
    public void Rate_indicator_without_a_value_says_so()
    {
        Assert.Equal("时间过半(60%)，目标7%，尚未报送进展，未达到“双过半”要求", Task().Indicator(7m).DescribeAsOf(Day(60)));
    }

    [Theory]
    [InlineData(4.11, "实际4.11%，控制在4.5%以内")]
    [InlineData(4.50, "实际4.5%，控制在4.5%以内")]
    [InlineData(5, "控制目标4.5%以内，实际5%，超出控制目标0.5个百分点")]
    public void Lower_is_better_indicator_names_the_ceiling(decimal actual, string expected)
    {
        var task = Task().Indicator(4.50m, IndicatorDirection.LowerIsBetter).Actual(Day(5), actual);

        Assert.Equal(expected, task.DescribeAsOf(Day(20)));
    }

    [Theory]
    [InlineData(620.5, "目标500亿元，实际620.5亿元，完成年计划的124.1%，时间过半(54%)，进度符合要求")]
    [InlineData(200, "目标500亿元，实际200亿元，完成年计划的40.0%，时间过半(54%)，落后14个百分点")]
    public void Cumulative_indicator_names_its_share_against_time(decimal actual, string expected)
    {
        var task = YearTask().Indicator(500m, measure: IndicatorMeasure.Cumulative, unit: "亿元").Actual(D(7, 10), actual);

        Assert.Equal(expected, task.DescribeAsOf(D(7, 15)));
    }

    [Fact]
    public void Static_and_instance_describe_give_the_same_words()
    {
        var facts = Task().Reported(Day(10), 30).Build();
        var evaluation = TaskRules.Evaluate(facts, Day(45), RuleThresholds.Default);

        Assert.Equal("时间进度45%，进度30%，落后15个百分点", TaskRules.Describe(evaluation, facts));
        Assert.Equal(evaluation.Describe(facts), TaskRules.Describe(evaluation, facts));
    }
}
