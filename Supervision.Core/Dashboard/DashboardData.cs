using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Dashboard;

/// <summary>What the dashboard knows about one task beyond its rule facts.</summary>
/// <param name="Row">Identity, grouping fields and rule facts from <see cref="TaskFactsQuery"/>.</param>
/// <param name="RegisteredOn">China date of registration: the task does not exist on an earlier as-of date.</param>
/// <param name="OriginalDeadline">The deadline as first set.</param>
/// <param name="AssistingUnitIds">协办单位; they see the task like the lead unit.</param>
/// <param name="Indicator">The indicator's name and unit when the task has one.</param>
public sealed record DashboardTask(TaskRow Row, DateOnly RegisteredOn, DateOnly OriginalDeadline, IReadOnlyList<int> AssistingUnitIds, IndicatorName? Indicator)
{
    /// <summary>True for the lead unit and every assisting unit, exactly as <see cref="TaskVisibility"/> decides.</summary>
    public bool Involves(int unitId) => Row.LeadUnitId == unitId || AssistingUnitIds.Contains(unitId);
}

/// <summary>Display name of an indicator.</summary>
public sealed record IndicatorName(string Name, string UnitOfMeasure);

/// <summary>A unit as the dashboard lists it.</summary>
public sealed record DashboardUnit(int Id, string Name, UnitKind Kind, int SortOrder, bool IsActive);

/// <summary>A city leader as the dashboard lists it.</summary>
public sealed record DashboardLeader(int Id, string Name, string Title, int SortOrder);

/// <summary>A category of the year.</summary>
public sealed record DashboardCategory(int Id, string Name, int SortOrder);

/// <summary>One report a unit owes, with where its latest revision stands and every return it suffered.</summary>
/// <param name="CurrentState">State of the latest revision (now, not as of a past date: the to-do list is about today).</param>
/// <param name="ReturnedOn">China dates on which revisions of this report were returned (退回).</param>
public sealed record DashboardReport(int Id, int TaskId, int UnitId, string PeriodLabel, DateOnly DueDate, DateTime? FirstSubmittedAt, RevisionState CurrentState, int CurrentNumber, IReadOnlyList<DateOnly> ReturnedOn);

/// <summary>A spot check's outcome for scoring.</summary>
public sealed record DashboardSpotCheck(int TaskId, int UnitId, SpotCheckResult Result, DateOnly CheckedOn);

/// <summary>An approved deadline extension (task.extended).</summary>
public sealed record DashboardExtension(int TaskId, DateOnly On);

/// <summary>One line of the activity feed.</summary>
public sealed record ActivityItem(long Id, DateTime OccurredAt, string Action, string Summary, string ActorName, int? TaskId)
{
    /// <summary>The task it concerns (ZD-017 城区污水管网改造), set by the dashboard when the summary does not name it already.</summary>
    public string? TaskLabel { get; init; }

    /// <summary>When, in China time as the feed prints it (7月10日 09:30); worked out once, as every open dashboard shows the same item.</summary>
    public string Time { get; } = ChinaTime.LocalOf(OccurredAt).ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Everything about one year that dashboards compute from, loaded in a few set-based queries for all tasks
/// (the dashboard cache is shared by every viewer; each view then keeps only what its viewer may see).
/// </summary>
public sealed record DashboardYearData(
    int Year,
    IReadOnlyList<DashboardTask> Tasks,
    IReadOnlyList<DashboardUnit> Units,
    IReadOnlyList<DashboardLeader> Leaders,
    IReadOnlyList<DashboardCategory> Categories,
    IReadOnlyList<DashboardReport> Reports,
    IReadOnlyList<DashboardSpotCheck> SpotChecks,
    IReadOnlyList<DashboardExtension> Extensions)
{
    /// <summary>A year with nothing in it.</summary>
    public static DashboardYearData Empty(int year) => new(year, [], [], [], [], [], [], []);
}

/// <summary>Loads <see cref="DashboardYearData"/> and the activity feed from the database.</summary>
public static class DashboardDataQuery
{
    // The cache holds every task of the year and filters per viewer afterwards, so it loads as someone who sees all.
    private static readonly Actor _allTasks = new("dashboard", "看板", new HashSet<string> { Roles.Inspector }, null);

    /// <summary>Every task of <paramref name="year"/> with the facts, reports, spot checks and extensions the dashboard needs.</summary>
    public static async Task<DashboardYearData> LoadAsync(SupervisionDbContext db, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (units, leaders, categories) = await DirectoryAsync(db, year, ct);
        var part = await TasksAsync(db, year, null, ct);
        return new DashboardYearData(year, part.Tasks, units, leaders, categories, part.Reports, part.SpotChecks, part.Extensions);
    }

    /// <summary>
    /// <paramref name="previous"/> with the tasks in <paramref name="changed"/> loaded afresh (their facts, reports,
    /// spot checks and extensions; a task that left the year is dropped) and the directory reloaded; the other tasks
    /// are kept as they were. Equal to a full <see cref="LoadAsync"/> when only those tasks changed. Null when a full
    /// load is needed: a changed task is new to the year, whose place among the others only a full load knows.
    /// </summary>
    /// <remarks>After one accepted report this reads one task's rows instead of the whole year's.</remarks>
    public static async Task<DashboardYearData?> RefreshAsync(SupervisionDbContext db, DashboardYearData previous, IReadOnlySet<int> changed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(changed);
        var part = await TasksAsync(db, previous.Year, changed, ct);
        var fresh = part.Tasks.ToDictionary(t => t.Row.Id);
        if (fresh.Count > previous.Tasks.Count(t => fresh.ContainsKey(t.Row.Id)))
            return null;
        var tasks = previous.Tasks
            .Where(t => !changed.Contains(t.Row.Id) || fresh.ContainsKey(t.Row.Id))
            .Select(t => fresh.GetValueOrDefault(t.Row.Id) ?? t)
            .ToList();
        var (units, leaders, categories) = await DirectoryAsync(db, previous.Year, ct);
        return new DashboardYearData(
            previous.Year,
            tasks,
            units,
            leaders,
            categories,
            Merge(previous.Reports, part.Reports, r => r.TaskId, changed),
            Merge(previous.SpotChecks, part.SpotChecks, c => c.TaskId, changed),
            Merge(previous.Extensions, part.Extensions, e => e.TaskId, changed));
    }

    // Units, leaders and the year's categories: a few dozen rows, always read whole (their edits name no task).
    private static async Task<(List<DashboardUnit>, List<DashboardLeader>, List<DashboardCategory>)> DirectoryAsync(SupervisionDbContext db, int year, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking()
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new DashboardUnit(u.Id, u.ShortName ?? u.Name, u.Kind, u.SortOrder, u.IsActive))
            .ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new DashboardLeader(l.Id, l.Name, l.Title, l.SortOrder))
            .ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking()
            .Where(c => c.Year == year)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new DashboardCategory(c.Id, c.Name, c.SortOrder))
            .ToListAsync(ct);
        return (units, leaders, categories);
    }

    // The tasks of the year (those in only, when given) and what hangs off them. Reports, checks and extensions come
    // ordered by task, then as recorded, so a refreshed year lists them exactly as a full load would.
    private static async Task<TaskPart> TasksAsync(SupervisionDbContext db, int year, IReadOnlyCollection<int>? only, CancellationToken ct)
    {
        var rows = await TaskFactsQuery.LoadAsync(db, _allTasks, year, only, ct);
        var yearTasks = db.Tasks.Where(t => t.Year == year);
        if (only is not null)
            yearTasks = yearTasks.Where(t => only.Contains(t.Id));
        var extras = await yearTasks.AsNoTracking()
            .Select(t => new
            {
                t.Id,
                t.RegisteredAt,
                t.OriginalDeadline,
                Assisting = t.AssistingUnits.Select(a => a.UnitId).ToList(),
                IndicatorName = t.Indicator == null ? null : t.Indicator.Name,
                IndicatorUnit = t.Indicator == null ? null : t.Indicator.UnitOfMeasure,
            })
            .ToDictionaryAsync(t => t.Id, ct);
        var tasks = rows
            .Where(r => extras.ContainsKey(r.Id))
            .Select(r =>
            {
                var x = extras[r.Id];
                return new DashboardTask(
                    r,
                    ChinaTime.DateOf(x.RegisteredAt),
                    x.OriginalDeadline,
                    x.Assisting,
                    x.IndicatorName is null ? null : new IndicatorName(x.IndicatorName, x.IndicatorUnit ?? ""));
            })
            .ToList();
        if (tasks.Count == 0)
            return new TaskPart([], [], [], []);

        var ids = yearTasks.Select(t => t.Id);
        var reports = await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.TaskId))
            .OrderBy(r => r.TaskId).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.TaskId, r.UnitId, r.PeriodLabel, r.DueDate, r.FirstSubmittedAt })
            .ToListAsync(ct);
        var revisions = await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.TaskId))
            .SelectMany(r => r.Revisions.Select(v => new { v.ReportId, v.Number, v.State, v.DecidedAt }))
            .ToListAsync(ct);
        var revisionsByReport = revisions.ToLookup(v => v.ReportId);
        var dashboardReports = reports.Select(r =>
        {
            var list = revisionsByReport[r.Id];
            var current = list.MaxBy(v => v.Number);
            var returned = list
                .Where(v => v.State == RevisionState.Returned && v.DecidedAt is not null)
                .OrderBy(v => v.Number)
                .Select(v => ChinaTime.DateOf(v.DecidedAt!.Value))
                .ToArray();
            return new DashboardReport(r.Id, r.TaskId, r.UnitId, r.PeriodLabel, r.DueDate, r.FirstSubmittedAt, current?.State ?? RevisionState.Draft, current?.Number ?? 1, returned);
        }).ToList();

        var checks = await db.SpotChecks.AsNoTracking()
            .Where(s => ids.Contains(s.TaskId))
            .OrderBy(s => s.TaskId).ThenBy(s => s.Id)
            .Select(s => new DashboardSpotCheck(s.TaskId, s.UnitId, s.Result, s.CheckedOn))
            .ToListAsync(ct);
        var extensions = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == "task.extended" && e.TaskId != null && ids.Contains(e.TaskId.Value))
            .OrderBy(e => e.TaskId).ThenBy(e => e.Id)
            .Select(e => new DashboardExtension(e.TaskId!.Value, ChinaTime.DateOf(e.OccurredAt)))
            .ToListAsync(ct);
        return new TaskPart(tasks, dashboardReports, checks, extensions);
    }

    // The kept items of the unchanged tasks and the fresh ones of the changed, in task order (a stable sort keeps
    // each task's own order).
    private static List<T> Merge<T>(IReadOnlyList<T> previous, IReadOnlyList<T> fresh, Func<T, int> taskOf, IReadOnlySet<int> changed) =>
        previous.Where(x => !changed.Contains(taskOf(x))).Concat(fresh).OrderBy(taskOf).ToList();

    private sealed record TaskPart(List<DashboardTask> Tasks, List<DashboardReport> Reports, List<DashboardSpotCheck> SpotChecks, List<DashboardExtension> Extensions);

    /// <summary>
    /// The latest <paramref name="take"/> audit events that happened on or before <paramref name="asOf"/> (China date),
    /// leaving out the automatic 时限提醒 and 催办 the chasing job sends as 系统: they are many at once (every task due
    /// soon, at every start), are already in each unit's 消息 and in the 逾期未报 list, and would push what people did
    /// — reports, reviews, a 督查员's own 催办 or 督办 — off the panel.
    /// </summary>
    public static async Task<IReadOnlyList<ActivityItem>> ActivityAsync(SupervisionDbContext db, DateOnly asOf, int take, CancellationToken ct = default)
    {
        var end = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
        var system = Actor.System.UserId;
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt < end)
            .Where(e => !(e.ActorId == system && e.Action.StartsWith("chase.")))
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(take)
            .Select(e => new ActivityItem(e.Id, e.OccurredAt, e.Action, e.Summary, e.ActorName, e.TaskId))
            .ToListAsync(ct);
    }

    /// <summary>Years that have tasks or categories, newest first.</summary>
    public static async Task<IReadOnlyList<int>> YearsAsync(SupervisionDbContext db, CancellationToken ct = default)
    {
        var taskYears = await db.Tasks.AsNoTracking().Select(t => t.Year).Distinct().ToListAsync(ct);
        var categoryYears = await db.Categories.AsNoTracking().Select(c => c.Year).Distinct().ToListAsync(ct);
        return taskYears.Union(categoryYears).OrderByDescending(y => y).ToList();
    }
}
