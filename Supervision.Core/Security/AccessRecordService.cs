using ClosedXML.Excel;
using Supervision.Core.Files;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Security;

/// <summary>What the administrator narrows the access record to; every part is optional.</summary>
/// <param name="From">First China calendar day included.</param>
/// <param name="To">Last China calendar day included.</param>
/// <param name="Action">One of <see cref="AccessActions"/>, or null for every kind.</param>
/// <param name="Text">Part of the account concerned, of who acted, or of the description.</param>
public sealed record AccessRecordFilter(DateOnly? From = null, DateOnly? To = null, string? Action = null, string? Text = null);

/// <summary>One line of the access record as the page and the export show it.</summary>
/// <param name="At">When, in UTC.</param>
/// <param name="Subject">The account the event is about (what was typed, for a failed sign-in).</param>
/// <param name="ActorName">Who did it (the administrator for account changes, the person for sign-ins).</param>
public sealed record AccessRecordRow(long Id, DateTime At, string Action, string ActionName, string Subject, string ActorName, string Summary)
{
    /// <summary>Failures, lockouts and refusals: what an administrator looks for first.</summary>
    public bool IsWarning => AccessRecordService.Warnings.Contains(Action);
}

public sealed record AccessRecordPage(IReadOnlyList<AccessRecordRow> Rows, int Total);

/// <summary>
/// Reads the access record (sign-ins, failures, lockouts, refusals, sign-outs, account and session changes, backups)
/// for the administrator, with filters and an Excel export. All reading of <see cref="AccessEvent"/> goes through here,
/// so a change in how events are written (several failed sign-ins folded into one row, say) is met in one place.
/// </summary>
public sealed class AccessRecordService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Most rows one export holds; narrow the filter for more.</summary>
    public const int MaxExportRows = 50_000;

    /// <summary>The kinds of event by their Chinese name, in the order the filter offers them.</summary>
    public static IReadOnlyList<(string Action, string Name)> Kinds { get; } =
    [
        (AccessActions.LoginSucceeded, "登录成功"),
        (AccessActions.LoginFailed, "登录失败"),
        (AccessActions.LockedOut, "账户锁定"),
        (AccessActions.Throttled, "登录限流"),
        (AccessActions.DisabledLogin, "停用账户登录"),
        (AccessActions.Denied, "拒绝访问"),
        (AccessActions.Logout, "退出登录"),
        (AccessActions.PasswordChanged, "修改密码"),
        (AccessActions.PasswordChangeFailed, "修改密码失败"),
        (AccessActions.UserCreated, "创建账户"),
        (AccessActions.PasswordReset, "重置密码"),
        (AccessActions.UserDisabled, "停用账户"),
        (AccessActions.UserEnabled, "启用账户"),
        (AccessActions.SessionsEnded, "结束会话"),
        (AccessActions.FirstAdmin, "设置首个管理员"),
        (AccessActions.BackupCreated, "数据库备份"),
    ];

    internal static readonly IReadOnlySet<string> Warnings = new HashSet<string>(StringComparer.Ordinal)
    {
        AccessActions.LoginFailed, AccessActions.LockedOut, AccessActions.Throttled, AccessActions.DisabledLogin, AccessActions.Denied, AccessActions.PasswordChangeFailed,
    };

    private static readonly Dictionary<string, string> NameByAction = Kinds.ToDictionary(k => k.Action, k => k.Name, StringComparer.Ordinal);

    /// <summary>The Chinese name of an action code (the code itself for one this version does not know).</summary>
    public static string NameOf(string action) => NameByAction.GetValueOrDefault(action, action);

    /// <summary>Only the 管理员 reads who signed in, failed or was refused.</summary>
    public static bool CanRead(Actor actor) => actor.IsIn(Roles.Admin);

    /// <summary>One page of the record, newest first, with the number of lines the filter matches.</summary>
    public async Task<AccessRecordPage> PageAsync(Actor actor, AccessRecordFilter filter, int skip, int take, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Query(db, filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        return new AccessRecordPage(rows.Select(Row).ToList(), total);
    }

    /// <summary>The filtered record as an Excel workbook (newest first), the filter stated above the table.</summary>
    public async Task<byte[]> ExportAsync(Actor actor, AccessRecordFilter filter, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Query(db, filter);
        var total = await query.CountAsync(ct);
        if (total > MaxExportRows)
            throw new DomainException($"符合条件的访问记录有{total}条，超过单次导出上限{MaxExportRows}条，请缩小日期范围后再导出。");
        var rows = (await query.OrderByDescending(r => r.Id).ToListAsync(ct)).Select(Row).ToList();

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("访问记录");
        string[] headers = ["序号", "时间", "类型", "账户", "操作人", "说明"];
        double[] widths = [7, 20, 14, 22, 14, 70];
        sheet.Cell(1, 1).SetValue($"访问记录（导出于{DisplayNames.Date(ChinaTime.Today(clock))}，共{rows.Count}条）");
        sheet.Range(1, 1, 1, headers.Length).Merge();
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        sheet.Cell(2, 1).SetValue(Describe(filter));
        sheet.Range(2, 1, 2, headers.Length).Merge();
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(3, i + 1).SetValue(headers[i]);
            sheet.Cell(3, i + 1).Style.Font.Bold = true;
            sheet.Cell(3, i + 1).Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF5");
            sheet.Column(i + 1).Width = widths[i];
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var x = r + 4;
            // A user name typed at the sign-in page ("=HYPERLINK(…)") stays text, also once edited or saved as CSV.
            sheet.Cell(x, 1).SetValue(r + 1);
            sheet.Cell(x, 2).SetValue(ChinaTime.LocalOf(row.At).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            SpreadsheetText.Write(sheet.Cell(x, 3), row.ActionName);
            SpreadsheetText.Write(sheet.Cell(x, 4), row.Subject);
            SpreadsheetText.Write(sheet.Cell(x, 5), row.ActorName);
            SpreadsheetText.Write(sheet.Cell(x, 6), row.Summary);
        }

        sheet.SheetView.FreezeRows(3);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The filter in words, for the export's second row and the page.</summary>
    public static string Describe(AccessRecordFilter filter)
    {
        var parts = new List<string>();
        if (filter.From is { } from && filter.To is { } to)
            parts.Add($"日期：{DisplayNames.Date(from)}至{DisplayNames.Date(to)}");
        else if (filter.From is { } onlyFrom)
            parts.Add($"日期：{DisplayNames.Date(onlyFrom)}起");
        else if (filter.To is { } onlyTo)
            parts.Add($"日期：截至{DisplayNames.Date(onlyTo)}");
        if (!string.IsNullOrEmpty(filter.Action))
            parts.Add($"类型：{NameOf(filter.Action)}");
        if (!string.IsNullOrWhiteSpace(filter.Text))
            parts.Add($"包含：{filter.Text.Trim()}");
        return parts.Count == 0 ? "筛选条件：全部" : "筛选条件：" + string.Join("；", parts);
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!CanRead(actor))
            throw new DomainException("只有督查室管理员可以查看访问记录。");
    }

    // A class with setters rather than a positional record: EF translates filters on member-initialised properties.
    private sealed class Line
    {
        public long Id { get; init; }
        public DateTime At { get; init; }
        public string Action { get; init; } = "";
        public string? Subject { get; init; }
        public string ActorName { get; init; } = "";
        public string Summary { get; init; } = "";
    }

    private static AccessRecordRow Row(Line l) => new(l.Id, DateTime.SpecifyKind(l.At, DateTimeKind.Utc), l.Action, NameOf(l.Action), l.Subject ?? "", l.ActorName, l.Summary);

    // The audit row carries who and what (it is the tamper-evident record); the access event adds the account concerned.
    private static IQueryable<Line> Query(SupervisionDbContext db, AccessRecordFilter filter)
    {
        var events = db.AuditEvents.AsNoTracking().Where(e => e.EntityType == nameof(AccessEvent));
        if (filter.From is { } from)
        {
            var start = ChinaTime.UtcOf(from, TimeOnly.MinValue);
            events = events.Where(e => e.OccurredAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = ChinaTime.UtcOf(to.AddDays(1), TimeOnly.MinValue);
            events = events.Where(e => e.OccurredAt < end);
        }

        if (!string.IsNullOrEmpty(filter.Action))
            events = events.Where(e => e.Action == filter.Action);

        var lines =
            from e in events
            join a in db.Set<AccessEvent>().AsNoTracking() on e.EntityId equals a.Id into matched
            from a in matched.DefaultIfEmpty()
            select new Line { Id = e.Id, At = e.OccurredAt, Action = e.Action, Subject = a == null ? null : a.Subject, ActorName = e.ActorName, Summary = e.Summary };
        if (filter.Text?.Trim() is { Length: > 0 } text)
            lines = lines.Where(l => (l.Subject != null && l.Subject.Contains(text)) || l.ActorName.Contains(text) || l.Summary.Contains(text));
        return lines;
    }
}
