namespace Supervision.Core.Domain;

/// <summary>
/// One line of the append-only record of everything that happened (who, when, what), written in the same
/// transaction as the change it describes. Rows are only ever inserted.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
        Action = "";
        Summary = "";
        ActorId = "";
        ActorName = "";
        EntityType = "";
    }

    public AuditEvent(PendingEvent pending, string entityType, int entityId, int? taskId)
    {
        OccurredAt = pending.At;
        Action = pending.Action;
        Summary = pending.Summary;
        ActorId = pending.Actor.UserId;
        ActorName = pending.Actor.Name;
        EntityType = entityType;
        EntityId = entityId;
        TaskId = taskId;
    }

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public string Action { get; private set; }
    public string Summary { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public string EntityType { get; private set; }
    public int EntityId { get; private set; }
    public int? TaskId { get; private set; }

    /// <summary>Position in the hash chain, 1 for the first event; given inside the write transaction.</summary>
    public long Sequence { get; private set; }

    /// <summary>Hash of the event before this one (64 zeros for the first).</summary>
    public string? PreviousHash { get; private set; }

    /// <summary>SHA-256 (hex) over the canonical form of this event and <see cref="PreviousHash"/>.</summary>
    public string? Hash { get; private set; }

    internal void Link(long sequence, string previousHash, string hash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = hash;
    }
}
