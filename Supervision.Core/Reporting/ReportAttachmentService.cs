using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Files;
using static Supervision.Core.Reporting.ReportLoading;

namespace Supervision.Core.Reporting;

/// <summary>
/// The files of reports and of follow-up evidence: what is accepted (size, count, types decided from the content),
/// adding and removing a report's files as its chain allows, and opening one for download for those who may see its
/// task. Files are stored by their hash in the <see cref="AttachmentStore"/>, outside the database.
/// </summary>
public sealed class ReportAttachmentService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, AttachmentStore files)
{
    /// <summary>Largest attachment accepted.</summary>
    public const long MaxAttachmentBytes = 20L * 1024 * 1024;

    /// <summary>Most files taken in one action (evidence of a close-out request or a spot check).</summary>
    public const int MaxFilesPerUpload = 10;

    /// <summary>Attachment types accepted, decided from the content.</summary>
    public static readonly FileKind[] AttachmentKinds = [FileKind.Pdf, FileKind.Docx, FileKind.Xlsx, FileKind.Jpeg, FileKind.Png];

    /// <summary>
    /// Adds a file to the report's current revision (联络员 while drafting; assisting units while the report is in
    /// the lead unit). The type is decided from the bytes; the file is stored by its hash outside the database.
    /// </summary>
    public async Task<int> AttachAsync(Actor actor, int reportId, Stream content, string originalName, CancellationToken ct = default)
    {
        var name = CleanName(originalName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (report, task) = await LoadVisibleReportAsync(db, db.Reports, actor, reportId, ct);
        var can = ReportPermissions.For(actor, task, report.Current.State);
        if (!can.Attach)
            throw new DomainException(report.Current.State == RevisionState.Draft || actor.UnitId != task.LeadUnitId
                ? "您不能为该报告上传附件。"
                : $"该报告已「{DisplayNames.Of(report.Current.State)}」，已报送或审核中的版本不能再添加附件。");

        var hash = await StoreCheckedAsync(content, name, ct);
        var purpose = actor.UnitId == task.LeadUnitId ? AttachmentPurpose.Report : AttachmentPurpose.Contribution;
        var now = Now;
        var attachment = new ReportAttachment(task.Id, report.Id, report.Current.Number, actor.UnitId, purpose, name, hash.Hash, hash.Kind, hash.Size, actor, now);
        db.Add(attachment);
        report.Note("report.attached", $"{report.PeriodLabel}进展（第{report.Current.Number}版）上传附件「{name}」（SHA-256 {hash.Hash[..12]}…）", actor, now);
        await SaveReportAsync(dbFactory, db, report, ct);
        return attachment.Id;
    }

    /// <summary>Removes a file from a draft (联络员 of the lead unit, or the assisting unit that added it).</summary>
    public async Task RemoveAttachmentAsync(Actor actor, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Set<ReportAttachment>().SingleOrDefaultAsync(a => a.Id == attachmentId, ct) ?? throw new DomainException("该附件不存在。");
        var report = await LoadReport(db.Reports).SingleOrDefaultAsync(r => r.Id == attachment.ReportId, ct) ?? throw new DomainException("该附件不属于任何报告。");
        var task = await LoadVisibleTaskAsync(db, actor, report.TaskId, ct);
        var can = ReportPermissions.For(actor, task, report.Current.State);
        if (!can.Attach || attachment.RevisionNumber != report.Current.Number || attachment.UnitId != actor.UnitId)
            throw new DomainException("只能删除本单位在当前草稿中上传的附件；已报送的附件不能删除。");
        db.Remove(attachment);
        report.Note("report.detached", $"{report.PeriodLabel}进展（第{report.Current.Number}版）删除附件「{attachment.OriginalName}」", actor, Now);
        await SaveReportAsync(dbFactory, db, report, ct);
    }

    /// <summary>Opens an attachment for download if <paramref name="actor"/> may see its task.</summary>
    public async Task<(Stream Content, string Name, string MediaType)?> OpenAttachmentAsync(Actor actor, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Set<ReportAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, ct);
        if (attachment is null)
            return null;
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == attachment.TaskId, ct);
        if (!TaskVisibility.CanSee(actor, task))
            return null;
        var stream = files.Open(attachment.ContentHash);
        return stream is null ? null : (stream, attachment.OriginalName, FileInspector.MediaTypeOf(attachment.Kind));
    }

    internal async Task<(string Hash, FileKind Kind, long Size)> StoreCheckedAsync(Stream content, string name, CancellationToken ct)
    {
        // FileInspector needs to seek; uploads from the browser cannot, so they are spooled first (bounded).
        Stream seekable = content;
        FileStream? spool = null;
        try
        {
            if (!content.CanSeek)
            {
                spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += n;
                    if (total > MaxAttachmentBytes)
                        throw new DomainException($"文件「{name}」超过20MB的上限。");
                    await spool.WriteAsync(buffer.AsMemory(0, n), ct);
                }

                spool.Position = 0;
                seekable = spool;
            }

            var check = FileInspector.Inspect(seekable, name, MaxAttachmentBytes, AttachmentKinds);
            if (!check.Ok)
                throw new DomainException($"「{name}」：{check.Error}");
            var size = seekable.Length - seekable.Position;
            var hash = await files.SaveAsync(seekable, ct);
            return (hash, check.Kind!.Value, size);
        }
        finally
        {
            if (spool is not null)
                await spool.DisposeAsync();
        }
    }

    internal static string CleanName(string originalName)
    {
        // Only the last path segment is kept, and only for display: the stored name is the content hash.
        var name = Path.GetFileName((originalName ?? "").Replace('\\', '/')).Trim();
        name = new string(name.Where(c => !char.IsControl(c)).ToArray());
        if (name.Length == 0)
            throw new DomainException("文件名不能为空。");
        return name.Length > 200 ? name[^200..] : name;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
