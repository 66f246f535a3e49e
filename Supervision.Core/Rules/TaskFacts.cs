namespace Supervision.Core.Rules;

/// <summary>
/// Everything the rules need to judge one task, detached from EF so that rules stay pure and can be
/// evaluated for any past date. Built from the database by <c>TaskFactsQuery</c>.
/// </summary>
/// <param name="TaskId">Identity of the task, only carried through.</param>
/// <param name="Start">First day of the task's span.</param>
/// <param name="Deadline">The current deadline (完成时限), inclusive.</param>
/// <param name="Milestones">Planned nodes, ordered by date; empty when the task has none.</param>
/// <param name="Indicator">Set when progress is measured by an indicator instead of a percentage.</param>
/// <param name="Progress">Accepted progress values, ordered by <see cref="ProgressPoint.AcceptedAt"/>.</param>
/// <param name="DueReports">Reports the task owed, ordered by due date, with when each was first submitted.</param>
/// <param name="ClosedOn">Day the task was closed out (销号), if it was.</param>
/// <param name="CancelledOn">Day the task was cancelled, if it was.</param>
/// <param name="DeadlineChanges">
/// Approved extensions (延期) ordered by the day they took effect; the last one's <see cref="DeadlineChange.To"/> is
/// <paramref name="Deadline"/>. Null or empty when the deadline never moved.
/// </param>
/// <remarks>
/// <see cref="AssignedOn"/> is the day of 交办; null means the task has not been assigned and is not judged. Facts built
/// by hand without it (rule tests, benchmarks) count as assigned from the first day there is.
/// </remarks>
public sealed record TaskFacts(
    int TaskId,
    DateOnly Start,
    DateOnly Deadline,
    IReadOnlyList<MilestoneFact> Milestones,
    IndicatorFact? Indicator,
    IReadOnlyList<ProgressPoint> Progress,
    IReadOnlyList<DueReport> DueReports,
    DateOnly? ClosedOn,
    DateOnly? CancelledOn,
    IReadOnlyList<DeadlineChange>? DeadlineChanges = null)
{
    /// <summary>The day the task was assigned (交办); null while it waits to be assigned (待交办).</summary>
    public DateOnly? AssignedOn { get; init; } = DateOnly.MinValue;

    /// <summary>
    /// Whether the task is one of the indicators counted apart from 重点工作 (seed 002's 主要经济指标): it is then
    /// classed 完成进度 / 未完成进度 / 暂无数据 and is behind schedule at any lag. A task measured by an indicator outside
    /// them is a 重点工作 like any other. Facts built by hand count every indicator task.
    /// </summary>
    public bool CountsAsIndicator { get; init; } = Indicator is not null;

    /// <summary>
    /// The deadline in force on <paramref name="asOf"/>: an extension counts from the day it was approved, so a
    /// past date is judged against the deadline the unit had then.
    /// </summary>
    public DateOnly DeadlineOn(DateOnly asOf)
    {
        var deadline = Deadline;
        if (DeadlineChanges is not { } changes)
            return deadline;

        // Ordered by day: walking back from the newest, every change after the date is undone.
        for (var i = changes.Count - 1; i >= 0 && changes[i].On > asOf; i--)
            deadline = changes[i].From;
        return deadline;
    }
}

/// <summary>An approved extension: from <paramref name="On"/> the deadline <paramref name="From"/> became <paramref name="To"/>.</summary>
public readonly record struct DeadlineChange(DateOnly On, DateOnly From, DateOnly To);

/// <summary>A planned node: by <paramref name="Date"/> the task should have reached <paramref name="PlannedPercent"/> (0–100).</summary>
public readonly record struct MilestoneFact(DateOnly Date, decimal PlannedPercent, string Title);

/// <summary>Whether a bigger or a smaller actual value is the good direction.</summary>
public enum IndicatorDirection
{
    /// <summary>e.g. 地区生产总值增长7%: more is better.</summary>
    HigherIsBetter = 0,

    /// <summary>e.g. 城镇登记失业率控制在4.5%以内: the actual must stay at or below the target.</summary>
    LowerIsBetter = 1,
}

/// <summary>
/// How an indicator's target relates to time. A cumulative amount (固定资产投资 500亿元) grows over the year
/// and is expected to follow the schedule; a rate (增长7%, 涨幅3%以内) must be met at every point in time.
/// </summary>
public enum IndicatorMeasure
{
    Cumulative = 0,
    Rate = 1,
}

/// <summary>An indicator target (unit of measure is display-only).</summary>
public sealed record IndicatorFact(decimal Target, IndicatorDirection Direction, IndicatorMeasure Measure, string UnitOfMeasure);

/// <summary>
/// One accepted report revision: either a percentage (0–100) or, for indicator tasks, the actual value, for the
/// reporting cycle <paramref name="PeriodStart"/>…<paramref name="PeriodEnd"/>. It counts at a
/// <see cref="JudgementPoint"/> when it was accepted by the cut-off and its cycle had begun by the as-of date.
/// </summary>
/// <param name="RevisionId">The accepted revision, so documents can print its texts; 0 when built by hand.</param>
/// <remarks>A point built without its cycle (rule tests) counts for the cycle ending on the day it was accepted.</remarks>
public readonly record struct ProgressPoint(
    DateOnly AcceptedAt,
    decimal? Percent,
    decimal? IndicatorActual,
    DateOnly PeriodStart = default,
    DateOnly PeriodEnd = default,
    int RevisionId = 0)
{
    /// <summary>The end of the cycle the report is for.</summary>
    public DateOnly CycleEnd => PeriodEnd == default ? AcceptedAt : PeriodEnd;
}

/// <summary>
/// A report the task owed for one cycle: due on <paramref name="DueDate"/>, first sent to the office on
/// <paramref name="SubmittedAt"/> (null if never), for the cycle ending on <paramref name="PeriodEnd"/>.
/// </summary>
/// <remarks>A due report built without its cycle's end (rule tests) counts as ending on its due date.</remarks>
public readonly record struct DueReport(string PeriodLabel, DateOnly DueDate, DateOnly? SubmittedAt, DateOnly PeriodEnd = default, string? PeriodKey = null)
{
    /// <summary>The end of the cycle the report is for.</summary>
    public DateOnly CycleEnd => PeriodEnd == default ? DueDate : PeriodEnd;
}
