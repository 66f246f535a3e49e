using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>Judges a period's report as on time, late or missing (pure; the grace days come from RuleThresholds.ReportGraceDays).</summary>
public static class ReportTimelinessRules
{
    /// <summary>
    /// On time when first submitted (China date) by <paramref name="dueDate"/> + <paramref name="graceDays"/>;
    /// late when after; missing when that day has passed on <paramref name="today"/> without a submission. A report
    /// the task did not owe (<paramref name="owed"/> false: due before 交办) is never late or missing.
    /// </summary>
    public static ReportTimeliness Of(DateOnly dueDate, DateOnly? firstSubmittedOn, DateOnly today, int graceDays, bool owed = true)
    {
        if (!owed)
            return firstSubmittedOn is null ? ReportTimeliness.NotOwed : ReportTimeliness.Supplementary;
        var last = dueDate.AddDays(graceDays);
        if (firstSubmittedOn is { } submitted)
            return submitted <= last ? ReportTimeliness.OnTime : ReportTimeliness.Late;
        return today > last ? ReportTimeliness.Missing : ReportTimeliness.Pending;
    }
}
