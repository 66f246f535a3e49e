namespace Supervision.Core.Domain;

/// <summary>A recorded entity that belongs to one task, so its audit events appear on that task's timeline.</summary>
public interface ITaskScopedRecord
{
    int Id { get; }

    int TaskId { get; }
}
