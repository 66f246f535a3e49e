namespace Supervision.Core.Domain;

/// <summary>
/// One message in the in-app notification centre, addressed to a unit (all its accounts) or, with no unit, to
/// the supervision office. <see cref="DedupKey"/> makes automatic chasing idempotent: the same reminder for the
/// same report and period is created once, whatever the number of runs or app instances.
/// </summary>
public sealed class Notification
{
    private Notification()
    {
        Title = "";
        Body = "";
    }

    public Notification(int? recipientUnitId, NotificationKind kind, string title, string body, int? taskId, string? link, DateTime at, string? dedupKey = null, bool forLeaders = false)
    {
        RecipientUnitId = recipientUnitId;
        ForLeaders = forLeaders && recipientUnitId is null;
        Kind = kind;
        Title = title.Length > 100 ? title[..100] : title;
        Body = body.Length > 1000 ? body[..1000] : body;
        TaskId = taskId;
        Link = link;
        CreatedAt = at;
        DedupKey = dedupKey;
    }

    public long Id { get; private set; }

    /// <summary>The unit whose accounts see it; null for the supervision office (督查员, 管理员).</summary>
    public int? RecipientUnitId { get; private set; }

    /// <summary>For the city leaders (市领导) rather than the office, when <see cref="RecipientUnitId"/> is null.</summary>
    public bool ForLeaders { get; private set; }

    public NotificationKind Kind { get; private set; }
    public string Title { get; private set; }
    public string Body { get; private set; }
    public int? TaskId { get; private set; }

    /// <summary>App-relative address of the page to act on.</summary>
    public string? Link { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }
    public string? ReadByName { get; private set; }
    public string? DedupKey { get; private set; }

    /// <summary>When the outbound webhook accepted it (null while not pushed or no webhook).</summary>
    public DateTime? PushedAt { get; private set; }

    public int PushAttempts { get; private set; }
    public string? PushError { get; private set; }

    internal void MarkRead(string byName, DateTime at)
    {
        ReadAt ??= at;
        ReadByName ??= byName;
    }

    internal void MarkPushed(DateTime at)
    {
        PushedAt = at;
        PushAttempts++;
        PushError = null;
    }

    internal void MarkPushFailed(string error)
    {
        PushAttempts++;
        PushError = error.Length > 300 ? error[..300] : error;
    }
}
