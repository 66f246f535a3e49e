using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Dashboard;

/// <summary>What the 双过半 chart groups tasks by.</summary>
public enum ChartGrouping
{
    /// <summary>大类.</summary>
    Category = 0,

    /// <summary>牵头单位.</summary>
    Unit = 1,

    /// <summary>责任领导 (a leader's portfolio).</summary>
    Leader = 2,
}

/// <summary>Filters a viewer picked; every value has been checked against what was offered.</summary>
public sealed record DashboardFilter(TaskSource? Source = null, int? LeaderId = null, int? CategoryId = null)
{
    /// <summary>No filter.</summary>
    public static DashboardFilter None { get; } = new();

    /// <summary>True when no filter is set.</summary>
    public bool IsEmpty => Source is null && LeaderId is null && CategoryId is null;
}

/// <summary>Whose tasks a dashboard may show: all (office roles, 市领导), one unit's, or none.</summary>
public sealed record DashboardScope(bool All, int? UnitId)
{
    /// <summary>The scope <paramref name="actor"/> is entitled to, by the same rule as <c>TaskVisibility</c>.</summary>
    public static DashboardScope For(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.SeesAllTasks ? new(true, null) : new(false, actor.UnitId);
    }

    /// <summary>Whether a viewer with this scope sees <paramref name="task"/>.</summary>
    public bool Sees(TaskRecord task) => All || (UnitId is { } unitId && task.Involves(unitId));
}

/// <summary>State totals for a group of tasks: every task shown, by its state (待交办 and 未到报送期 are shown, not counted).</summary>
public sealed record LightCounts(int Total, int Done, int Green, int Yellow, int Red, int Cancelled, int Unreported = 0, int NotAssigned = 0, int NotYetDue = 0)
{
    /// <summary>The tasks counted (all but 待交办 and 未到报送期).</summary>
    public int Counted => Total - NotAssigned - NotYetDue;

    /// <summary>The count of one state.</summary>
    public int Of(TrafficLight light) => light switch
    {
        TrafficLight.Done => Done,
        TrafficLight.Green => Green,
        TrafficLight.Yellow => Yellow,
        TrafficLight.Red => Red,
        TrafficLight.Cancelled => Cancelled,
        TrafficLight.Unreported => Unreported,
        TrafficLight.NotAssigned => NotAssigned,
        _ => NotYetDue,
    };

    public static LightCounts Of(IEnumerable<TrafficLight> lights)
    {
        int total = 0, done = 0, green = 0, yellow = 0, red = 0, cancelled = 0, unreported = 0, notAssigned = 0, notYetDue = 0;
        foreach (var light in lights)
        {
            total++;
            switch (light)
            {
                case TrafficLight.Done: done++; break;
                case TrafficLight.Green: green++; break;
                case TrafficLight.Yellow: yellow++; break;
                case TrafficLight.Red: red++; break;
                case TrafficLight.Cancelled: cancelled++; break;
                case TrafficLight.Unreported: unreported++; break;
                case TrafficLight.NotAssigned: notAssigned++; break;
                case TrafficLight.NotYetDue: notYetDue++; break;
            }
        }

        return new LightCounts(total, done, green, yellow, red, cancelled, unreported, notAssigned, notYetDue);
    }
}

/// <summary>The headline counts (总数, 已完成, 按进度推进, 滞后, 严重滞后, 未报送, 已取消) and a few more.</summary>
/// <param name="AwaitingReview">Reports sent out by units and waiting for the office's review at the end of the as-of date.</param>
/// <param name="OverdueReports">Reports overdue (逾期未报) at the 评价时点.</param>
/// <param name="Classes">The same tasks as the period documents count them: 重点工作 and indicators apart.</param>
public sealed record DashboardCounts(LightCounts Lights, int DoubleHalfMet, int DoubleHalfNotMet, int DoubleHalfNotYet, int AwaitingReview, int OverdueReports, ClassCounts Classes);

/// <summary>One bar pair of the 双过半 chart: average time and work progress of a group of tasks.</summary>
/// <param name="Id">The category, unit or leader id; null for tasks without one.</param>
/// <param name="TaskCount">Tasks in the group that are not cancelled (the ones averaged).</param>
/// <param name="TimeProgress">Average time progress, 0..1.</param>
/// <param name="WorkProgress">Average work progress, 0..1 (a done task, or an indicator beyond its target, counts as 1).</param>
/// <param name="DoubleHalfNotMet">Tasks past half time with less than half the work done.</param>
/// <param name="TaskIds">Every task of the group, cancelled ones included, for the drill-down.</param>
/// <param name="Source">In the category chart, for the group of tasks without a category: their source (领导批示件 …).</param>
public sealed record ProgressBar(int? Id, string Label, int TaskCount, double TimeProgress, double WorkProgress, int DoubleHalfMet, int DoubleHalfNotMet, IReadOnlyList<int> TaskIds, TaskSource? Source = null);

/// <summary>The 双过半 chart for one grouping.</summary>
public sealed record ProgressChart(ChartGrouping Grouping, IReadOnlyList<ProgressBar> Bars);

/// <summary>A task on the traffic-light board.</summary>
/// <param name="Reason">The light's reason in words, shown on hover.</param>
/// <param name="LeadUnitId">The lead unit, for drill-down by unit.</param>
/// <param name="LeaderId">The responsible leader, for drill-down by leader.</param>
public sealed record BoardTile(int TaskId, string Number, string Title, TrafficLight Light, string LeadUnit, string Leader, DateOnly Deadline, double WorkProgress, string Reason, int LeadUnitId = 0, int? LeaderId = null)
{
    // Worked out once with the model, which every open dashboard of the same view shares: hundreds of circuits
    // re-rendering the board then compare the same strings instead of each formatting its own.

    /// <summary>2026-ZD-017 → ZD-017 (<see cref="TaskNumbers.Short"/>).</summary>
    public string ShortNumber { get; } = TaskNumbers.Short(Number);

    /// <summary>The hover summary: number and title, lead unit and leader, deadline, light and its reason.</summary>
    public string Summary { get; } =
        $"{Number} {Title}\n牵头单位：{LeadUnit}{(Leader.Length > 0 ? $"　责任领导：{Leader}" : "")}\n完成时限：{DisplayNames.Date(Deadline)}\n{DisplayNames.MeaningOf(Light)}：{Reason}";
}

/// <summary>A category's tiles; tasks without a category are grouped by their <paramref name="Source"/> (领导批示件 …).</summary>
public sealed record BoardGroup(int? CategoryId, string Name, LightCounts Lights, IReadOnlyList<BoardTile> Tiles, TaskSource? Source = null)
{
    /// <summary>Tells groups apart for rendering (a category id, or the source of uncategorised tasks).</summary>
    public string Key => CategoryId is { } id ? "c" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "s" + (int)(Source ?? TaskSource.AnnualKeyWork);
}

/// <summary>One main indicator: target, actual and % of plan as a bulletin writes them (完成年计划的124.1%).</summary>
/// <param name="PercentOfPlan">Actual ÷ target (1.241) for higher-is-better cumulative indicators with a figure; otherwise null (a rate is compared, not divided).</param>
/// <param name="OnSchedule">Whether it keeps to schedule; null before the first figure or when cancelled.</param>
/// <param name="Words">e.g. 完成年计划的124.1% / 低于目标0.1个百分点 / 控制在4.5%以内 / 尚未报送.</param>
public sealed record IndicatorLine(int TaskId, string Name, string UnitOfMeasure, decimal Target, IndicatorDirection Direction, IndicatorMeasure Measure, decimal? Actual, double? PercentOfPlan, bool? OnSchedule, string Words, string LeadUnit);

/// <summary>A task whose deadline is near.</summary>
public sealed record DeadlineItem(int TaskId, string Number, string Title, string LeadUnit, DateOnly Deadline, int DaysLeft, TrafficLight Light);

/// <summary>A report owed and not sent in time (逾期未报).</summary>
public sealed record OverdueReportItem(int TaskId, string Number, string Title, string LeadUnit, string PeriodLabel, DateOnly DueDate, int DaysOverdue);

/// <summary>A report the office sent back to the unit, waiting for its correction.</summary>
public sealed record ReturnedItem(int TaskId, string Number, string Title, string PeriodLabel);

/// <summary>
/// What is waiting on a unit now (not as of a past date): the counts of <see cref="ReportWork"/>'s list, the same list
/// `/todo` shows.
/// </summary>
/// <param name="ToReport">Reports to write or send, due within <see cref="ReportWork.LookAheadDays"/> days and not overdue.</param>
/// <param name="Overdue">Reports not sent past their due date and grace (逾期未报).</param>
/// <param name="Returned">Reports sent back to the 联络员 to correct.</param>
public sealed record UnitTodo(int ToReport, int Overdue, int AwaitingSupervisor, int AwaitingPrincipal, int AwaitingReview, IReadOnlyList<ReturnedItem> Returned)
{
    /// <summary>Nothing waiting.</summary>
    public static UnitTodo None { get; } = new(0, 0, 0, 0, 0, []);

    /// <summary>Counts a unit's <see cref="ReportWork"/> list.</summary>
    public static UnitTodo From(IReadOnlyList<ReportWorkItem> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var writing = work.Where(w => w.State is ReportWorkState.ToWrite or ReportWorkState.Draft).ToList();
        return new UnitTodo(
            writing.Count(w => !w.Overdue),
            writing.Count(w => w.Overdue),
            work.Count(w => w.State == ReportWorkState.AwaitingSupervisor),
            work.Count(w => w.State == ReportWorkState.AwaitingPrincipal),
            work.Count(w => w.State == ReportWorkState.AwaitingReview),
            work.Where(w => w.State == ReportWorkState.Returned).Select(w => new ReturnedItem(w.Task.Id, w.Task.Number, w.Task.Title, w.PeriodLabel)).ToList());
    }
}

/// <summary>The unit dashboard's own figures.</summary>
/// <param name="Score">The unit's score card among all units (null when it leads no task).</param>
/// <param name="RankedUnits">How many units were ranked.</param>
public sealed record UnitView(int UnitId, string Name, ScoreCard? Score, int RankedUnits, UnitTodo Todo);

/// <summary>An option offered in a dashboard filter.</summary>
public sealed record FilterOption(int Id, string Name);

/// <summary>Everything one dashboard shows, computed for one viewer scope, year, date and filter.</summary>
public sealed record DashboardModel(
    int Year,
    DateOnly AsOf,
    DashboardScope Scope,
    DashboardFilter Filter,
    DashboardCounts Counts,
    IReadOnlyList<BoardGroup> Board,
    ProgressChart ByCategory,
    ProgressChart ByUnit,
    ProgressChart ByLeader,
    IReadOnlyList<IndicatorLine> Indicators,
    IReadOnlyList<ScoreCard> UnitScores,
    IReadOnlyList<ScoreCard> LeaderScores,
    IReadOnlyList<ActivityItem> Activity,
    IReadOnlyList<DeadlineItem> Upcoming,
    IReadOnlyList<OverdueReportItem> OverdueReports,
    UnitView? Unit,
    IReadOnlyList<FilterOption> Leaders,
    IReadOnlyList<FilterOption> Categories)
{
    /// <summary>True when <see cref="Indicators"/> are the 主要经济指标 category's, false when the year has no such category and they are every indicator task.</summary>
    public bool MainIndicatorsOnly { get; init; }

    /// <summary>The 采纳截止日 of the dashboard's 评价时点: reports accepted by then count (the as-of date itself for a live dashboard).</summary>
    public DateOnly Cutoff { get; init; }

    /// <summary>The chart for a grouping.</summary>
    public ProgressChart Chart(ChartGrouping grouping) => grouping switch
    {
        ChartGrouping.Unit => ByUnit,
        ChartGrouping.Leader => ByLeader,
        _ => ByCategory,
    };

    /// <summary>红榜: the five best-scored units (<see cref="Scoring.RedList"/>).</summary>
    public IReadOnlyList<ScoreCard> TopUnits => Scoring.RedList(UnitScores);

    /// <summary>黑榜: the five worst-scored units, worst first (<see cref="Scoring.BlackList"/>).</summary>
    public IReadOnlyList<ScoreCard> BottomUnits => Scoring.BlackList(UnitScores);
}
