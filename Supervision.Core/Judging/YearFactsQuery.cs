using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>
/// The one query that turns the database into what the rules judge: a year's tasks with their accepted progress,
/// owed reports, milestones, indicator and extensions, their reports' history with the office, spot checks, and the
/// directory — in a few set-based queries for all tasks (no per-task round trips). Every surface reads its result
/// through <see cref="JudgementService"/>; nothing else loads rule facts.
/// </summary>
public static class YearFactsQuery
{
    /// <summary>Every task of <paramref name="year"/> and what hangs off it.</summary>
    public static async Task<YearFacts> LoadAsync(SupervisionDbContext db, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (units, leaders, categories) = await DirectoryAsync(db, year, ct);
        var part = await TasksAsync(db, year, categories, null, ct);
        return new YearFacts(year, part.Tasks, units, leaders, categories, part.Reports, part.SpotChecks);
    }

    /// <summary>
    /// <paramref name="previous"/> with the tasks in <paramref name="changed"/> loaded afresh (a task that left the year is
    /// dropped) and the directory reloaded; the other tasks are kept as they were. Equal to a full <see cref="LoadAsync"/>
    /// when only those tasks changed. Null when a full load is needed: a changed task is new to the year, whose place
    /// among the others only a full load knows, or the year's categories changed (they decide which tasks are indicators).
    /// </summary>
    /// <remarks>
    /// After one accepted report this reads one task's rows instead of the whole year's. With
    /// <paramref name="directoryUnchanged"/> the units, leaders and categories are kept too: a caller that knows no
    /// change since <paramref name="previous"/> touched them (every edit of theirs is audited without a task, and
    /// <see cref="JudgementService"/> loads the year in full after such a change) spares three reads on every accept.
    /// </remarks>
    public static async Task<YearFacts?> RefreshAsync(SupervisionDbContext db, YearFacts previous, IReadOnlySet<int> changed, CancellationToken ct = default, bool directoryUnchanged = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(changed);
        (IReadOnlyList<YearUnit> units, IReadOnlyList<YearLeader> leaders, IReadOnlyList<YearCategory> categories) = directoryUnchanged
            ? (previous.Units, previous.Leaders, previous.Categories)
            : await DirectoryAsync(db, previous.Year, ct);
        if (!categories.SequenceEqual(previous.Categories))
            return null;
        var part = await TasksAsync(db, previous.Year, categories, changed, ct);
        var fresh = part.Tasks.ToDictionary(t => t.Id);
        if (fresh.Count > previous.Tasks.Count(t => fresh.ContainsKey(t.Id)))
            return null;
        var tasks = previous.Tasks
            .Where(t => !changed.Contains(t.Id) || fresh.ContainsKey(t.Id))
            .Select(t => fresh.GetValueOrDefault(t.Id) ?? t)
            .ToList();
        return new YearFacts(
            previous.Year,
            tasks,
            units,
            leaders,
            categories,
            Merge(previous.Reports, part.Reports, r => r.TaskId, changed),
            Merge(previous.SpotChecks, part.SpotChecks, c => c.TaskId, changed));
    }

    /// <summary>Years that have tasks or categories, newest first.</summary>
    public static async Task<IReadOnlyList<int>> YearsAsync(SupervisionDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var taskYears = await db.Tasks.AsNoTracking().Select(t => t.Year).Distinct().ToListAsync(ct);
        var categoryYears = await db.Categories.AsNoTracking().Select(c => c.Year).Distinct().ToListAsync(ct);
        return taskYears.Union(categoryYears).OrderByDescending(y => y).ToList();
    }

    // Units, leaders and the year's categories: a few dozen rows, always read whole (their edits name no task).
    private static async Task<(List<YearUnit>, List<YearLeader>, List<YearCategory>)> DirectoryAsync(SupervisionDbContext db, int year, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking()
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new YearUnit(u.Id, u.ShortName ?? u.Name, u.Kind, u.SortOrder, u.IsActive))
            .ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new YearLeader(l.Id, l.Name, l.Title, l.SortOrder))
            .ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking()
            .Where(c => c.Year == year)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new YearCategory(c.Id, c.Name, c.SortOrder))
            .ToListAsync(ct);
        return (units, leaders, categories);
    }

    // The tasks of the year (those in only, when given) and what hangs off them, in register order; reports and checks
    // come ordered by task, then as recorded, so a refreshed year lists them exactly as a full load would.
    private static async Task<TaskPart> TasksAsync(SupervisionDbContext db, int year, IReadOnlyList<YearCategory> categories, IReadOnlyCollection<int>? only, CancellationToken ct)
    {
        var scope = db.Tasks.AsNoTracking().Where(t => t.Year == year);
        if (only is not null)
            scope = scope.Where(t => only.Contains(t.Id));
        var tasks = await scope
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
                t.OriginalDeadline,
                t.ReportCycle,
                t.RegisteredAt,
                t.AssignedAt,
                t.ClosedAt,
                t.CancelledAt,
                t.Indicator,
                Milestones = t.Milestones.OrderBy(m => m.Date).Select(m => new MilestoneFact(m.Date, m.PlannedPercent, m.Title)).ToList(),
                Assisting = t.AssistingUnits.Select(a => a.UnitId).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        if (tasks.Count == 0)
            return new TaskPart([], [], []);

        // The tasks stay a subquery rather than a list of ids: thousands of ids would become thousands of parameters.
        var ids = scope.Select(t => t.Id);
        var reports = await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.TaskId))
            .OrderBy(r => r.TaskId).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.TaskId, r.UnitId, r.PeriodKey, r.PeriodLabel, r.PeriodEnd, r.DueDate, r.FirstSubmittedAt })
            .ToListAsync(ct);
        // A flat join, not a per-report collection: SQLite then looks each report up once instead of walking the
        // revisions per report. Ordered by decision, so accepted values come in the order they were accepted.
        var revisions = (await (
                    from r in db.Reports.AsNoTracking()
                    where ids.Contains(r.TaskId)
                    join v in db.Set<ReportRevision>().AsNoTracking() on r.Id equals v.ReportId
                    orderby v.DecidedAt, v.Id
                    select new { v.Id, v.ReportId, v.Number, v.State, v.SubmittedAt, v.DecidedAt, v.ProgressPercent, v.IndicatorActual })
                .ToListAsync(ct))
            .ToLookup(v => v.ReportId);
        // Whether a draft came back from the unit's own reviewers: its last step says so (drafts are few).
        var sentBack = (await (
                    from r in db.Reports.AsNoTracking()
                    where ids.Contains(r.TaskId)
                    join v in db.Set<ReportRevision>().AsNoTracking() on r.Id equals v.ReportId
                    where v.State == RevisionState.Draft
                    select new { v.ReportId, Last = v.Steps.OrderByDescending(s => s.Id).Select(s => (ReportStepAction?)s.Action).FirstOrDefault() })
                .ToListAsync(ct))
            .Where(x => x.Last == ReportStepAction.RejectedInUnit)
            .Select(x => x.ReportId)
            .ToHashSet();
        var extensions = (await db.Set<ExtensionRequest>().AsNoTracking()
                .Where(e => ids.Contains(e.TaskId) && e.State == ExtensionState.Approved && e.DecidedAt != null)
                .Select(e => new { e.TaskId, e.DecidedAt, e.CurrentDeadline, e.RequestedDeadline })
                .ToListAsync(ct))
            .ToLookup(e => e.TaskId, e => new DeadlineChange(ChinaTime.DateOf(e.DecidedAt!.Value), e.CurrentDeadline, e.RequestedDeadline));
        var checks = await db.SpotChecks.AsNoTracking()
            .Where(s => ids.Contains(s.TaskId))
            .OrderBy(s => s.TaskId).ThenBy(s => s.Id)
            .Select(s => new SpotCheckRecord(s.TaskId, s.UnitId, s.Result, s.CheckedOn))
            .ToListAsync(ct);

        var reportsByTask = reports.ToLookup(r => r.TaskId);
        var main = categories.Where(c => c.IsMainIndicators).Select(c => c.Id).ToHashSet();
        var records = new List<TaskRecord>(tasks.Count);
        var reportRecords = new List<ReportRecord>(reports.Count);
        foreach (var t in tasks)
        {
            var schedule = ReportSchedule.PeriodsFor(t.Start, t.Deadline, t.ReportCycle).ToDictionary(p => p.Key);
            var own = reportsByTask[t.Id].ToList();
            var progress = new List<(long Order, ProgressPoint Point)>();
            foreach (var r in own)
            {
                var list = revisions[r.Id].OrderBy(v => v.Number).ToList();
                var periodStart = schedule.TryGetValue(r.PeriodKey, out var period) ? period.Start : new DateOnly(r.PeriodEnd.Year, r.PeriodEnd.Month, 1);
                foreach (var v in list.Where(v => v.State == RevisionState.Accepted && v.DecidedAt is not null))
                    progress.Add((v.DecidedAt!.Value.Ticks, new ProgressPoint(ChinaTime.DateOf(v.DecidedAt!.Value), v.ProgressPercent, v.IndicatorActual, periodStart, r.PeriodEnd, v.Id)));
                var current = list.Count > 0 ? list[^1] : null;
                reportRecords.Add(new ReportRecord(
                    r.Id,
                    r.TaskId,
                    r.UnitId,
                    r.PeriodKey,
                    r.PeriodLabel,
                    r.DueDate,
                    r.FirstSubmittedAt,
                    current?.State ?? RevisionState.Draft,
                    current?.Number ?? 1,
                    current is { State: RevisionState.Draft } && sentBack.Contains(r.Id),
                    list.Where(v => v.State == RevisionState.Returned && v.DecidedAt is not null).Select(v => ChinaTime.DateOf(v.DecidedAt!.Value)).ToArray(),
                    list.Where(v => v.SubmittedAt is not null).Select(v => new SentRevision(v.SubmittedAt!.Value, v.DecidedAt)).ToArray()));
            }

            DateOnly? closedOn = t.ClosedAt is { } closed ? ChinaTime.DateOf(closed) : null;
            DateOnly? cancelledOn = t.CancelledAt is { } cancelled ? ChinaTime.DateOf(cancelled) : null;
            DateOnly? assignedOn = t.AssignedAt is { } assigned ? ChinaTime.DateOf(assigned) : null;
            var sentOn = own.Where(r => r.FirstSubmittedAt is not null).ToDictionary(r => r.PeriodKey, r => ChinaTime.DateOf(r.FirstSubmittedAt!.Value));
            var due = ReportSchedule.OwedPeriods(t.Start, t.Deadline, t.ReportCycle, assignedOn, cancelledOn ?? closedOn)
                .Select(p => new DueReport(p.Label, p.DueDate, sentOn.TryGetValue(p.Key, out var s) ? s : null, p.End, p.Key))
                .ToArray();
            var indicator = t.Indicator is { } i ? new IndicatorFact(i.Target, i.Direction, i.Measure, i.UnitOfMeasure) : null;
            var changes = extensions[t.Id].OrderBy(c => c.On).ToArray();
            var facts = new TaskFacts(
                t.Id,
                t.Start,
                t.Deadline,
                t.Milestones.ToArray(),
                indicator,
                progress.OrderBy(p => p.Order).Select(p => p.Point).ToArray(),
                due,
                closedOn,
                cancelledOn,
                changes.Length > 0 ? changes : null)
            {
                AssignedOn = assignedOn,
                // Seed 002 counts the main indicators apart; a year without that category counts every indicator task.
                CountsAsIndicator = indicator is not null && (main.Count == 0 || (t.CategoryId is { } c && main.Contains(c))),
            };
            records.Add(new TaskRecord(
                t.Id, t.Number, t.Title, t.Source, t.CategoryId, t.LeadUnitId, t.ResponsibleLeaderId, t.State,
                ChinaTime.DateOf(t.RegisteredAt), t.OriginalDeadline, t.Assisting, t.Indicator?.Name, facts));
        }

        return new TaskPart(records, reportRecords, checks);
    }

    // The kept items of the unchanged tasks and the fresh ones of the changed, in task order (a stable sort keeps
    // each task's own order).
    private static List<T> Merge<T>(IReadOnlyList<T> previous, IReadOnlyList<T> fresh, Func<T, int> taskOf, IReadOnlySet<int> changed) =>
        previous.Where(x => !changed.Contains(taskOf(x))).Concat(fresh).OrderBy(taskOf).ToList();

    private sealed record TaskPart(List<TaskRecord> Tasks, List<ReportRecord> Reports, List<SpotCheckRecord> SpotChecks);
}
