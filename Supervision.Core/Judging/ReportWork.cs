using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>Where an owed report stands for the unit that owes it.</summary>
public enum ReportWorkState
{
    /// <summary>Not written yet: the 联络员 has to draft it (待报送).</summary>
    ToWrite = 0,

    /// <summary>A draft never sent: the 联络员 has to finish and send it (草稿待提交).</summary>
    Draft = 1,

    /// <summary>Sent back by the office or by the unit's own reviewers: the 联络员 has to correct it (被退回).</summary>
    Returned = 2,

    /// <summary>With the unit's 主管领导.</summary>
    AwaitingSupervisor = 3,

    /// <summary>With the unit's 主要领导.</summary>
    AwaitingPrincipal = 4,

    /// <summary>Sent; with the office (督查室审核中).</summary>
    AwaitingReview = 5,
}

/// <summary>One report a unit has to move now.</summary>
/// <param name="Overdue">Not sent and past its due date plus the grace days (逾期未报).</param>
public sealed record ReportWorkItem(TaskRecord Task, string PeriodKey, string PeriodLabel, DateOnly DueDate, ReportWorkState State, bool Overdue);

/// <summary>
/// The one list of the reports a unit has to move (docs/glossary.md §7): `/todo` and the 单位看板's 待办 panel both show
/// it, so they always agree. Pure: a year's facts, a unit, today.
/// </summary>
public static class ReportWork
{
    /// <summary>Days ahead a coming report due date is listed.</summary>
    public const int LookAheadDays = 10;

    /// <summary>
    /// For each task <paramref name="unitId"/> leads that is 已交办 or 办理中: every owed report due within
    /// <see cref="LookAheadDays"/> days (or overdue) that has not been sent; and for each of its tasks not yet closed or
    /// cancelled, every report that came back to the unit or waits in its review chain or with the office. Ordered
    /// overdue first, then by due date.
    /// </summary>
    public static IReadOnlyList<ReportWorkItem> Of(YearFacts year, int unitId, DateOnly today, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(year);
        ArgumentNullException.ThrowIfNull(thresholds);
        var items = new List<ReportWorkItem>();
        var own = year.Reports.Where(r => r.UnitId == unitId).ToList();
        var reports = own.ToDictionary(r => (r.TaskId, r.PeriodKey));
        var byTask = own.ToLookup(r => r.TaskId);
        foreach (var task in year.Tasks)
        {
            if (task.LeadUnitId != unitId || task.State is TaskState.Registered or TaskState.Closed or TaskState.Cancelled)
                continue;
            // Only a task still being worked on asks for new reports; one waiting for close-out does not.
            var writing = task.State is TaskState.Assigned or TaskState.InProgress;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var due in task.Facts.DueReports)
            {
                var key = due.PeriodKey ?? "";
                seen.Add(key);
                reports.TryGetValue((task.Id, key), out var report);
                var overdue = due.SubmittedAt is null && today > due.DueDate.AddDays(thresholds.ReportGraceDays);
                ReportWorkState? state = report switch
                {
                    null => ReportWorkState.ToWrite,
                    { IsReturnedDraft: true } => ReportWorkState.Returned,
                    { CurrentState: RevisionState.Draft } => ReportWorkState.Draft,
                    { CurrentState: RevisionState.AwaitingSupervisor } => ReportWorkState.AwaitingSupervisor,
                    { CurrentState: RevisionState.AwaitingPrincipal } => ReportWorkState.AwaitingPrincipal,
                    { CurrentState: RevisionState.Submitted } => ReportWorkState.AwaitingReview,
                    _ => null, // accepted: nothing to do
                };
                if (state is not { } s)
                    continue;
                // Reports still to write are listed from the task's start and once they fall due within the window.
                if (s is ReportWorkState.ToWrite or ReportWorkState.Draft && (!writing || task.Facts.Start > today || due.DueDate > today.AddDays(LookAheadDays)))
                    continue;
                items.Add(new ReportWorkItem(task, key, due.PeriodLabel, due.DueDate, s, overdue));
            }

            // A report the task did not owe (written for a month before 交办) still waits for whoever holds it.
            foreach (var report in byTask[task.Id])
            {
                if (seen.Contains(report.PeriodKey))
                    continue;
                ReportWorkState? state = report switch
                {
                    { IsReturnedDraft: true } => ReportWorkState.Returned,
                    { CurrentState: RevisionState.AwaitingSupervisor } => ReportWorkState.AwaitingSupervisor,
                    { CurrentState: RevisionState.AwaitingPrincipal } => ReportWorkState.AwaitingPrincipal,
                    { CurrentState: RevisionState.Submitted } => ReportWorkState.AwaitingReview,
                    _ => null,
                };
                if (state is { } s)
                    items.Add(new ReportWorkItem(task, report.PeriodKey, report.PeriodLabel, report.DueDate, s, false));
            }
        }

        return items.OrderByDescending(i => i.Overdue).ThenBy(i => i.DueDate).ThenBy(i => i.Task.Number, StringComparer.Ordinal).ToList();
    }
}
