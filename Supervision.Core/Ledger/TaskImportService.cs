using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Files;

namespace Supervision.Core.Ledger;

/// <summary>An earlier import, for the import page's history.</summary>
public sealed record ImportHistoryEntry(int Id, string FileName, int Year, int TaskCount, string FirstNumber, string LastNumber, string ImportedBy, DateTime ImportedAt);

/// <summary>
/// Import of a 任务分解表 (.xlsx): a preview that writes nothing and lists every problem per row, then — only when
/// the person confirms and the file has no errors — all tasks in one transaction, numbered as 年度重点工作.
/// The same file (by SHA-256) is never imported twice.
/// </summary>
public sealed class TaskImportService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<LedgerOptions> options)
{
    /// <summary>Reads the file and shows what the import would do. Writes nothing.</summary>
    public async Task<ImportPreview> PreviewAsync(Actor actor, byte[] content, string fileName, int year, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PreviewCoreAsync(db, content, fileName, year, ct);
    }

    /// <summary>
    /// Imports the file: re-reads it inside the write transaction (so nothing changed since the preview slips
    /// through), refuses it with the preview's problems if there are any, otherwise registers every row.
    /// </summary>
    public async Task<ImportResult> CommitAsync(Actor actor, byte[] content, string fileName, ImportSettings settings, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var preview = await PreviewCoreAsync(db, content, fileName, settings.Year, ct);
        if (!preview.CanCommit)
            throw new DomainException("导入未执行：" + preview.Summary());

        // Categories the file names that the year does not have yet.
        var categoryIds = await db.Categories.Where(c => c.Year == settings.Year).ToDictionaryAsync(c => TaskSheetAnalyzer.ContentKey(c.Name), c => c.Id, ct);
        var nextOrder = (await db.Categories.Where(c => c.Year == settings.Year).MaxAsync(c => (int?)c.SortOrder, ct) ?? 0) + 1;
        var created = new List<Category>();
        foreach (var name in preview.Rows.Select(r => r.Category).OfType<string>().Where(n => n.Length > 0).Distinct())
        {
            var key = TaskSheetAnalyzer.ContentKey(name);
            if (categoryIds.ContainsKey(key) || created.Any(c => TaskSheetAnalyzer.ContentKey(c.Name) == key))
                continue;
            created.Add(new Category(settings.Year, name, nextOrder++));
        }

        if (created.Count > 0)
        {
            db.Categories.AddRange(created);
            await db.SaveChangesAsync(ct);
            foreach (var c in created)
                categoryIds[TaskSheetAnalyzer.ContentKey(c.Name)] = c.Id;
        }

        var first = await TaskNumbering.ReserveTaskSequencesAsync(db, settings.Year, TaskSource.AnnualKeyWork, preview.Rows.Count, ct);
        var start = new DateOnly(settings.Year, 1, 1);
        var tasks = new List<SupervisionTask>(preview.Rows.Count);
        for (var i = 0; i < preview.Rows.Count; i++)
        {
            var row = preview.Rows[i];
            var definition = new TaskDefinition(
                settings.Year,
                row.Category is { Length: > 0 } c ? categoryIds[TaskSheetAnalyzer.ContentKey(c)] : null,
                row.Title,
                row.Content,
                row.Target,
                row.Lead!.Id,
                row.Assisting.Select(a => a.Id).ToList(),
                row.LeaderId,
                start,
                row.Deadline!.Value,
                row.DeadlineText,
                settings.ReportCycle);
            var sequence = first + i;
            var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, TaskNumbering.Format(settings.Year, TaskSource.AnnualKeyWork, sequence), sequence, definition, actor, now);
            task.Note("task.imported", $"由任务分解表「{Truncate(fileName, 60)}」第{row.RowNumber}行导入", actor, now);
            tasks.Add(task);
        }

        db.Tasks.AddRange(tasks);
        var record = new TaskImportRecord(fileName, preview.Sha256, settings.Year, tasks.Count, tasks[0].Number, tasks[^1].Number, actor, now);
        db.TaskImports.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            throw new DomainException("该文件刚刚已被导入，本次导入未执行。");
        }

        await transaction.CommitAsync(ct);
        return new ImportResult(record.Id, tasks.Count, record.FirstNumber, record.LastNumber, tasks.Select(t => t.Id).ToList(), created.Count);
    }

    /// <summary>Earlier imports, newest first.</summary>
    public async Task<IReadOnlyList<ImportHistoryEntry>> HistoryAsync(Actor actor, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.TaskImports.AsNoTracking()
            .OrderByDescending(i => i.Id)
            .Take(50)
            .Select(i => new ImportHistoryEntry(i.Id, i.FileName, i.Year, i.TaskCount, i.FirstNumber, i.LastNumber, i.ImportedByName, i.ImportedAt))
            .ToListAsync(ct);
        return list;
    }

    private async Task<ImportPreview> PreviewCoreAsync(SupervisionDbContext db, byte[] content, string fileName, int year, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName ?? "");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        if (year is < 2000 or > 2100)
            return ImportPreview.Refused(name, hash, year, "请选择导入年度。");

        using var stream = new MemoryStream(content, writable: false);
        var check = FileInspector.Inspect(stream, name, options.Value.MaxImportBytes, FileKind.Xlsx);
        if (!check.Ok)
            return ImportPreview.Refused(name, hash, year, check.Error!);

        var (sheets, error) = TaskSheetReader.Read(stream, options.Value.MaxImportRows);
        if (error is not null)
            return ImportPreview.Refused(name, hash, year, error);

        var context = await ContextAsync(db, year, hash, ct);
        return TaskSheetAnalyzer.Analyze(sheets, name, hash, context);
    }

    private async Task<ImportContext> ContextAsync(SupervisionDbContext db, int year, string hash, CancellationToken ct)
    {
        var previous = await db.TaskImports.AsNoTracking().Where(i => i.Sha256 == hash).FirstOrDefaultAsync(ct);
        var units = await db.Units.AsNoTracking().ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().Where(l => l.IsActive).OrderBy(l => l.SortOrder).Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == year).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var existing = await db.Tasks.AsNoTracking().Where(t => t.Year == year).Select(t => new { t.Content, t.Number }).ToListAsync(ct);
        var contents = new Dictionary<string, string>();
        foreach (var t in existing)
            contents.TryAdd(TaskSheetAnalyzer.ContentKey(t.Content), t.Number);

        return new ImportContext(
            year,
            units.Select(u => new UnitName(u.Id, u.Name, u.ShortName, u.Aliases.Select(a => a.Name).ToList(), u.IsActive)).ToList(),
            leaders.Select(l => (l.Id, l.Name)).ToList(),
            categories.Select(c => (c.Id, c.Name)).ToList(),
            contents,
            previous is null ? null : $"该文件已于{ChinaTime.LocalOf(previous.ImportedAt):yyyy年M月d日 HH:mm}由{previous.ImportedByName}导入（{previous.FirstNumber}至{previous.LastNumber}，共{previous.TaskCount}项），不能重复导入。",
            options.Value.MaxImportRows);
    }

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}
