using Supervision.Core.Rules;
using Supervision.Core.Services;

namespace Supervision.Core.Documents;

/// <summary>
/// One task as a period's documents show it: who owns it, what the latest accepted report as of the period end
/// said, and how the rules classified it as of that day.
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
    string? CancelReason);

/// <summary>The tasks of one category (大类), in register order.</summary>
public sealed record PeriodCategory(string Name, IReadOnlyList<PeriodTaskLine> Tasks)
{
    public int Count(PeriodOutcome outcome) => Tasks.Count(t => t.Outcome == outcome);
}

/// <summary>
/// Everything a period's completion table and bulletin are made from, judged as of <see cref="AsOf"/> (the period
/// end, or today while the period runs) with only what had been accepted by then.
/// </summary>
public sealed record PeriodReport(SupervisionPeriod Period, DateOnly AsOf, bool Ended, IReadOnlyList<PeriodCategory> Categories, string OfficeName, string IssuingOffice)
{
    /// <summary>All tasks in table order.</summary>
    public IEnumerable<PeriodTaskLine> Tasks => Categories.SelectMany(c => c.Tasks);

    public int Total => Categories.Sum(c => c.Tasks.Count);

    public int Count(PeriodOutcome outcome) => Categories.Sum(c => c.Count(outcome));

    /// <summary>
    /// The indicators the bulletin reports on separately, judged (not cancelled): those of the 主要经济指标 category
    /// when the year has one (seed 002: "8项主要经济发展指标中…"), otherwise every indicator task.
    /// </summary>
    public IReadOnlyList<PeriodTaskLine> Indicators => IndicatorSource.SelectMany(c => c.Tasks).Where(t => t.IndicatorOnSchedule is not null).ToList();

    /// <summary>True when <see cref="Indicators"/> are the main economic indicators rather than all indicator tasks.</summary>
    public bool HasMainIndicatorCategory => Categories.Any(IsMainIndicatorCategory);

    private IEnumerable<PeriodCategory> IndicatorSource => HasMainIndicatorCategory ? Categories.Where(IsMainIndicatorCategory) : Categories;

    // Offices name it 主要经济指标 or 主要经济发展指标; both contain this.
    private static bool IsMainIndicatorCategory(PeriodCategory category) => category.Name.Contains("经济指标", StringComparison.Ordinal) || category.Name.Contains("经济发展指标", StringComparison.Ordinal);

    /// <summary>"2026年上半年《政府工作报告》任务指标完成情况表".</summary>
    public string TableTitle => $"{Period.Label}《政府工作报告》任务指标完成情况表";

    /// <summary>The period as the documents name it: 2026年上半年, 2026年前三季度, and for the full year 2026年全年.</summary>
    public string PeriodPhrase => Period.Label;
}
