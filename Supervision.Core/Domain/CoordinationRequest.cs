namespace Supervision.Core.Domain;

/// <summary>
/// 双向催办 (seed 004): a unit blocked on a task asks upward — the problem, what help it needs and from whom. The
/// office routes it to the responsible city leader, whose answer is recorded and visible to the task's units.
/// </summary>
public sealed class CoordinationRequest : Recorded, IVersioned, ITaskScopedRecord
{
    private CoordinationRequest()
    {
        Problem = "";
        HelpNeeded = "";
        FromWhom = "";
        RaisedByName = "";
    }

    internal CoordinationRequest(SupervisionTask task, int unitId, string problem, string helpNeeded, string fromWhom, Actor actor, DateTime at)
    {
        TaskId = task.Id;
        UnitId = unitId;
        Problem = Guard.Text(problem, "存在的困难问题", 1000);
        HelpNeeded = Guard.Text(helpNeeded, "需要协调的事项", 1000);
        FromWhom = Guard.Text(fromWhom, "希望协调的领导或部门", 100);
        RaisedByName = actor.Name;
        RaisedAt = at;
        State = CoordinationState.Raised;
        Record("coordination.raised", $"申请协调：{Problem}（请{FromWhom}协调）", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
    public string Problem { get; private set; }
    public string HelpNeeded { get; private set; }
    public string FromWhom { get; private set; }
    public CoordinationState State { get; private set; }
    public string RaisedByName { get; private set; }
    public DateTime RaisedAt { get; private set; }
    public int? RoutedToLeaderId { get; private set; }
    public string? RoutedToName { get; private set; }
    public string? RouteNote { get; private set; }
    public string? RoutedByName { get; private set; }
    public DateTime? RoutedAt { get; private set; }
    public string? Answer { get; private set; }
    public string? AnsweredByName { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public long Version { get; private set; }

    internal void Route(int leaderId, string leaderName, string? note, Actor actor, DateTime at)
    {
        if (State != CoordinationState.Raised)
            throw new DomainException($"该协调申请当前为「{ReportingNames.Of(State)}」，不能再转办。");
        RoutedToLeaderId = leaderId;
        RoutedToName = leaderName;
        RouteNote = Guard.OptionalText(note, "转办意见", 500);
        RoutedByName = actor.Name;
        RoutedAt = at;
        State = CoordinationState.Routed;
        Record("coordination.routed", $"协调申请转{leaderName}协调", actor, at);
    }

    internal void Respond(string answer, Actor actor, DateTime at)
    {
        if (State != CoordinationState.Routed)
            throw new DomainException(State == CoordinationState.Answered ? "该协调申请已答复。" : "该协调申请尚未转办给责任领导。");
        Answer = Guard.Text(answer, "协调意见", 2000);
        AnsweredByName = actor.Name;
        AnsweredAt = at;
        State = CoordinationState.Answered;
        Record("coordination.answered", $"协调意见：{Answer}", actor, at);
    }
}
