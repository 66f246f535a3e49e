using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;

namespace Supervision.Core.Data;

/// <summary>A task's identity and grouping fields together with the facts the rules judge it by.</summary>
public sealed record TaskRow(
    int Id,
    string Number,
    string Title,
    TaskSource Source,
    int? CategoryId,
    int LeadUnitId,
    int? ResponsibleLeaderId,
    TaskState State,
    TaskFacts Facts);

/// <summary>Loads tasks as rule inputs in a few set-based queries (no per-task round trips).</summary>
public static class TaskFactsQuery
{
    /// <summary>
    /// Every task of <paramref name="year"/> that <paramref name="actor"/> may see, with its accepted progress,
    /// milestones, indicator and owed reports. Rules then decide "as of" any date from these facts.
    /// </summary>
    public static Task<IReadOnlyList<TaskRow>> LoadAsync(SupervisionDbContext db, Actor actor, int year, CancellationToken ct = default) =>
        LoadAsync(db, actor, year, null, ct);

    /// <summary>
    /// As <see cref="LoadAsync(SupervisionDbContext, Actor, int, CancellationToken)"/>, limited to the tasks in
    /// <paramref name="only"/> when it is given (one task's page, a dashboard refreshing the tasks a change named).
    /// </summary>
    public static async Task<IReadOnlyList<TaskRow>> LoadAsync(SupervisionDbContext db, Actor actor, int year, IReadOnlyCollection<int>? only, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = TaskVisibility.VisibleTo(db.Tasks, actor).Where(t => t.Year == year);
        if (only is not null)
            scope = scope.Where(t => only.Contains(t.Id));
        var tasks = await scope.AsNoTracking()
            .OrderBy(t => t.Source).ThenBy(t => t.Sequence)
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.Title,
                t.Source,
                t.CategoryId,
                t.LeadUnitId,
                t.ResponsibleLeaderId,
                t.State,
                t.Start,
                t.Deadline,
                t.ReportCycle,
                t.AssignedAt,
                t.ClosedAt,
                t.CancelledAt,
                t.Indicator,
                Milestones = t.Milestones.OrderBy(m => m.Date).ToList(),
            })
            .ToListAsync(ct);
        if (tasks.Count == 0)
            return [];

        // The visible tasks stay a subquery rather than a list of ids: thousands of ids would become thousands of
        // parameters, and the filter is the same one that chose the tasks above.
        var visible = scope.Select(t => t.Id);
        var reports = await db.Reports.AsNoTracking()
            .Where(r => visible.Contains(r.TaskId))
            .Select(r => new { r.TaskId, r.PeriodKey, r.FirstSubmittedAt })
            .ToListAsync(ct);
        var reportsByTask = reports.ToLookup(r => r.TaskId);
        // A flat join, not a per-report collection: as a LEFT JOIN on a filtered subquery SQLite walks the accepted
        // revisions once per report (≈150 ms for the demo city), as an inner join it looks each report up once.
        var accepted = (await (
                    from r in db.Reports.AsNoTracking()
                    where visible.Contains(r.TaskId)
                    join v in db.Set<ReportRevision>().AsNoTracking() on r.Id equals v.ReportId
                    where v.State == RevisionState.Accepted && v.DecidedAt != null
                    orderby v.DecidedAt, v.Id
                    select new { r.TaskId, DecidedAt = v.DecidedAt!.Value, v.ProgressPercent, v.IndicatorActual })
                .ToListAsync(ct))
            .ToLookup(a => a.TaskId, a => new ProgressPoint(ChinaTime.DateOf(a.DecidedAt), a.ProgressPercent, a.IndicatorActual));
        var extensions = (await db.Set<ExtensionRequest>().AsNoTracking()
                .Where(e => visible.Contains(e.TaskId) && e.State == ExtensionState.Approved && e.DecidedAt != null)
                .Select(e => new { e.TaskId, e.DecidedAt, e.CurrentDeadline, e.RequestedDeadline })
                .ToListAsync(ct))
            .ToLookup(e => e.TaskId, e => new DeadlineChange(ChinaTime.DateOf(e.DecidedAt!.Value), e.CurrentDeadline, e.RequestedDeadline));

        var rows = new List<TaskRow>(tasks.Count);
        foreach (var t in tasks)
        {
            var owned = reportsByTask[t.Id].ToDictionary(r => r.PeriodKey);
            var progress = accepted[t.Id].ToArray(); // in order of acceptance, as the query sorted them
            DateOnly? closedOn = t.ClosedAt is { } closed ? ChinaTime.DateOf(closed) : null;
            DateOnly? cancelledOn = t.CancelledAt is { } cancelled ? ChinaTime.DateOf(cancelled) : null;
            DateOnly? assignedOn = t.AssignedAt is { } assigned ? ChinaTime.DateOf(assigned) : null;
            var due = ReportSchedule.OwedPeriods(t.Start, t.Deadline, t.ReportCycle, assignedOn, cancelledOn ?? closedOn)
                .Select(p => new DueReport(
                    p.Label,
                    p.DueDate,
                    owned.TryGetValue(p.Key, out var r) && r.FirstSubmittedAt is { } s ? ChinaTime.DateOf(s) : null))
                .ToArray();
            var milestones = t.Milestones.Select(m => new MilestoneFact(m.Date, m.PlannedPercent, m.Title)).ToArray();
            var indicator = t.Indicator is { } i ? new IndicatorFact(i.Target, i.Direction, i.Measure, i.UnitOfMeasure) : null;
            var facts = new TaskFacts(
                t.Id,
                t.Start,
                t.Deadline,
                milestones,
                indicator,
                progress,
                due,
                closedOn,
                cancelledOn,
                extensions[t.Id] is var changes && changes.Any() ? changes.OrderBy(c => c.On).ToArray() : null);
            rows.Add(new TaskRow(t.Id, t.Number, t.Title, t.Source, t.CategoryId, t.LeadUnitId, t.ResponsibleLeaderId, t.State, facts));
        }

        return rows;
    }
}
