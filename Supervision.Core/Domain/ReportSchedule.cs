namespace Supervision.Core.Domain;

/// <summary>One reporting period of a task: what it covers and when its report is due.</summary>
/// <param name="Key">Stable key, e.g. 2026-05, 2026-Q2, ONCE.</param>
/// <param name="Label">As people say it: 2026年5月, 2026年第二季度.</param>
public sealed record ReportPeriod(string Key, string Label, DateOnly Start, DateOnly End, DateOnly DueDate);

/// <summary>
/// Turns a task's span and report cycle into its report periods. A period's report is due on
/// <c>dueDay</c> of the month after the period ends (月报 by the 5th is the common office rule), or for a
/// one-off report on the deadline itself.
/// </summary>
public static class ReportSchedule
{
    /// <summary>Default day of the following month on which a period's report is due.</summary>
    public const int DefaultDueDay = Rules.JudgementPoint.DueDayOffset;

    private static readonly string[] _quarterNames = ["一", "二", "三", "四"];

    /// <summary>
    /// The periods a task owes reports for: those due from the day it was assigned (交办, <paramref name="assignedOn"/>)
    /// — a unit cannot report on a task before it received it, so a task registered in March owes nothing for
    /// January — and, once it was cancelled or closed (销号) on <paramref name="settledOn"/>, only those due by that
    /// day. A task not yet assigned owes nothing. Because every period left out is due before the assignment or
    /// after the settling day, this stays right "as of" any day.
    /// </summary>
    public static IReadOnlyList<ReportPeriod> OwedPeriods(DateOnly start, DateOnly deadline, ReportCycle cycle, DateOnly? assignedOn, DateOnly? settledOn)
    {
        if (assignedOn is null)
            return [];
        return PeriodsFor(start, deadline, cycle).Where(p => IsOwed(p.DueDate, assignedOn, settledOn)).ToList();
    }

    /// <summary>Whether a report due on <paramref name="dueDate"/> is owed: due from the day of 交办 until the task was settled.</summary>
    public static bool IsOwed(DateOnly dueDate, DateOnly? assignedOn, DateOnly? settledOn) =>
        assignedOn is { } from && dueDate >= from && dueDate <= (settledOn ?? DateOnly.MaxValue);

    /// <summary>Whether <paramref name="task"/> owes the report due on <paramref name="dueDate"/>.</summary>
    public static bool IsOwed(SupervisionTask task, DateOnly dueDate)
    {
        ArgumentNullException.ThrowIfNull(task);
        var settled = task.CancelledAt ?? task.ClosedAt;
        return IsOwed(dueDate, task.AssignedAt is { } a ? ChinaTime.DateOf(a) : null, settled is { } s ? ChinaTime.DateOf(s) : null);
    }

    /// <summary>The periods <paramref name="task"/> owes reports for (see the other overload), from its own dates.</summary>
    public static IReadOnlyList<ReportPeriod> OwedPeriods(SupervisionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var settled = task.CancelledAt ?? task.ClosedAt;
        return OwedPeriods(
            task.Start,
            task.Deadline,
            task.ReportCycle,
            task.AssignedAt is { } assigned ? ChinaTime.DateOf(assigned) : null,
            settled is { } s ? ChinaTime.DateOf(s) : null);
    }

    public static IReadOnlyList<ReportPeriod> PeriodsFor(DateOnly start, DateOnly deadline, ReportCycle cycle, int dueDay = DefaultDueDay)
    {
        if (deadline < start)
            return [];
        var periods = new List<ReportPeriod>();
        switch (cycle)
        {
            case ReportCycle.Once:
                periods.Add(new ReportPeriod("ONCE", "办理结果", start, deadline, deadline));
                break;
            case ReportCycle.Monthly:
                for (var month = new DateOnly(start.Year, start.Month, 1); month <= deadline; month = month.AddMonths(1))
                {
                    var end = month.AddMonths(1).AddDays(-1);
                    periods.Add(new ReportPeriod($"{month:yyyy-MM}", $"{month.Year}年{month.Month}月", Max(month, start), Min(end, deadline), DueAfter(end, dueDay)));
                }

                break;
            case ReportCycle.Quarterly:
                for (var quarter = new DateOnly(start.Year, ((start.Month - 1) / 3 * 3) + 1, 1); quarter <= deadline; quarter = quarter.AddMonths(3))
                {
                    var end = quarter.AddMonths(3).AddDays(-1);
                    var q = ((quarter.Month - 1) / 3) + 1;
                    periods.Add(new ReportPeriod($"{quarter.Year}-Q{q}", $"{quarter.Year}年第{_quarterNames[q - 1]}季度", Max(quarter, start), Min(end, deadline), DueAfter(end, dueDay)));
                }

                break;
        }

        return periods;
    }

    private static DateOnly DueAfter(DateOnly periodEnd, int dueDay)
    {
        var next = periodEnd.AddDays(1);
        return new DateOnly(next.Year, next.Month, Math.Clamp(dueDay, 1, 28));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
