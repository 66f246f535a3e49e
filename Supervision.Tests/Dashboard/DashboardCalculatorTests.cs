using Supervision.Core.Dashboard;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Tests.Dashboard;

public sealed class DashboardCalculatorTests
{
    [Fact]
    public void Counts_follow_the_states_of_tasks_that_existed_on_the_date()
    {
        var model = DashboardSample.Model();

        var lights = model.Counts.Lights;
        Assert.Equal((6, 1, 2, 1, 0, 1, 1), (lights.Total, lights.Done, lights.Green, lights.Yellow, lights.Red, lights.Unreported, lights.Cancelled));
        Assert.Equal(3, model.Counts.DoubleHalfMet); // T1 60%, T4 closed, T6 indicator
        Assert.Equal(2, model.Counts.DoubleHalfNotMet); // T2 35%, T3 20%
        Assert.Equal(1, model.Counts.AwaitingReview);
        Assert.Equal(1, model.Counts.OverdueReports);
    }

    [Fact]
    public void The_classes_count_indicators_apart_from_key_work_each_task_once()
    {
        var classes = DashboardSample.Model().Counts.Classes;

        // 重点工作: T1 完成, T2 部分完成, T3 未报送, T4 完成, T5 取消; the indicator T6 完成进度, counted once, apart.
        Assert.Equal((5, 2, 1, 0, 1, 1), (classes.KeyWork, classes.Completed, classes.Partial, classes.NotCompleted, classes.Unreported, classes.Cancelled));
        Assert.Equal((1, 1, 0, 0), (classes.Indicators, classes.OnSchedule, classes.BehindSchedule, classes.NoData));
        Assert.Equal(DashboardSample.Model().Counts.Lights.Counted, classes.Counted);
    }

    [Fact]
    public void Awaiting_review_is_counted_as_of_the_dashboards_date()
    {
        // Report 103 was sent on 6月30日 and is still waiting: on 6月29日 nothing waited yet.
        Assert.Equal(1, DashboardSample.Model().Counts.AwaitingReview);
        Assert.Equal(0, DashboardSample.Model(asOf: new DateOnly(2026, 6, 29)).Counts.AwaitingReview);
        // Report 102's first revision waited from 6月20日 until it was returned on 6月22日.
        Assert.Equal(1, DashboardSample.Model(asOf: new DateOnly(2026, 6, 21)).Counts.AwaitingReview);
    }

    [Fact]
    public void A_cancelled_task_is_not_listed_as_overdue_for_reports_it_missed_before_cancellation()
    {
        var data = DashboardSample.Data();
        var tasks = data.Tasks.Select(t => t.Id == 5
            ? DashboardSample.Task(5, "2026-ZD-005", "停车场建设", DashboardSample.Livelihood, lead: 2, leader: null, due: [DashboardSample.Due(1)], cancelledOn: new DateOnly(2026, 3, 1))
            : t).ToList();
        var judged = DashboardSample.Judged(data with { Tasks = tasks });

        var model = DashboardCalculator.Compute(judged, new DashboardScope(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        Assert.Equal(1, judged.Find(5)!.Evaluation.OverdueReportCount); // the January report was missed …
        Assert.DoesNotContain(model.OverdueReports, o => o.TaskId == 5); // … but nobody chases a cancelled task
        Assert.Contains(model.OverdueReports, o => o.TaskId == 3);
    }

    [Fact]
    public void A_later_date_includes_the_task_registered_in_August()
    {
        var model = DashboardCalculator.Compute(DashboardSample.Judged(asOf: new DateOnly(2026, 8, 2)), new DashboardScope(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        Assert.Equal(7, model.Counts.Lights.Total);
    }

    [Fact]
    public void Double_half_chart_averages_time_and_work_per_category_leaving_cancelled_tasks_out()
    {
        var chart = DashboardSample.Model().ByCategory;

        Assert.Equal(["扩大有效投资", "民生实事"], chart.Bars.Select(b => b.Label));
        var investment = chart.Bars[0];
        Assert.Equal(3, investment.TaskCount);
        Assert.Equal(0.5, investment.TimeProgress, 3);
        Assert.Equal((0.60 + 0.35 + 1.0) / 3, investment.WorkProgress, 3); // the indicator's 124.1% counts as 100%
        Assert.Equal(1, investment.DoubleHalfNotMet);
        var livelihood = chart.Bars[1];
        Assert.Equal(2, livelihood.TaskCount); // T5 cancelled is not averaged …
        Assert.Equal((0.2 + 1.0) / 2, livelihood.WorkProgress, 3); // … and the closed T4 counts as done
        Assert.Equal([3, 4, 5], livelihood.TaskIds); // … but the drill-down lists every task of the group
    }

    [Fact]
    public void Chart_switches_to_units_and_to_leader_portfolios()
    {
        var model = DashboardSample.Model();

        Assert.Equal(["甲局", "乙区"], model.ByUnit.Bars.Select(b => b.Label));
        Assert.Equal([1, 2, 6], model.ByUnit.Bars[0].TaskIds);
        Assert.Equal(["张市长", "李副市长"], model.ByLeader.Bars.Select(b => b.Label)); // 未定责任领导 only had the cancelled T5
        Assert.Equal(0.2 / 2 + 0.5, model.ByLeader.Bars[1].WorkProgress, 3);
    }

    [Fact]
    public void Board_groups_tiles_by_category_with_the_reason_for_hover()
    {
        var board = DashboardSample.Model().Board;

        Assert.Equal(["扩大有效投资", "民生实事"], board.Select(g => g.Name));
        var unreported = board[1].Tiles.Single(t => t.TaskId == 3);
        Assert.Equal(TrafficLight.Unreported, unreported.Light);
        Assert.Equal("乙区", unreported.LeadUnit);
        Assert.Equal("2026年5月进展逾期未报（应于6月5日前报送）；此前采纳的进度为20%", unreported.Reason);
        Assert.Equal(TrafficLight.Cancelled, board[1].Tiles.Single(t => t.TaskId == 5).Light);
    }

    [Fact]
    public void Tasks_without_a_category_are_grouped_by_their_source_after_the_categories()
    {
        var model = DashboardSample.Model(data: DashboardSample.WithUncategorised());

        Assert.Equal(["扩大有效投资", "民生实事", "领导批示件", "会议决策部署"], model.Board.Select(g => g.Name));
        var instructions = model.Board[2];
        Assert.Null(instructions.CategoryId);
        Assert.Equal(TaskSource.LeaderInstruction, instructions.Source);
        Assert.Equal([8], instructions.Tiles.Select(t => t.TaskId));
        Assert.NotEqual(instructions.Key, model.Board[3].Key);
        var bar = model.ByCategory.Bars.Single(b => b.Source == TaskSource.MeetingDecision);
        Assert.Equal(("会议决策部署", (int?)null, 1), (bar.Label, bar.Id, bar.TaskCount));
        Assert.Equal([9], bar.TaskIds);
    }

    [Fact]
    public void Indicator_is_written_as_share_of_the_annual_plan()
    {
        var line = Assert.Single(DashboardSample.Model().Indicators);

        Assert.Equal("固定资产投资", line.Name);
        Assert.Equal(620.5m, line.Actual);
        Assert.Equal("完成年计划的124.1%", line.Words);
        Assert.True(line.OnSchedule);
    }

    [Theory]
    [InlineData(5.9, "低于目标0.1个百分点", false)]
    [InlineData(6.7, "高于目标0.7个百分点", true)]
    [InlineData(6.0, "与目标持平", true)]
    public void Rate_indicator_is_compared_with_its_target_in_percentage_points(double actual, string words, bool onSchedule)
    {
        var model = WithIndicator(new IndicatorFact(6m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, "%"), (decimal)actual);

        var line = Assert.Single(model.Indicators);
        Assert.Equal(words, line.Words);
        Assert.Null(line.PercentOfPlan); // 5.9 ÷ 6 = 98.3% "of plan" means nothing for a growth rate
        Assert.Equal(onSchedule, line.OnSchedule);
    }

    [Fact]
    public void An_indicator_task_outside_the_main_indicators_is_key_work_and_not_listed_apart()
    {
        var data = DashboardSample.Data();
        var task = data.Tasks.Single(t => t.Id == 6);
        var asKeyWork = data with { Tasks = [.. data.Tasks.Where(t => t.Id != 6), task with { Facts = task.Facts with { CountsAsIndicator = false } }] };

        var model = DashboardSample.Model(data: asKeyWork);

        Assert.Empty(model.Indicators); // 固定资产投资 measured by an indicator is on the board as a 重点工作 …
        Assert.Equal((0, 3), (model.Counts.Classes.Indicators, model.Counts.Classes.Completed)); // … and counted once, as 完成
    }

    private static DashboardModel WithIndicator(IndicatorFact indicator, decimal actual)
    {
        var data = DashboardSample.Data();
        var task = data.Tasks.Single(t => t.Id == 6);
        var facts = task.Facts with { Indicator = indicator, Progress = [new ProgressPoint(new DateOnly(2026, 6, 28), null, actual)] };
        var changed = data with { Tasks = [.. data.Tasks.Where(t => t.Id != 6), task with { Facts = facts }] };
        return DashboardSample.Model(data: changed, activity: []);
    }

    [Fact]
    public void Lower_is_better_indicator_reads_as_within_or_beyond_its_ceiling()
    {
        var data = DashboardSample.Data();
        var task = data.Tasks.Single(t => t.Id == 6);
        var facts = task.Facts with
        {
            Indicator = new IndicatorFact(4.5m, IndicatorDirection.LowerIsBetter, IndicatorMeasure.Rate, "%"),
            Progress = [new ProgressPoint(new DateOnly(2026, 6, 28), null, 4.8m)],
        };
        var changed = data with { Tasks = [.. data.Tasks.Where(t => t.Id != 6), task with { Facts = facts }] };

        var model = DashboardSample.Model(data: changed, activity: []);

        var line = Assert.Single(model.Indicators);
        Assert.Equal("超出控制目标0.3个百分点", line.Words);
        Assert.Null(line.PercentOfPlan);
        Assert.False(line.OnSchedule);
    }

    [Fact]
    public void Unit_score_adds_its_parts_by_the_documented_formula()
    {
        var scores = DashboardSample.Model().UnitScores;

        Assert.Equal(["甲局", "乙区"], scores.Select(s => s.Name)); // 丙委 leads nothing and is not ranked
        var first = scores[0];
        // 0×20 + 2/3×40 + (1 on time + ½ late)/2×40 − 0 red − 1 return×2 = 26.67 + 30 − 2
        Assert.Equal(54.7m, first.Score);
        Assert.Equal(1, first.Rank);
        Assert.Equal([0m, 26.7m, 30m, 0m, -2m, 0m, 0m], first.Parts.Select(p => p.Points));
        var second = scores[1];
        // 1/2×20 + 1/2×40 + 0/1×40 − 0 red (T3 is 未报送, which costs its timeliness) − 1 return×2 − 1 false spot check×10 − 1 extension×3
        Assert.Equal(15m, second.Score);
        Assert.Equal(2, second.Rank);
        Assert.Contains("抽查不实：不属实1次 × 10，部分属实0次 × 5，−10.0分", second.Explanation);
        Assert.EndsWith("合计：15.0分", second.Explanation);
    }

    [Fact]
    public void Weights_come_from_configuration()
    {
        var weights = ScoringWeights.Default with { Return = 10m };

        var first = DashboardSample.Model(weights: weights).UnitScores[0];

        Assert.Equal(46.7m, first.Score);
    }

    [Fact]
    public void Score_never_goes_below_zero()
    {
        var weights = ScoringWeights.Default with { FailedSpotCheck = 500m };

        var second = DashboardSample.Model(weights: weights).UnitScores.Single(s => s.Id == 2);

        Assert.Equal(0m, second.Score);
    }

    [Fact]
    public void Leader_portfolio_is_scored_like_a_unit()
    {
        var leaders = DashboardSample.Model().LeaderScores;

        Assert.Equal(["张市长", "李副市长"], leaders.Select(s => s.Name));
        Assert.Equal(54.7m, leaders[0].Score); // 张市长 is responsible for exactly 甲局's tasks here
    }

    [Fact]
    public void Equal_scores_share_a_rank()
    {
        var data = DashboardSample.Data();
        var twin = data with
        {
            Units = [.. data.Units, new YearUnit(4, "丁局", UnitKind.Department, 4, true)],
            Tasks = [.. data.Tasks, .. data.Tasks.Where(t => t.LeadUnitId == 1 && t.Id != 7).Select(t => t with { Id = t.Id + 100, LeadUnitId = 4 })],
            Reports = [.. data.Reports, .. data.Reports.Where(r => r.UnitId == 1).Select(r => r with { Id = r.Id + 100, TaskId = r.TaskId + 100, UnitId = 4 })],
        };

        var scores = DashboardCalculator.Compute(DashboardSample.Judged(twin), new(true, null), DashboardFilter.None, [], ScoringWeights.Default).UnitScores;

        Assert.Equal([(1, 54.7m), (1, 54.7m), (3, 15m)], scores.Select(s => (s.Rank, s.Score!.Value)));
    }

    [Fact]
    public void Red_and_black_lists_never_overlap()
    {
        var model = DashboardSample.Model();

        Assert.Equal(2, model.TopUnits.Count);
        Assert.Empty(model.BottomUnits); // with fewer than six units ranked there is no 黑榜 distinct from the 红榜
    }

    [Fact]
    public void Filters_keep_only_matching_tasks_and_drop_foreign_activity()
    {
        var model = DashboardSample.Model(filter: new DashboardFilter(CategoryId: DashboardSample.Livelihood));

        Assert.Equal(3, model.Counts.Lights.Total);
        Assert.Equal(["民生实事"], model.Board.Select(g => g.Name));
        Assert.Equal([9L], model.Activity.Select(a => a.Id)); // only T3's event; the unit event belongs to no task
        Assert.Equal([2], model.UnitScores.Where(s => s.Score is not null).Select(s => s.Id).Intersect([2]));
    }

    [Fact]
    public void Office_activity_is_work_on_tasks_newest_first()
    {
        var activity = DashboardSample.Model().Activity;

        Assert.Equal([9L, 8L, 6L], activity.Select(a => a.Id)); // the directory edit (7) is left out
    }

    [Fact]
    public void Each_activity_line_names_its_task_unless_the_summary_already_does()
    {
        IReadOnlyList<ActivityItem> events =
        [
            new(2, new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc), "report.submitted", "2026年6月进展经主要领导审批后报送", "乙区主要领导", 3),
            new(1, new DateTime(2026, 6, 29, 2, 0, 0, DateTimeKind.Utc), "chase.urge", "催办：「园区基础设施」（2026-ZD-002）进展滞后，请加快推进。", "赵文清", 2),
        ];

        var activity = DashboardSample.Model(activity: events).Activity;

        Assert.Equal("ZD-003 老旧小区改造", activity[0].TaskLabel);
        Assert.Null(activity[1].TaskLabel);
    }

    [Fact]
    public void Leader_filter_keeps_that_leaders_portfolio()
    {
        var model = DashboardSample.Model(filter: new DashboardFilter(LeaderId: 2));

        Assert.Equal([3, 4], model.Board.SelectMany(g => g.Tiles).Select(t => t.TaskId));
    }

    [Fact]
    public void Unit_sees_tasks_it_leads_or_assists_and_only_its_own_rank()
    {
        var model = DashboardSample.Model(scope: new DashboardScope(false, 2));

        Assert.Equal([1, 3, 4, 5], model.Board.SelectMany(g => g.Tiles).Select(t => t.TaskId).Order());
        var unit = Assert.IsType<UnitView>(model.Unit);
        Assert.Equal("乙区", unit.Name);
        Assert.Equal(2, unit.Score!.Rank);
        Assert.Equal(2, unit.RankedUnits);
        Assert.Equal([2], model.UnitScores.Select(s => s.Id)); // other units' cards are not shown to a unit
        Assert.Empty(model.LeaderScores);
        Assert.DoesNotContain(model.Activity, a => a.TaskId is null or 2 or 6); // not its tasks, not directory events
    }

    [Fact]
    public void Unit_to_do_counts_what_waits_on_it()
    {
        var todo = DashboardSample.Model(scope: new DashboardScope(false, 2)).Unit!.Todo;

        Assert.Equal(1, todo.AwaitingReview); // report 103 submitted
        var returned = Assert.Single(todo.Returned); // report 104 redrafted after a return
        Assert.Equal((3, "2026年4月"), (returned.TaskId, returned.PeriodLabel));
        Assert.Equal(1, todo.Overdue); // T3's May report
        Assert.Equal(0, todo.ToReport);
    }

    [Fact]
    public void Unit_that_leads_nothing_gets_an_empty_dashboard_without_rank()
    {
        var model = DashboardSample.Model(scope: new DashboardScope(false, 3));

        Assert.Equal(0, model.Counts.Lights.Total);
        Assert.Empty(model.Board);
        Assert.Null(model.Unit!.Score);
        Assert.Empty(model.Unit.Todo.Returned);
    }

    [Fact]
    public void Account_without_unit_sees_nothing()
    {
        var model = DashboardSample.Model(scope: DashboardScope.For(new Actor("x", "某人", new HashSet<string> { Roles.UnitOperator }, null)));

        Assert.Equal(0, model.Counts.Lights.Total);
        Assert.Empty(model.Activity);
    }

    [Fact]
    public void Empty_year_gives_an_empty_dashboard()
    {
        var model = DashboardCalculator.Compute(DashboardSample.Judged(YearFacts.Empty(2027), new DateOnly(2027, 1, 2)), new(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        Assert.Equal(0, model.Counts.Lights.Total);
        Assert.Empty(model.ByCategory.Bars);
        Assert.Empty(model.UnitScores);
        Assert.Empty(model.Indicators);
        Assert.Empty(model.TopUnits);
        Assert.Empty(model.BottomUnits);
    }

    [Fact]
    public void Task_owing_no_report_is_judged_by_double_half_and_scored_with_full_timeliness()
    {
        var data = DashboardSample.Data();
        var lone = data with { Tasks = data.Tasks.Where(t => t.Id == 4).Select(t => t with { Facts = t.Facts with { ClosedOn = null } }).ToList(), Reports = [], SpotChecks = [] };

        var model = DashboardCalculator.Compute(DashboardSample.Judged(lone), new(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        var card = Assert.Single(model.UnitScores);
        Assert.Equal(TrafficLight.Yellow, model.Board[0].Tiles[0].Light); // half time, nothing reported: 双过半未达标, never green
        Assert.Equal(1, model.Counts.DoubleHalfNotMet);
        Assert.Equal("尚无应报进展 × 40", card.Parts[2].Detail);
        Assert.Equal(40m, card.Score); // 0 + 0 + 40 − 0 red
    }

    [Fact]
    public void Tasks_not_yet_assigned_or_with_nothing_owed_yet_are_shown_but_not_counted_or_scored()
    {
        var data = DashboardSample.Data();
        var registered = DashboardSample.Task(10, "2026-ZD-010", "新登记未交办", DashboardSample.Investment, lead: 3, leader: 1);
        var fresh = DashboardSample.Task(11, "2026-ZD-011", "刚交办", DashboardSample.Investment, lead: 3, leader: 1);
        var extra = data with
        {
            Tasks =
            [
                .. data.Tasks,
                registered with { Facts = registered.Facts with { AssignedOn = null } },
                fresh with { Facts = fresh.Facts with { Start = new DateOnly(2026, 6, 1), AssignedOn = new DateOnly(2026, 6, 1) } },
            ],
        };

        var model = DashboardSample.Model(data: extra);

        var tiles = model.Board.SelectMany(g => g.Tiles).ToDictionary(t => t.TaskId);
        Assert.Equal(TrafficLight.NotAssigned, tiles[10].Light);
        Assert.Equal(TrafficLight.NotYetDue, tiles[11].Light);
        Assert.Equal((8, 6, 1, 1), (model.Counts.Lights.Total, model.Counts.Lights.Counted, model.Counts.Lights.NotAssigned, model.Counts.Lights.NotYetDue));
        Assert.Equal(6, model.Counts.Classes.Counted);
        Assert.DoesNotContain(model.UnitScores, s => s.Id == 3 && s.Score is not null); // 丙委 leads only uncounted tasks: not ranked
        Assert.Equal(DashboardSample.Model().Counts.DoubleHalfNotMet, model.Counts.DoubleHalfNotMet);
    }

    [Fact]
    public void Upcoming_lists_open_tasks_due_within_thirty_days()
    {
        var model = DashboardCalculator.Compute(DashboardSample.Judged(asOf: new DateOnly(2026, 12, 10)), new(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        Assert.Equal([1, 2, 3, 6, 7], model.Upcoming.Select(u => u.TaskId).Order()); // closed T4 and cancelled T5 left out
        Assert.All(model.Upcoming, u => Assert.Equal(21, u.DaysLeft));
    }
}
