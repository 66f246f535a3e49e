using System.Globalization;

namespace Supervision.Core.Rules;

/// <summary>
/// Builds the Simplified Chinese reason for a light. Kept apart from <see cref="TaskRules"/> so that the bulk
/// evaluation never touches strings; the figures printed are exactly the ones the rules judged by.
/// </summary>
internal static class RuleWords
{
    private const string Separator = "；";
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    public static string Describe(in TaskEvaluation evaluation, TaskFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);

        switch (evaluation.Cause)
        {
            case LightCause.Cancelled:
                return "已取消";
            case LightCause.Closed:
                return $"已销号({LongDate(facts.ClosedOn.GetValueOrDefault())})";
            case LightCause.ReachedFullProgress:
                return "已完成";
            case LightCause.ReportOverdue:
                return OverdueClause(evaluation, facts);
        }

        var main = evaluation.Cause switch
        {
            LightCause.PastDeadline => PastDeadlineClause(evaluation, facts),
            LightCause.MilestoneMissed => MilestoneClause(evaluation, facts),
            _ => ProgressClause(evaluation, facts),
        };

        // The overdue report is a second cause worth naming, after the main one.
        return evaluation.OverdueReportCount > 0
            ? string.Concat(main, Separator, OverdueClause(evaluation, facts))
            : main;
    }

    // 已超过完成时限(2026年6月30日)，进度80%
    private static string PastDeadlineClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        var status = facts.Indicator is { } indicator
            ? IndicatorValues(evaluation, facts, indicator)
            : evaluation.HasReport ? $"进度{Points(evaluation.WorkTenths)}%" : "尚未报送进展";
        return $"已超过完成时限({LongDate(facts.DeadlineOn(evaluation.AsOf))})，{status}";
    }

    // 节点「主体完工」(6月30日)未达成：计划60%，实际40%
    private static string MilestoneClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        var milestone = facts.Milestones[evaluation.MissedMilestoneIndex];
        var wholePoints = facts.Indicator is null;
        var planned = wholePoints
            ? decimal.Round(Math.Clamp(milestone.PlannedPercent, 0m, 100m), 0, MidpointRounding.AwayFromZero)
            : decimal.Round(Math.Clamp(milestone.PlannedPercent, 0m, 100m), 1, MidpointRounding.AwayFromZero);
        var actual = evaluation.HasReport
            ? $"实际{Percent(evaluation.WorkTenths, wholePoints)}%"
            : "尚未报送进展";
        return $"节点「{milestone.Title}」({ShortDate(milestone.Date, evaluation.AsOf)})未达成：计划{Number(planned)}%，{actual}";
    }

    // 2026年5月进展逾期未报（应于6月5日前报送）
    private static string OverdueClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        var report = facts.DueReports[evaluation.OverdueReportIndex];
        var clause = $"{report.PeriodLabel}进展逾期未报（应于{ShortDate(report.DueDate, evaluation.AsOf)}前报送）";
        return evaluation.OverdueReportCount > 1
            ? $"{clause}，另有{evaluation.OverdueReportCount - 1}期逾期未报"
            : clause;
    }

    private static string ProgressClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        if (facts.Indicator is { } indicator)
            return IndicatorClause(evaluation, facts, indicator);

        // 时间过半(58%)，进度40%，落后18个百分点 / 时间进度30%，进度35%，进度符合要求
        var work = evaluation.HasReport ? $"进度{Points(evaluation.WorkTenths)}%" : "尚未报送进展";
        return $"{TimeAndExpected(evaluation)}，{work}，{LagWords(evaluation, wholePoints: true)}";
    }

    private static string IndicatorClause(in TaskEvaluation evaluation, TaskFacts facts, IndicatorFact indicator)
    {
        var values = IndicatorValues(evaluation, facts, indicator);
        if (indicator.Direction == IndicatorDirection.LowerIsBetter)
        {
            // 控制目标4.5%以内，实际4.11%，符合要求
            return !evaluation.HasReport ? values
                : evaluation.OnSchedule ? $"{values}，符合要求"
                : $"{values}，超出控制目标";
        }

        if (indicator.Measure == IndicatorMeasure.Rate)
        {
            // 目标7%，实际6.2%，完成目标的88.6%，落后11.4个百分点
            return !evaluation.HasReport ? values
                : evaluation.OnSchedule ? $"{values}，符合要求"
                : $"{values}，{LagWords(evaluation, wholePoints: false)}";
        }

        // 目标500亿元，实际310亿元，完成目标的62.0%，时间过半(50%)，进度符合要求
        return $"{values}，{TimeAndExpected(evaluation)}，{LagWords(evaluation, wholePoints: false)}";
    }

    // 目标7%，实际6.2%，完成目标的88.6% / 控制目标4.5%以内，实际4.11%
    private static string IndicatorValues(in TaskEvaluation evaluation, TaskFacts facts, IndicatorFact indicator)
    {
        var unit = indicator.UnitOfMeasure;
        var target = indicator.Direction == IndicatorDirection.LowerIsBetter
            ? $"控制目标{Number(indicator.Target)}{unit}以内"
            : $"目标{Number(indicator.Target)}{unit}";
        if (!evaluation.HasReport)
            return $"{target}，尚未报送进展";

        var actual = facts.Progress[evaluation.LatestProgressIndex].IndicatorActual.GetValueOrDefault();
        return indicator.Direction == IndicatorDirection.LowerIsBetter
            ? $"{target}，实际{Number(actual)}{unit}"
            : $"{target}，实际{Number(actual)}{unit}，完成目标的{(evaluation.WorkTenths / 10m).ToString("0.0", _invariant)}%";
    }

    // 时间过半(58%) / 时间进度30%, plus 应完成60% when milestones make the expectation differ from time.
    private static string TimeAndExpected(in TaskEvaluation evaluation)
    {
        var time = Points(evaluation.TimeTenths);
        var timeWords = evaluation.DoubleHalf != DoubleHalfStatus.NotYetHalfTime && evaluation.TimeTenths < 1000
            ? $"时间过半({time}%)"
            : $"时间进度{time}%";
        return evaluation.ExpectedTenths == evaluation.TimeTenths
            ? timeWords
            : $"{timeWords}，应完成{Percent(evaluation.ExpectedTenths, wholePoints: false)}%";
    }

    private static string LagWords(in TaskEvaluation evaluation, bool wholePoints) =>
        evaluation.LagTenths > 0
            ? $"落后{Percent(evaluation.LagTenths, wholePoints)}个百分点"
            : "进度符合要求";

    private static string Points(int tenths) => (tenths / 10).ToString(_invariant);

    private static string Percent(int tenths, bool wholePoints) =>
        wholePoints ? Points(tenths) : (tenths / 10m).ToString("0.#", _invariant);

    // Drops trailing zeros (4.50 → 4.5) so a value reads as it would in a bulletin.
    private static string Number(decimal value) => value.ToString("0.############", _invariant);

    private static string LongDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    // The year is left out when it is the year being judged, as a bulletin would write it.
    private static string ShortDate(DateOnly date, DateOnly asOf) =>
        date.Year == asOf.Year ? $"{date.Month}月{date.Day}日" : LongDate(date);
}
