namespace Supervision.Core.Rules;

/// <summary>The 双过半 check (seed 002): once half the time has passed, at least half the work must be done.</summary>
public enum DoubleHalfStatus
{
    /// <summary>Time progress is still below <see cref="RuleThresholds.DoubleHalfTimeShare"/>; nothing to judge yet.</summary>
    NotYetHalfTime = 0,

    /// <summary>Half time has passed and work progress is at least 50%, or the task is done.</summary>
    Met = 1,

    /// <summary>Half time has passed and work progress is below 50% (or nothing was reported). Never on a green task.</summary>
    NotMet = 2,

    /// <summary>The task was cancelled, or not yet assigned; it is not judged.</summary>
    NotApplicable = 3,
}

/// <summary>
/// The state of a task at a <see cref="JudgementPoint"/> (亮灯, seed 003): one per task, the first that applies in the
/// order of <see cref="LightCause"/>. <see cref="NotAssigned"/> and <see cref="NotYetDue"/> are shown but not counted.
/// </summary>
public enum TrafficLight
{
    /// <summary>On schedule, judged by a report that counts.</summary>
    Green = 0,

    /// <summary>Lagging by at least <see cref="RuleThresholds.YellowLagPoints"/>, an indicator behind schedule, or 双过半未达标.</summary>
    Yellow = 1,

    /// <summary>Lagging by at least <see cref="RuleThresholds.RedLagPoints"/>, a due milestone missed, or past the deadline unfinished.</summary>
    Red = 2,

    /// <summary>Closed out (销号), or a percentage task whose report that counts says 100%.</summary>
    Done = 3,

    /// <summary>Cancelled (已取消).</summary>
    Cancelled = 4,

    /// <summary>未报送: a report the task owed was not sent in time, or not accepted by the cut-off.</summary>
    Unreported = 5,

    /// <summary>待交办: registered but not assigned by the date; not judged, owed, scored or counted.</summary>
    NotAssigned = 6,

    /// <summary>未到报送期: assigned, no report yet and none owed yet, less than half the time gone; not counted.</summary>
    NotYetDue = 7,
}

/// <summary>
/// The classification of a task at a period end (seed 002), worked out from its <see cref="TrafficLight"/> so the two
/// never disagree. Tasks with an indicator are classed apart from 重点工作 (seed 002: "8项主要经济发展指标中3项完成进度…").
/// </summary>
public enum PeriodOutcome
{
    /// <summary>完成: done, or on schedule (绿灯).</summary>
    Completed = 0,

    /// <summary>部分完成: lagging (黄灯).</summary>
    PartiallyCompleted = 1,

    /// <summary>未完成: seriously lagging, a milestone missed, or past the deadline unfinished (红灯).</summary>
    NotCompleted = 2,

    /// <summary>取消: cancelled on or before the period end.</summary>
    Cancelled = 3,

    /// <summary>未报送: the report the period requires was not delivered; never 完成.</summary>
    Unreported = 4,

    /// <summary>完成进度: an indicator on schedule (or its task closed).</summary>
    OnSchedule = 5,

    /// <summary>未完成进度: an indicator behind its schedule.</summary>
    BehindSchedule = 6,

    /// <summary>暂无数据: an indicator without the figure the period requires.</summary>
    NoData = 7,

    /// <summary>未计入: 待交办 or 未到报送期 at the period end; listed, not counted.</summary>
    NotCounted = 8,
}

/// <summary>
/// The main reason for a <see cref="TrafficLight"/>, in order of precedence: the first that applies decides the light.
/// A report overdue is kept in addition to the main cause (see <see cref="TaskEvaluation.OverdueReportCount"/>).
/// </summary>
public enum LightCause
{
    /// <summary>Green: no lag of note and 双过半 kept.</summary>
    OnSchedule = 0,

    /// <summary>Cancelled on or before the date.</summary>
    Cancelled = 1,

    /// <summary>Closed out (销号) on or before the date.</summary>
    Closed = 2,

    /// <summary>A percentage task whose report that counts says 100% (done early, not yet closed out).</summary>
    ReachedFullProgress = 3,

    /// <summary>The deadline has passed and the work is below 100%.</summary>
    PastDeadline = 4,

    /// <summary>A due milestone's planned progress is not reached; see <see cref="TaskEvaluation.MissedMilestoneIndex"/>.</summary>
    MilestoneMissed = 5,

    /// <summary>Lag reached <see cref="RuleThresholds.RedLagPoints"/>.</summary>
    SeriouslyLagging = 6,

    /// <summary>Lag reached <see cref="RuleThresholds.YellowLagPoints"/> (an indicator: any lag).</summary>
    Lagging = 7,

    /// <summary>未报送: the latest overdue report was not sent; see <see cref="TaskEvaluation.UnreportedIndex"/>.</summary>
    ReportOverdue = 8,

    /// <summary>未报送: the report the date requires was sent but not accepted by the cut-off (or never sent).</summary>
    ReportNotAccepted = 9,

    /// <summary>Half the time has passed with less than half the work done (双过半未达标).</summary>
    DoubleHalfNotMet = 10,

    /// <summary>Not assigned (交办) by the date.</summary>
    NotAssigned = 11,

    /// <summary>Assigned, nothing reported and nothing owed yet, before half time.</summary>
    NotYetDue = 12,
}
