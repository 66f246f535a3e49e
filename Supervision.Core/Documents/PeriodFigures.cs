using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;

namespace Supervision.Core.Documents;

/// <summary>
/// One task as a period's documents show it: who owns it, what the report that counts for the period said, and its
/// class — all read from the one judged model (docs/glossary.md), so the table, the 通报 and the 看板 agree.
/// </summary>
public sealed record PeriodTaskLine(
    int TaskId,
    string Number,
    string Title,
    string Content,
    string LeadUnit,
    string AssistingUnits,
    string Leader,
    string Deadline,
    string Progress,
    string? Problems,
    string? NextSteps,
    PeriodOutcome Outcome,
    string Remark,
    string? IndicatorName,
    bool? IndicatorOnSchedule,
    double TimeProgress,
    double WorkProgress,
    string? CancelReason)
{
    /// <summary>The task's state at the period's 评价时点; the <see cref="Outcome"/> is this state renamed.</summary>
    public TrafficLight Light { get; init; }

    /// <summary>One of the indicators counted apart from 重点工作 (完成进度 / 未完成进度 / 暂无数据).</summary>
    public bool IsIndicator { get; init; }

    /// <summary>The cycle of the report that counts (2026年6月, 2026年第二季度), or null without one.</summary>
    public string? ReportPeriod { get; init; }

    /// <summary>The day the report that counts was accepted, or null without one.</summary>
    public DateOnly? ReportAcceptedOn { get; init; }

    /// <summary>The indicator's figure in the one wording (低于目标0.1个百分点 / 完成年计划的62.0% / 暂无数据); null for other tasks.</summary>
    public string? IndicatorWords { get; init; }

    /// <summary>The indicator's target as a bulletin writes it (目标6% / 控制目标3%以内); null for other tasks.</summary>
    public string? IndicatorTarget { get; init; }

    /// <summary>The indicator's figure in the report that counts (5.8%), or null without one.</summary>
    public string? IndicatorActual { get; init; }

    /// <summary>The lead unit's id (for checks and filters).</summary>
    public int LeadUnitId { get; init; }

    /// <summary>The assisting units' ids.</summary>
    public IReadOnlyList<int> AssistingUnitIds { get; init; } = [];

    /// <summary>The responsible leader's id, if any.</summary>
    public int? LeaderId { get; init; }

    /// <summary>The category's id, if any.</summary>
    public int? CategoryId { get; init; }
}

/// <summary>The tasks of one category (大类), in register order.</summary>
public sealed record PeriodCategory(string Name, IReadOnlyList<PeriodTaskLine> Tasks)
{
    public int Count(PeriodOutcome outcome) => Tasks.Count(t => t.Outcome == outcome);

    /// <summary>The category's classes, counted the one way (<see cref="ClassCounts"/>).</summary>
    public ClassCounts Counts => ClassCounts.Of(Tasks.Select(t => (t.Outcome, t.IsIndicator)));
}

/// <summary>
/// Everything a period's completion table and bulletin are made from, judged at the period's 评价时点: as of
/// <see cref="AsOf"/> (the period end, or today while the period runs) with the reports accepted by <see cref="Cutoff"/>.
/// </summary>
public sealed record PeriodFigures(SupervisionPeriod Period, DateOnly AsOf, bool Ended, IReadOnlyList<PeriodCategory> Categories, string OfficeName, string IssuingOffice)
{
    /// <summary>The 采纳截止日: reports accepted by this day count (the as-of day for a running period).</summary>
    public DateOnly Cutoff { get; init; }

    /// <summary>True once the full cut-off (period end + due day + grace + review days) has passed: the figures are final.</summary>
    public bool CutoffIsFinal { get; init; }

    /// <summary>The tasks registered by the period end but not counted (待交办, 未到报送期), listed apart.</summary>
    public IReadOnlyList<PeriodTaskLine> Uncounted { get; init; } = [];

    /// <summary>
    /// The units ranked at the period's 评价时点 exactly as the 看板 ranks them for that date (<see cref="Scoring.Units"/>,
    /// every task source); the 通报's 表扬 and 点名 paragraphs name its 红榜 and 黑榜. Empty when not ranked.
    /// </summary>
    public IReadOnlyList<ScoreCard> UnitScores { get; init; } = [];

    /// <summary>All counted tasks in table order.</summary>
    public IEnumerable<PeriodTaskLine> Tasks => Categories.SelectMany(c => c.Tasks);

    /// <summary>Counted tasks (重点工作 and indicators).</summary>
    public int Total => Categories.Sum(c => c.Tasks.Count);

    public int Count(PeriodOutcome outcome) => Categories.Sum(c => c.Count(outcome));

    /// <summary>The classes of every counted task, counted the one way: 重点工作 and indicators apart, each task once.</summary>
    public ClassCounts Counts => ClassCounts.Of(Tasks.Select(t => (t.Outcome, t.IsIndicator)));

    /// <summary>
    /// The indicators the documents report on apart from 重点工作 (seed 002: "8项主要经济发展指标中…"), not cancelled:
    /// those of the 主要经济指标 category when the year has one, otherwise every indicator task.
    /// </summary>
    public IReadOnlyList<PeriodTaskLine> Indicators => Tasks.Where(t => t.IsIndicator && t.Outcome != PeriodOutcome.Cancelled).ToList();

    /// <summary>The 重点工作: every counted task that is not one of <see cref="Indicators"/> (cancelled indicators aside).</summary>
    public IReadOnlyList<PeriodTaskLine> KeyWork => Tasks.Where(t => !t.IsIndicator).ToList();

    /// <summary>True when <see cref="Indicators"/> are the main economic indicators rather than all indicator tasks.</summary>
    public bool HasMainIndicatorCategory => Categories.Any(c => YearCategory.IsMainIndicatorName(c.Name));

    /// <summary>"2026年上半年《政府工作报告》任务指标完成情况表".</summary>
    public string TableTitle => $"{Period.Label}《政府工作报告》任务指标完成情况表";

    /// <summary>The period as the documents name it: 2026年上半年, 2026年前三季度, and for the full year 2026年全年.</summary>
    public string PeriodPhrase => Period.Label;

    /// <summary>
    /// The 评价时点 in words, as every document states it: "统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准"
    /// (and, before the full cut-off, that the figures may still change).
    /// </summary>
    public string PointPhrase
    {
        get
        {
            var phrase = $"统计截至{DisplayNames.Date(AsOf)}，进展情况以{DisplayNames.Date(Cutoff)}前审核采纳的报告为准";
            return CutoffIsFinal || !Ended ? phrase : $"{phrase}（本期审核截止前的临时统计）";
        }
    }
}
