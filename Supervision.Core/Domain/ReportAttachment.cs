using Supervision.Core.Files;

namespace Supervision.Core.Domain;

/// <summary>
/// An uploaded file: its bytes live outside the database under their SHA-256 (so the stored name never comes
/// from the person), the name the person gave it is kept here for display and download.
/// </summary>
public sealed class ReportAttachment
{
    private ReportAttachment()
    {
        OriginalName = "";
        ContentHash = "";
        UploadedById = "";
        UploadedByName = "";
    }

    internal ReportAttachment(int taskId, int? reportId, int? revisionNumber, int? unitId, AttachmentPurpose purpose, string originalName, string contentHash, FileKind kind, long size, Domain.Actor actor, DateTime at)
    {
        TaskId = taskId;
        ReportId = reportId;
        RevisionNumber = revisionNumber;
        UnitId = unitId;
        Purpose = purpose;
        OriginalName = originalName;
        ContentHash = contentHash;
        Kind = kind;
        Size = size;
        UploadedById = actor.UserId;
        UploadedByName = actor.Name;
        UploadedAt = at;
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int? ReportId { get; private set; }

    /// <summary>The report revision the file belongs to; a submitted revision's files never change.</summary>
    public int? RevisionNumber { get; private set; }

    /// <summary>The unit that uploaded it (lead or assisting); null for the office.</summary>
    public int? UnitId { get; private set; }

    public AttachmentPurpose Purpose { get; private set; }
    public string OriginalName { get; private set; }
    public string ContentHash { get; private set; }
    public FileKind Kind { get; private set; }
    public long Size { get; private set; }
    public string UploadedById { get; private set; }
    public string UploadedByName { get; private set; }
    public DateTime UploadedAt { get; private set; }
}
