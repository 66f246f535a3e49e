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

    /// <summary>
    /// Which canonical form <see cref="Hash"/> covers: 1 for events written before data states were recorded (their
    /// <see cref="State"/> is always null), 2 since. The form is part of the hash, so it cannot be switched afterwards.
    /// </summary>
    public int Format { get; private set; } = CurrentFormat;

    /// <summary>The canonical form new events are hashed in (see <see cref="Format"/>).</summary>
    public const int CurrentFormat = 2;

    /// <summary>
    /// The canonical state (JSON, see <c>AuditedState</c>) of the event's entity right after the change, on the last
    /// event of that entity in a save; <c>null</c> (the JSON literal) once the entity was deleted; no value for entities
    /// whose state is not recorded. Verification compares the current rows with the latest state of each.
    /// </summary>
    public string? State { get; private set; }

    /// <summary>
    /// The entity's state as the app found it in the database just before this change, kept only when it differed from
    /// the state the record last held — i.e. someone had changed the row outside the app in between.
    /// </summary>
    public string? StateBefore { get; private set; }

    internal void Link(long sequence, string previousHash, string hash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = hash;
    }

    internal void SetState(string? state, string? stateBefore)
    {
        State = state;
        StateBefore = stateBefore;
    }
}
