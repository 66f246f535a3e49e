namespace Supervision.Core.Rules;

/// <summary>The 双过半 check (seed 002): once half the time has passed, at least half the work must be done.</summary>
public enum DoubleHalfStatus
{
    /// <summary>Time progress is still below <see cref="RuleThresholds.DoubleHalfTimeShare"/>; nothing to judge yet.</summary>
    NotYetHalfTime = 0,

    /// <summary>Half time has passed and work progress is at least 50%, or the task is done.</summary>
    Met = 1,

    /// <summary>Half time has passed and work progress is below 50%.</summary>
    NotMet = 2,

    /// <summary>The task was cancelled; it is not judged.</summary>
    NotApplicable = 3,
}

/// <summary>The traffic light of a task (亮灯, seed 003).</summary>
public enum TrafficLight
{
    /// <summary>On schedule.</summary>
    Green = 0,

    /// <summary>Lagging by at least <see cref="RuleThresholds.YellowLagPoints"/>, or a report is overdue.</summary>
    Yellow = 1,

    /// <summary>Lagging by at least <see cref="RuleThresholds.RedLagPoints"/>, a due milestone missed, or past the deadline unfinished.</summary>
    Red = 2,

    /// <summary>Closed out (销号), or a percentage task that reached 100%.</summary>
    Done = 3,

    /// <summary>Cancelled (已取消).</summary>
    Cancelled = 4,
}

/// <summary>Classification of a task at a period end (seed 002: 完成 / 部分完成 / 未完成 / 取消).</summary>
public enum PeriodOutcome
{
    /// <summary>完成: done, or at least as far as the schedule requires (no lag).</summary>
    Completed = 0,

    /// <summary>部分完成: behind schedule, but by less than <see cref="RuleThresholds.RedLagPoints"/> and with progress reported.</summary>
    PartiallyCompleted = 1,

    /// <summary>未完成: no progress at all while some was expected, past the deadline unfinished, or lagging by at least <see cref="RuleThresholds.RedLagPoints"/>.</summary>
    NotCompleted = 2,

    /// <summary>取消: cancelled on or before the period end.</summary>
    Cancelled = 3,
}

/// <summary>
/// The main reason for a <see cref="TrafficLight"/>, in order of precedence: the first that applies decides the light.
/// A report overdue is kept in addition to the main cause (see <see cref="TaskEvaluation.OverdueReportCount"/>).
/// </summary>
public enum LightCause
{
    /// <summary>Green: no lag of note and no report overdue.</summary>
    OnSchedule = 0,

    /// <summary>Cancelled on or before the date.</summary>
    Cancelled = 1,

    /// <summary>Closed out (销号) on or before the date.</summary>
    Closed = 2,

    /// <summary>A percentage task whose accepted progress reached 100% (done early, not yet closed out).</summary>
    ReachedFullProgress = 3,

    /// <summary>The deadline has passed and the work is below 100%.</summary>
    PastDeadline = 4,

    /// <summary>A due milestone's planned progress is not reached; see <see cref="TaskEvaluation.MissedMilestoneIndex"/>.</summary>
    MilestoneMissed = 5,

    /// <summary>Lag reached <see cref="RuleThresholds.RedLagPoints"/>.</summary>
    SeriouslyLagging = 6,

    /// <summary>Lag reached <see cref="RuleThresholds.YellowLagPoints"/>.</summary>
    Lagging = 7,

    /// <summary>A report is overdue and nothing worse applies; see <see cref="TaskEvaluation.OverdueReportIndex"/>.</summary>
    ReportOverdue = 8,
}
