namespace Supervision.Core.Domain;

/// <summary>
/// 延期申请: before the deadline the lead unit asks for a later one with reasons, its 主要领导 endorses, and the
/// office decides. Approval moves the task's deadline; its original deadline stays on record for scoring.
/// </summary>
public sealed class ExtensionRequest : Recorded, IVersioned, ITaskScopedRecord
{
    private ExtensionRequest()
    {
        Reason = "";
        RequestedByName = "";
    }

    internal ExtensionRequest(SupervisionTask task, int unitId, DateOnly requestedDeadline, string reason, DateOnly today, Actor actor, DateTime at)
    {
        if (today > task.Deadline)
            throw new DomainException($"完成时限{DisplayNames.Date(task.Deadline)}已过，延期应在时限届满前申请。");
        if (requestedDeadline <= task.Deadline)
            throw new DomainException($"申请的完成时限应晚于当前完成时限{DisplayNames.Date(task.Deadline)}。");
        TaskId = task.Id;
        UnitId = unitId;
        CurrentDeadline = task.Deadline;
        RequestedDeadline = requestedDeadline;
        Reason = Guard.Text(reason, "延期理由", 1000);
        RequestedByName = actor.Name;
        RequestedAt = at;
        State = ExtensionState.Requested;
        Record("extension.requested", $"申请将完成时限由{DisplayNames.Date(CurrentDeadline)}延至{DisplayNames.Date(requestedDeadline)}：{Reason}", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
    public DateOnly CurrentDeadline { get; private set; }
    public DateOnly RequestedDeadline { get; private set; }
    public string Reason { get; private set; }
    public ExtensionState State { get; private set; }
    public string RequestedByName { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public string? EndorsedByName { get; private set; }
    public DateTime? EndorsedAt { get; private set; }
    public string? EndorseComment { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecisionComment { get; private set; }
    public long Version { get; private set; }

    public bool IsOpen => State is ExtensionState.Requested or ExtensionState.Endorsed;

    internal void Endorse(string? comment, Actor actor, DateTime at)
    {
        RequireState(ExtensionState.Requested, "签署");
        EndorsedByName = actor.Name;
        EndorsedAt = at;
        EndorseComment = Guard.OptionalText(comment, "签署意见", 500);
        State = ExtensionState.Endorsed;
        Record("extension.endorsed", "主要领导签署同意延期申请", actor, at);
    }

    internal void Approve(string? comment, Actor actor, DateTime at)
    {
        RequireState(ExtensionState.Endorsed, "审定");
        Decide(ExtensionState.Approved, Guard.OptionalText(comment, "审定意见", 500), actor, at);
        Record("extension.approved", $"同意延期至{DisplayNames.Date(RequestedDeadline)}", actor, at);
    }

    /// <summary>Refused by the unit's 主要领导 or by the office; a reason is required either way.</summary>
    internal void Reject(string reason, Actor actor, DateTime at)
    {
        if (!IsOpen)
            throw new DomainException($"该延期申请已办结（{ReportingNames.Of(State)}），不能再处理。");
        var text = Guard.Text(reason, "不同意的理由", 500);
        Decide(ExtensionState.Rejected, text, actor, at);
        Record("extension.rejected", $"不同意延期：{text}", actor, at);
    }

    private void Decide(ExtensionState state, string? comment, Actor actor, DateTime at)
    {
        State = state;
        DecidedByName = actor.Name;
        DecidedAt = at;
        DecisionComment = comment;
    }

    private void RequireState(ExtensionState state, string what)
    {
        if (State != state)
            throw new DomainException($"该延期申请当前为「{ReportingNames.Of(State)}」，不能{what}。");
    }
}
