using System.ComponentModel.DataAnnotations;

namespace Supervision.Core.Judging;

/// <summary>
/// The weights of the unit and leader-portfolio score, bound from the configuration section "Scoring".
/// </summary>
/// <remarks>
/// <para>The score of a group of tasks (a lead unit's, or a leader's portfolio) as of a date, out of
/// <c>Completion + OnSchedule + Timeliness</c> (100 with the defaults):</para>
/// <code>
/// score = Completion × 已完成数 ÷ 应计任务数
///       + OnSchedule × (已完成数 + 绿灯数) ÷ 应计任务数
///       + Timeliness × (按时报送数 + ½ × 逾期补报数) ÷ 应报数
///       − RedLight  × 红灯数 ÷ 应计任务数
///       − Return × 退回次数 − FailedSpotCheck × 抽查不属实次数 − PartlyFailedSpotCheck × 抽查部分属实次数
///       − Extension × 延期次数
/// </code>
/// <para>clamped to [0, maximum]. 应计任务数 is the group's tasks registered by the date and not cancelled;
/// 应报数 the reports due (due date + grace days passed) by the date. A share whose denominator is zero gives
/// full marks (nothing to fault); a group without tasks is not ranked. Shares reward the state of the work
/// whatever the number of tasks; returns, failed spot checks and extensions are discrete failings and cost
/// points each. Only what had happened by the date counts, so a past date gives the score as it stood.</para>
/// </remarks>
public sealed record ScoringWeights
{
    /// <summary>Configuration section the weights are bound from.</summary>
    public const string SectionName = "Scoring";

    /// <summary>The defaults.</summary>
    public static ScoringWeights Default { get; } = new();

    /// <summary>Points for the share of tasks completed (销号 or 100%). Default 20.</summary>
    [Range(0, 1000)]
    public decimal Completion { get; init; } = 20m;

    /// <summary>Points for the share of tasks done or on schedule (green). Default 40.</summary>
    [Range(0, 1000)]
    public decimal OnSchedule { get; init; } = 40m;

    /// <summary>Points for report timeliness: on time counts 1, late ½, missing 0. Default 40.</summary>
    [Range(0, 1000)]
    public decimal Timeliness { get; init; } = 40m;

    /// <summary>Points taken for the share of tasks on red. Default 20.</summary>
    [Range(0, 1000)]
    public decimal RedLight { get; init; } = 20m;

    /// <summary>Points taken per report returned (退回). Default 2.</summary>
    [Range(0, 1000)]
    public decimal Return { get; init; } = 2m;

    /// <summary>Points taken per spot check that found the report false (不属实). Default 10.</summary>
    [Range(0, 1000)]
    public decimal FailedSpotCheck { get; init; } = 10m;

    /// <summary>Points taken per spot check that found the report partly true (部分属实). Default 5.</summary>
    [Range(0, 1000)]
    public decimal PartlyFailedSpotCheck { get; init; } = 5m;

    /// <summary>Points taken per approved deadline extension (延期). Default 3.</summary>
    [Range(0, 1000)]
    public decimal Extension { get; init; } = 3m;

    /// <summary>The best possible score.</summary>
    public decimal Maximum => Completion + OnSchedule + Timeliness;
}
