using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Files;

namespace Supervision.Core.Ledger;

/// <summary>
/// Import of a 任务分解表 (.xlsx): a preview that writes nothing and lists every problem per row, then — only when
/// the person confirms and the file has no errors — all tasks in one transaction, numbered as 年度重点工作.
/// Names the directory cannot settle are questions of the preview; the answers (<see cref="ImportChoices"/>) hold
/// for the import, or are remembered as aliases through <see cref="ImportAliasService.RememberAsync"/>.
/// A row led by a unit group becomes one task per member (分别落实). The same file (by SHA-256) is never imported twice.
/// </summary>
public sealed class TaskImportService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<LedgerOptions> options)
{
    /// <summary>Reads the file and shows what the import would do, with the answers given so far. Writes nothing.</summary>
    public async Task<ImportPreview> PreviewAsync(Actor actor, byte[] content, string fileName, int year, ImportChoices? choices = null, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PreviewCoreAsync(db, content, fileName, year, choices ?? ImportChoices.None, ct);
    }

    /// <summary>The entries an answer can pick: active units, unit groups, active leaders and the year's categories.</summary>
    public async Task<ImportDirectory> DirectoryAsync(Actor actor, int year, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.Name, u.ShortName }).ToListAsync(ct);
        var groups = await db.UnitGroups.AsNoTracking().OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().Where(l => l.IsActive).OrderBy(l => l.SortOrder).ThenBy(l => l.Id).Select(l => new { l.Id, l.Name, l.Title }).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return new ImportDirectory(
            units.Select(u => new ImportOption(ImportTargetKind.Unit, u.Id, u.ShortName is null ? u.Name : $"{u.ShortName}（{u.Name}）")).ToList(),
            groups.Select(g => new ImportOption(ImportTargetKind.Group, g.Id, g.Name)).ToList(),
            leaders.Select(l => new ImportOption(ImportTargetKind.Leader, l.Id, new LeaderName(l.Id, l.Name, l.Title, []).Display)).ToList(),
            categories.Select(c => new ImportOption(ImportTargetKind.Category, c.Id, c.Name)).ToList());
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
        var preview = await PreviewCoreAsync(db, content, fileName, settings.Year, settings.Choices, ct);
        if (!preview.CanCommit)
            throw new DomainException("导入未执行：" + preview.Summary());

        // Categories the file names that the year does not have yet (a name mapped onto an existing one has its id).
        var nextOrder = (await db.Categories.Where(c => c.Year == settings.Year).MaxAsync(c => (int?)c.SortOrder, ct) ?? 0) + 1;
        var created = new Dictionary<string, Category>();
        foreach (var name in preview.Rows.Where(r => r.CategoryId is null && r.Category is { Length: > 0 }).Select(r => r.Category!))
        {
            var key = TaskSheetAnalyzer.ContentKey(name);
            if (!created.ContainsKey(key))
                created[key] = new Category(settings.Year, name, nextOrder++);
        }

        if (created.Count > 0)
        {
            db.Categories.AddRange(created.Values);
            await db.SaveChangesAsync(ct);
        }

        var first = await TaskNumbering.ReserveTaskSequencesAsync(db, settings.Year, TaskSource.AnnualKeyWork, preview.TaskCount, ct);
        var start = new DateOnly(settings.Year, 1, 1);
        var tasks = new List<SupervisionTask>(preview.TaskCount);
        foreach (var row in preview.Rows)
        {
            var categoryId = row.CategoryId ?? (row.Category is { Length: > 0 } c ? created[TaskSheetAnalyzer.ContentKey(c)].Id : null);
            var source = $"由任务分解表「{Truncate(fileName, 60)}」第{row.RowNumber}行导入";
            if (row.SplitLeads.Count == 0)
            {
                tasks.Add(Register(row, row.Title, row.Lead!, row.Assisting, categoryId, first + tasks.Count, source));
                continue;
            }

            // 分别落实: each member of the group leads its own copy and reports on it.
            foreach (var lead in row.SplitLeads)
            {
                var title = TaskSheetAnalyzer.WithUnit(row.Title, lead);
                var split = $"{source}（「{string.Join("、", row.LeadGroups)}」分别落实，共{row.SplitLeads.Count}项，本项由{lead.Display}牵头）";
                tasks.Add(Register(row, title, lead, row.Assisting.Where(a => a.Id != lead.Id).ToList(), categoryId, first + tasks.Count, split));
            }
        }

        SupervisionTask Register(ImportRow row, string title, UnitName lead, IReadOnlyList<UnitName> assisting, int? categoryId, int sequence, string note)
        {
            var definition = new TaskDefinition(settings.Year, categoryId, title, row.Content, row.Target, lead.Id, assisting.Select(a => a.Id).ToList(),
                row.LeaderId, start, row.Deadline!.Value, row.DeadlineText, settings.ReportCycle);
            var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, TaskNumbering.Format(settings.Year, TaskSource.AnnualKeyWork, sequence), sequence, definition, actor, now);
            task.Note("task.imported", note, actor, now);
            return task;
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

    private async Task<ImportPreview> PreviewCoreAsync(SupervisionDbContext db, byte[] content, string fileName, int year, ImportChoices choices, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName ?? "");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        if (year is < 2000 or > 2100)
            return ImportPreview.Refused(name, hash, year, "请选择导入年度。");

        using var stream = new MemoryStream(content, writable: false);
        var check = FileInspector.Inspect(stream, name, options.Value.MaxImportBytes, FileKind.Xlsx);
        if (!check.Ok)
            return ImportPreview.Refused(name, hash, year, check.Error!);

        var workbook = TaskSheetReader.Read(stream, options.Value.MaxImportRows);
        if (workbook.Error is not null)
            return ImportPreview.Refused(name, hash, year, workbook.Error);

        var context = await ContextAsync(db, year, hash, ct);
        return TaskSheetAnalyzer.Analyze(workbook, name, hash, context with { Choices = choices });
    }

    private async Task<ImportContext> ContextAsync(SupervisionDbContext db, int year, string hash, CancellationToken ct)
    {
        var previous = await db.TaskImports.AsNoTracking().Where(i => i.Sha256 == hash).FirstOrDefaultAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        var groups = await db.UnitGroups.AsNoTracking().OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().Where(l => l.IsActive).OrderBy(l => l.SortOrder).ThenBy(l => l.Id).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct);
        var existing = await db.Tasks.AsNoTracking().Where(t => t.Year == year).Select(t => new { t.Content, t.Number }).ToListAsync(ct);
        var contents = new Dictionary<string, string>();
        foreach (var t in existing)
            contents.TryAdd(TaskSheetAnalyzer.ContentKey(t.Content), t.Number);

        var unitNames = units.Select(u => new UnitName(u.Id, u.Name, u.ShortName, u.Aliases.Select(a => a.Name).ToList(), u.IsActive)).ToList();
        var byId = unitNames.ToDictionary(u => u.Id);
        return new ImportContext(
            year,
            unitNames,
            leaders.Select(l => new LeaderName(l.Id, l.Name, l.Title, l.Aliases.Select(a => a.Name).ToList())).ToList(),
            categories.Select(c => new CategoryName(c.Id, c.Name, c.Aliases.Select(a => a.Name).ToList())).ToList(),
            contents,
            previous is null ? null : $"该文件已于{ChinaTime.LocalOf(previous.ImportedAt):yyyy年M月d日 HH:mm}由{previous.ImportedByName}导入（{previous.FirstNumber}至{previous.LastNumber}，共{previous.TaskCount}项），不能重复导入。",
            options.Value.MaxImportRows)
        {
            Groups = groups.Select(g => new UnitGroupName(g.Id, g.Name, g.Aliases.Select(a => a.Name).ToList(),
                g.MembersAmong(units).Select(u => byId[u.Id]).ToList())).ToList(),
            Today = ChinaTime.Today(clock),
        };
    }

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}
