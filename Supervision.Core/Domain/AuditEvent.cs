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
}
