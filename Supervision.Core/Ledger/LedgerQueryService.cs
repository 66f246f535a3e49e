using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Files;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Ledger;

/// <summary>Columns the ledger can be sorted by.</summary>
public enum LedgerSort
{
    Number = 0,
    Deadline = 1,
    LeadUnit = 2,
    Category = 3,
    State = 4,
    Light = 5,
    Progress = 6,
    Registered = 7,
}

/// <summary>What the ledger page asks for. Everything is optional except the year.</summary>
public sealed record LedgerFilter
{
    /// <summary>Picks <see cref="CategoryId"/> or <see cref="LeaderId"/> "without one": tasks with no category (listed by their source) or no responsible leader.</summary>
    public const int None = 0;

    public int Year { get; init; }

    public TaskSource? Source { get; init; }

    /// <summary>A category of the year, or <see cref="None"/> for tasks without a category.</summary>
    public int? CategoryId { get; init; }

    /// <summary>Tasks this unit leads or assists on (only those it leads with <see cref="LeadOnly"/>).</summary>
    public int? UnitId { get; init; }

    /// <summary>With <see cref="UnitId"/>: only the tasks the unit leads (牵头), as a dashboard's unit bar counts them.</summary>
    public bool LeadOnly { get; init; }

    /// <summary>A responsible leader, or <see cref="None"/> for tasks without one.</summary>
    public int? LeaderId { get; init; }

    /// <summary>
    /// Judge states and progress as of this past date (with the reports accepted by its cut-off) and leave out tasks
    /// registered after it, as a dashboard "as of" that date counted them; null (or today and later) judges as of today.
    /// </summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Tasks in this state (亮灯), as judged at the view's 评价时点.</summary>
    public TrafficLight? Light { get; init; }

    /// <summary>Tasks with this 双过半 status, as a dashboard's 双过半 card counts them.</summary>
    public DoubleHalfStatus? DoubleHalf { get; init; }

    /// <summary>Only the tasks counted at the view's 评价时点 (not 待交办 or 未到报送期), as a dashboard's 任务总数 counts them.</summary>
    public bool CountedOnly { get; init; }

    public TaskState? State { get; init; }
    public DateOnly? DeadlineFrom { get; init; }
    public DateOnly? DeadlineTo { get; init; }

    /// <summary>Full-text search over task and report texts.</summary>
    public string? Text { get; init; }

    /// <summary>Only tasks whose 督查通知单 some unit has not acknowledged in time.</summary>
    public bool OverdueAcknowledgementOnly { get; init; }

    public LedgerSort Sort { get; init; }
    public bool Descending { get; init; }
}

/// <summary>One line of the ledger.</summary>
public sealed record LedgerRow(
    int Id,
    string Number,
    string Title,
    TaskSource Source,
    string Category,
    string LeadUnit,
    string AssistingUnits,
    string Leader,
    DateOnly Deadline,
    string? DeadlineText,
    TaskState State,
    TrafficLight Light,
    double WorkProgress,
    string Reason,
    bool AcknowledgementOverdue,
    long Version,
    DoubleHalfStatus DoubleHalf = DoubleHalfStatus.NotApplicable);

/// <summary>One page of the ledger and how many tasks match in all.</summary>
public sealed record LedgerPage(int Total, IReadOnlyList<LedgerRow> Rows);

/// <summary>Choices for the ledger's filters: only what the actor may see.</summary>
public sealed record LedgerChoices(
    IReadOnlyList<(int Id, string Name)> Categories,
    IReadOnlyList<(int Id, string Name)> Units,
    IReadOnlyList<(int Id, string Name)> Leaders,
    IReadOnlyList<int> Years);

/// <summary>
/// The ledger (台账) over thousands of tasks: visibility, filters, full-text search and sorting run in SQLite and
/// only one page is read; states, progress and reasons come from the one judged model (<see cref="JudgementService"/>),
/// so a ledger view lists exactly the tasks a dashboard count of the same filters counted. Unit accounts only ever see
/// the tasks their unit leads or assists on, whatever filter or id they send.
/// </summary>
public sealed class LedgerQueryService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    JudgementService judgement,
    AssignmentService assignments,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    /// <summary>One page of the ledger.</summary>
    public async Task<LedgerPage> PageAsync(Actor actor, LedgerFilter filter, int skip, int take, CancellationToken ct = default)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (total, rows) = await QueryAsync(db, actor, filter, skip, take, ct);
        return new LedgerPage(total, rows);
    }

    /// <summary>The filtered, sorted view as an Excel workbook (every matching row, not just the page).</summary>
    public async Task<byte[]> ExportAsync(Actor actor, LedgerFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (total, rows) = await QueryAsync(db, actor, filter, 0, options.Value.MaxExportRows, ct);
        if (total > rows.Count)
            throw new DomainException($"符合条件的任务有{total}项，超过一次导出{options.Value.MaxExportRows}项的上限，请缩小筛选范围。");
        var contents = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor)
            .Where(t => t.Year == filter.Year)
            .Select(t => new { t.Id, t.Content })
            .ToDictionaryAsync(t => t.Id, t => t.Content, ct);
        var names = await Names.LoadAsync(db, ct);
        var today = ChinaTime.Today(clock);
        var point = judgement.PointFor(filter.AsOf);
        return LedgerWorkbook.Build(filter.Year, Describe(filter, names), rows, contents, today, point.IsLive ? null : point);
    }

    /// <summary>The view in words (筛选条件 and order), printed above the exported rows so the file says what it holds.</summary>
    internal static string Describe(LedgerFilter f, Names names)
    {
        var parts = new List<string>();
        if (f.Source is { } source)
            parts.Add($"来源：{DisplayNames.Of(source)}");
        if (f.CategoryId is { } category)
            parts.Add($"类别：{(category == LedgerFilter.None ? "未分类" : names.Category(category))}");
        if (f.UnitId is { } unit)
            parts.Add($"{(f.LeadOnly ? "牵头单位" : "责任单位")}：{names.Unit(unit)}");
        if (f.LeaderId is { } leader)
            parts.Add($"责任领导：{(leader == LedgerFilter.None ? "未定" : names.Leader(leader))}");
        if (f.Light is { } light)
            parts.Add($"亮灯：{DisplayNames.MeaningOf(light)}");
        if (f.DoubleHalf is { } doubleHalf)
            parts.Add($"双过半：{DisplayNames.Of(doubleHalf)}");
        if (f.CountedOnly)
            parts.Add("只看计入统计的任务");
        if (f.State is { } state)
            parts.Add($"状态：{DisplayNames.Of(state)}");
        if (f.DeadlineFrom is not null || f.DeadlineTo is not null)
            parts.Add($"完成时限：{(f.DeadlineFrom is { } from ? DisplayNames.Date(from) : "")}至{(f.DeadlineTo is { } to ? DisplayNames.Date(to) : "")}");
        if (LedgerSearch.Terms(f.Text) is { Count: > 0 } terms)
            parts.Add($"检索：{string.Join(" ", terms)}");
        if (f.OverdueAcknowledgementOnly)
            parts.Add("只看逾期未签收");
        var order = f.Sort switch
        {
            LedgerSort.Deadline => "完成时限",
            LedgerSort.LeadUnit => "牵头单位",
            LedgerSort.Category => "类别",
            LedgerSort.State => "状态",
            LedgerSort.Light => "亮灯",
            LedgerSort.Progress => "进度",
            LedgerSort.Registered => "登记顺序",
            _ => "统一编号",
        };
        return $"筛选条件：{(parts.Count == 0 ? "全部任务" : string.Join("；", parts))}。排序：按{order}{(f.Descending ? "降序" : "升序")}。";
    }

    /// <summary>Filter choices: the actor's visible categories, units and leaders of a year.</summary>
    public async Task<LedgerChoices> ChoicesAsync(Actor actor, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.SortOrder)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, Name = u.ShortName ?? u.Name }).ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        var years = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).Select(t => t.Year).Distinct().ToListAsync(ct);
        var thisYear = ChinaTime.Today(clock).Year;
        if (!years.Contains(thisYear))
            years.Add(thisYear);
        if (!actor.SeesAllTasks)
        {
            // A unit account picks only among the units of its own tasks.
            var visible = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).Where(t => t.Year == year);
            var own = (await visible.Select(t => t.LeadUnitId).Distinct().ToListAsync(ct))
                .Concat(await visible.SelectMany(t => t.AssistingUnits.Select(a => a.UnitId)).Distinct().ToListAsync(ct))
                .ToHashSet();
            units = units.Where(u => own.Contains(u.Id)).ToList();
        }

        return new LedgerChoices(
            categories.Select(c => (c.Id, c.Name)).ToList(),
            units.Select(u => (u.Id, u.Name)).ToList(),
            leaders.Select(l => (l.Id, l.Name)).ToList(),
            years.OrderByDescending(y => y).ToList());
    }

    private async Task<(int Total, IReadOnlyList<LedgerRow> Rows)> QueryAsync(SupervisionDbContext db, Actor actor, LedgerFilter f, int skip, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.DateOf(now);
        var point = judgement.PointFor(f.AsOf);
        var asOf = point.AsOf;
        var cutoff = assignments.OverdueIssuedBefore(now);
        var q = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).Where(t => t.Year == f.Year);
        if (asOf < today)
        {
            // A task registered later did not exist on that date.
            var end = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
            q = q.Where(t => t.RegisteredAt < end);
        }

        if (f.Source is { } source)
            q = q.Where(t => t.Source == source);
        if (f.CategoryId is LedgerFilter.None)
            q = q.Where(t => t.CategoryId == null);
        else if (f.CategoryId is { } categoryId)
            q = q.Where(t => t.CategoryId == categoryId);
        if (f.UnitId is { } unitId)
        {
            q = f.LeadOnly
                ? q.Where(t => t.LeadUnitId == unitId)
                : q.Where(t => t.LeadUnitId == unitId || t.AssistingUnits.Any(a => a.UnitId == unitId));
        }

        if (f.LeaderId is LedgerFilter.None)
            q = q.Where(t => t.ResponsibleLeaderId == null);
        else if (f.LeaderId is { } leaderId)
            q = q.Where(t => t.ResponsibleLeaderId == leaderId);
        if (f.State is { } state)
            q = q.Where(t => t.State == state);
        if (f.DeadlineFrom is { } from)
            q = q.Where(t => t.Deadline >= from);
        if (f.DeadlineTo is { } to)
            q = q.Where(t => t.Deadline <= to);
        if (f.OverdueAcknowledgementOnly)
            q = q.Where(t => db.Notices.Any(n => n.TaskId == t.Id && n.IssuedAt < cutoff && n.Receipts.Any(r => r.AcknowledgedAt == null)));
        q = LedgerSearch.Apply(db, q, f.Text);

        var judged = await judgement.JudgeAsync(f.Year, point, ct);
        int total;
        List<int> pageIds;
        if (f.Light is not null || f.DoubleHalf is not null || f.CountedOnly || f.Sort is LedgerSort.Light or LedgerSort.Progress)
        {
            // States are judged, not stored: take the matching ids (cheap) and filter/sort them in memory.
            var ids = await Ordered(db, q, f.Sort is LedgerSort.Light or LedgerSort.Progress ? LedgerSort.Number : f.Sort, f.Descending).Select(t => t.Id).ToListAsync(ct);
            IEnumerable<int> matching = ids;
            if (f.Light is { } light)
                matching = matching.Where(id => judged.Find(id)?.Light == light);
            if (f.DoubleHalf is { } doubleHalf)
                matching = matching.Where(id => judged.Find(id)?.Evaluation.DoubleHalf == doubleHalf);
            if (f.CountedOnly)
                matching = matching.Where(id => judged.Find(id)?.IsCounted == true);
            if (f.Sort == LedgerSort.Light)
                matching = f.Descending ? matching.OrderByDescending(id => LightRank(judged, id)) : matching.OrderBy(id => LightRank(judged, id));
            else if (f.Sort == LedgerSort.Progress)
                matching = f.Descending ? matching.OrderByDescending(id => Progress(judged, id)) : matching.OrderBy(id => Progress(judged, id));
            var list = matching.ToList();
            total = list.Count;
            pageIds = list.Skip(skip).Take(take).ToList();
        }
        else
        {
            // One pass over the matching ids (a few thousand integers) is cheaper in SQLite than COUNT(*) plus
            // an OFFSET query that sorts and filters twice.
            var ids = await Ordered(db, q, f.Sort, f.Descending).Select(t => t.Id).ToListAsync(ct);
            total = ids.Count;
            pageIds = ids.Skip(skip).Take(take).ToList();
        }

        if (pageIds.Count == 0)
            return (total, []);

        var raw = await db.Tasks.AsNoTracking()
            .Where(t => pageIds.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Number, t.Title, t.Source, t.CategoryId, t.LeadUnitId, t.ResponsibleLeaderId, t.Deadline, t.DeadlineText, t.State, t.Version,
                Assisting = t.AssistingUnits.Select(a => a.UnitId).ToList(),
            })
            .ToListAsync(ct);
        var overdue = await db.Notices.AsNoTracking()
            .Where(n => pageIds.Contains(n.TaskId) && n.IssuedAt < cutoff && n.Receipts.Any(r => r.AcknowledgedAt == null))
            .Select(n => n.TaskId).Distinct().ToListAsync(ct);
        var names = await Names.LoadAsync(db, ct);
        var byId = raw.ToDictionary(r => r.Id);
        var rows = pageIds.Where(byId.ContainsKey).Select(id =>
        {
            var t = byId[id];
            // Registered since the judged generation was loaded: not judged yet, as a new task is (待交办).
            var j = judged.Find(id);
            return new LedgerRow(t.Id, t.Number, t.Title, t.Source, names.Category(t.CategoryId), names.Unit(t.LeadUnitId),
                string.Join("、", t.Assisting.Select(names.Unit)), names.Leader(t.ResponsibleLeaderId), t.Deadline, t.DeadlineText, t.State,
                j?.Light ?? TrafficLight.NotAssigned, j?.Evaluation.WorkProgress ?? 0, j?.Reason ?? "尚未交办，不作评价", overdue.Contains(t.Id), t.Version,
                j?.Evaluation.DoubleHalf ?? DoubleHalfStatus.NotApplicable);
        }).ToList();
        return (total, rows);
    }

    private static IQueryable<SupervisionTask> Ordered(SupervisionDbContext db, IQueryable<SupervisionTask> q, LedgerSort sort, bool descending) => sort switch
    {
        LedgerSort.Deadline => descending ? q.OrderByDescending(t => t.Deadline).ThenBy(t => t.Id) : q.OrderBy(t => t.Deadline).ThenBy(t => t.Id),
        LedgerSort.LeadUnit => descending
            ? q.OrderByDescending(t => db.Units.Where(u => u.Id == t.LeadUnitId).Select(u => (int)u.Kind * 10000 + u.SortOrder).FirstOrDefault()).ThenBy(t => t.Id)
            : q.OrderBy(t => db.Units.Where(u => u.Id == t.LeadUnitId).Select(u => (int)u.Kind * 10000 + u.SortOrder).FirstOrDefault()).ThenBy(t => t.Id),
        LedgerSort.Category => descending
            ? q.OrderByDescending(t => db.Categories.Where(c => c.Id == t.CategoryId).Select(c => c.SortOrder).FirstOrDefault()).ThenBy(t => t.Source).ThenBy(t => t.Sequence)
            : q.OrderBy(t => db.Categories.Where(c => c.Id == t.CategoryId).Select(c => c.SortOrder).FirstOrDefault()).ThenBy(t => t.Source).ThenBy(t => t.Sequence),
        LedgerSort.State => descending ? q.OrderByDescending(t => t.State).ThenBy(t => t.Id) : q.OrderBy(t => t.State).ThenBy(t => t.Id),
        LedgerSort.Registered => descending ? q.OrderByDescending(t => t.Id) : q.OrderBy(t => t.Id),
        _ => descending ? q.OrderByDescending(t => t.Source).ThenByDescending(t => t.Sequence) : q.OrderBy(t => t.Source).ThenBy(t => t.Sequence),
    };

    // Worst first when ascending: 未报送, red, yellow, green, done, then those not counted, cancelled last.
    private static int LightRank(JudgedYear judged, int id) => judged.Find(id)?.Light switch
    {
        TrafficLight.Unreported => 0,
        TrafficLight.Red => 1,
        TrafficLight.Yellow => 2,
        TrafficLight.Green => 3,
        TrafficLight.Done => 4,
        TrafficLight.NotYetDue => 5,
        TrafficLight.NotAssigned => 6,
        TrafficLight.Cancelled => 7,
        _ => 8,
    };

    private static double Progress(JudgedYear judged, int id) => judged.Find(id)?.Evaluation.WorkProgress ?? 0;
}

/// <summary>Writes the ledger view to .xlsx (fixed column widths; no auto-fit, which is slow and font-dependent).</summary>
internal static class LedgerWorkbook
{
    public const int HeaderRow = 3;

    /// <summary>Row 1 the title, row 2 the view in words, row 3 the headers, then one row per task.</summary>
    /// <param name="point">The past 评价时点 the states and progress were judged at; null for today.</param>
    public static byte[] Build(int year, string view, IReadOnlyList<LedgerRow> rows, IReadOnlyDictionary<int, string> contents, DateOnly today, JudgementPoint? point = null)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("督查任务台账");
        string[] headers = ["序号", "统一编号", "任务名称", "任务内容", "来源", "类别", "牵头单位", "配合单位", "责任领导", "完成时限", "状态", "进度", "亮灯", "说明"];
        double[] widths = [6, 14, 28, 60, 14, 14, 18, 28, 10, 16, 10, 8, 8, 36];
        var when = point is { } past ? $"截至{DisplayNames.Date(past.AsOf)}情况（进展以{DisplayNames.Date(past.Cutoff)}前审核采纳的为准），" : "";
        SpreadsheetText.Write(ws.Cell(1, 1), $"{year}年督查任务台账（{when}导出于{DisplayNames.Date(today)}，共{rows.Count}项）");
        ws.Range(1, 1, 1, headers.Length).Merge();
        ws.Cell(1, 1).Style.Font.Bold = true;
        ws.Cell(1, 1).Style.Font.FontSize = 14;
        SpreadsheetText.Write(ws.Cell(2, 1), view);
        ws.Range(2, 1, 2, headers.Length).Merge();
        ws.Cell(2, 1).Style.Alignment.WrapText = true;
        for (var i = 0; i < headers.Length; i++)
        {
            SpreadsheetText.Write(ws.Cell(HeaderRow, i + 1), headers[i]);
            ws.Cell(HeaderRow, i + 1).Style.Font.Bold = true;
            ws.Cell(HeaderRow, i + 1).Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF5");
            ws.Column(i + 1).Width = widths[i];
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var x = r + HeaderRow + 1;
            ws.Cell(x, 1).Value = r + 1;
            SpreadsheetText.Write(ws.Cell(x, 2), row.Number);
            SpreadsheetText.Write(ws.Cell(x, 3), row.Title);
            SpreadsheetText.Write(ws.Cell(x, 4), contents.GetValueOrDefault(row.Id, ""));
            SpreadsheetText.Write(ws.Cell(x, 5), DisplayNames.Of(row.Source));
            SpreadsheetText.Write(ws.Cell(x, 6), row.Category);
            SpreadsheetText.Write(ws.Cell(x, 7), row.LeadUnit);
            SpreadsheetText.Write(ws.Cell(x, 8), row.AssistingUnits);
            SpreadsheetText.Write(ws.Cell(x, 9), row.Leader);
            SpreadsheetText.Write(ws.Cell(x, 10), row.DeadlineText is { Length: > 0 } text ? $"{text}（{DisplayNames.Date(row.Deadline)}）" : DisplayNames.Date(row.Deadline));
            SpreadsheetText.Write(ws.Cell(x, 11), DisplayNames.Of(row.State));
            SpreadsheetText.Write(ws.Cell(x, 12), $"{row.WorkProgress * 100:0.#}%");
            SpreadsheetText.Write(ws.Cell(x, 13), DisplayNames.Of(row.Light));
            SpreadsheetText.Write(ws.Cell(x, 14), row.Reason);
        }

        var last = rows.Count + HeaderRow;
        if (rows.Count > 0)
        {
            var body = ws.Range(HeaderRow + 1, 1, last, headers.Length);
            body.Style.Alignment.WrapText = true;
            body.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        }

        ws.Range(HeaderRow, 1, last, headers.Length).Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        ws.Range(HeaderRow, 1, last, headers.Length).Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        ws.SheetView.FreezeRows(HeaderRow);
        using var output = new MemoryStream();
        wb.SaveAs(output);
        return output.ToArray();
    }
}
