using System.Globalization;

namespace Supervision.Core.Rules;

/// <summary>
/// Builds the Simplified Chinese reason for a state. Kept apart from <see cref="TaskRules"/> so that the bulk
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
            case LightCause.NotAssigned:
                return "尚未交办，不作评价";
            case LightCause.Closed:
                return $"已销号({LongDate(facts.ClosedOn.GetValueOrDefault())})";
            case LightCause.ReachedFullProgress:
                return "已完成";
            case LightCause.NotYetDue:
                return NotYetDueClause(evaluation, facts);
            case LightCause.ReportOverdue:
            case LightCause.ReportNotAccepted:
                return UnreportedClause(evaluation, facts);
        }

        var main = evaluation.Cause switch
        {
            LightCause.PastDeadline => PastDeadlineClause(evaluation, facts),
            LightCause.MilestoneMissed => MilestoneClause(evaluation, facts),
            LightCause.DoubleHalfNotMet => DoubleHalfClause(evaluation, facts),
            _ => ProgressClause(evaluation, facts),
        };

        // An older report still missing is worth naming, after the main cause.
        return evaluation.OverdueReportCount > 0
            ? string.Concat(main, Separator, OverdueClause(evaluation, facts))
            : main;
    }

    // 2026年7月1日开始实施 / 尚无应报进展（首次应于2月5日前报送）
    private static string NotYetDueClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        if (evaluation.AsOf < facts.Start)
            return $"{ShortDate(facts.Start, evaluation.AsOf)}开始实施，尚无应报进展";
        foreach (var report in facts.DueReports)
        {
            if (report.DueDate >= evaluation.AsOf)
                return $"尚无应报进展（首次应于{ShortDate(report.DueDate, evaluation.AsOf)}前报送）";
        }

        return "尚无应报进展";
    }

    // 2026年6月进展逾期未报（应于7月5日前报送） / 2026年6月进展截至7月15日未经审核采纳；此前采纳的进度60%
    private static string UnreportedClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        var report = facts.DueReports[evaluation.UnreportedIndex];
        var unsent = evaluation.Cause == LightCause.ReportOverdue;
        var main = unsent
            ? $"{report.PeriodLabel}进展逾期未报（应于{ShortDate(report.DueDate, evaluation.AsOf)}前报送）"
            : $"{report.PeriodLabel}进展截至{ShortDate(evaluation.Point.Cutoff, evaluation.AsOf)}未经审核采纳";
        // Older gaps: the missing report is one of the overdue ones when it was never sent.
        var others = evaluation.OverdueReportCount - (evaluation.UnreportedIsOverdue ? 1 : 0);
        if (others > 0)
            main = $"{main}，另有{others}期逾期未报";
        if (!evaluation.HasReport)
            return main;
        var earlier = facts.Indicator is { } indicator
            ? $"此前采纳的{IndicatorValues(evaluation, facts, indicator)}"
            : $"此前采纳的进度为{Points(evaluation.WorkTenths)}%";
        return string.Concat(main, Separator, earlier);
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
        return $"节点「{milestone.Title}」({ShortDate(milestone.Date, evaluation.AsOf)})未达成：计划{IndicatorWords.Number(planned)}%，{actual}";
    }

    // 时间过半(58%)，进度40%，未达到“双过半”要求 / 时间过半(58%)，尚未报送进展
    private static string DoubleHalfClause(in TaskEvaluation evaluation, TaskFacts facts)
    {
        var time = $"时间过半({Points(evaluation.TimeTenths)}%)";
        var work = facts.Indicator is { } indicator ? IndicatorValues(evaluation, facts, indicator)
            : evaluation.HasReport ? $"进度{Points(evaluation.WorkTenths)}%" : "尚未报送进展";
        return $"{time}，{work}，未达到“双过半”要求";
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
        return $"{TimeAndExpected(evaluation)}，进度{Points(evaluation.WorkTenths)}%，{LagWords(evaluation, wholePoints: true)}";
    }

    private static string IndicatorClause(in TaskEvaluation evaluation, TaskFacts facts, IndicatorFact indicator)
    {
        // 目标6%，实际5.9%，低于目标0.1个百分点 / 实际1.3%，控制在3%以内: the words say whether it keeps to schedule.
        var values = IndicatorValues(evaluation, facts, indicator);
        if (indicator.Direction == IndicatorDirection.LowerIsBetter || indicator.Measure == IndicatorMeasure.Rate)
            return values;

        // 目标500亿元，实际310亿元，完成年计划的62.0%，时间过半(58%)，落后… / 进度符合要求
        return $"{values}，{TimeAndExpected(evaluation)}，{LagWords(evaluation, wholePoints: false)}";
    }

    // 目标6%，实际5.9%，低于目标0.1个百分点 / 实际1.3%，控制在3%以内 / 目标500亿元，实际310亿元，完成年计划的62.0%
    private static string IndicatorValues(in TaskEvaluation evaluation, TaskFacts facts, IndicatorFact indicator)
    {
        if (!evaluation.HasReport)
            return $"{IndicatorWords.Target(indicator)}，尚未报送进展";

        var actual = facts.Progress[evaluation.LatestProgressIndex].IndicatorActual.GetValueOrDefault();
        var words = IndicatorWords.Of(indicator, actual);
        var value = $"实际{IndicatorWords.Number(actual)}{indicator.UnitOfMeasure}";
        // Within a ceiling the words already name the target.
        return indicator.Direction == IndicatorDirection.LowerIsBetter && actual <= indicator.Target
            ? $"{value}，{words}"
            : $"{IndicatorWords.Target(indicator)}，{value}，{words}";
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

    private static string LongDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    // The year is left out when it is the year being judged, as a bulletin would write it.
    private static string ShortDate(DateOnly date, DateOnly asOf) =>
        date.Year == asOf.Year ? $"{date.Month}月{date.Day}日" : LongDate(date);
}
