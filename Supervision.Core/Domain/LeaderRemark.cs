namespace Supervision.Core.Domain;

/// <summary>
/// 市领导批示 on a task: visible to the task's units; when it asks for a response the lead unit answers and the
/// answer stays with it.
/// </summary>
public sealed class LeaderRemark : Recorded, IVersioned, ITaskScopedRecord
{
    private LeaderRemark()
    {
        Text = "";
        LeaderName = "";
    }

    internal LeaderRemark(SupervisionTask task, string text, bool requiresResponse, Actor actor, DateTime at)
    {
        TaskId = task.Id;
        Text = Guard.Text(text, "批示内容", 1000);
        RequiresResponse = requiresResponse;
        LeaderName = actor.Name;
        GivenAt = at;
        Record("remark.given", $"{actor.Name}批示：{Text}{(requiresResponse ? "（请报告落实情况）" : "")}", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public string Text { get; private set; }
    public bool RequiresResponse { get; private set; }
    public string LeaderName { get; private set; }
    public DateTime GivenAt { get; private set; }
    public string? Response { get; private set; }
    public string? RespondedByName { get; private set; }
    public DateTime? RespondedAt { get; private set; }
    public long Version { get; private set; }

    internal void Respond(string response, Actor actor, DateTime at)
    {
        if (!RequiresResponse)
            throw new DomainException("该批示未要求报告落实情况。");
        if (RespondedAt is not null)
            throw new DomainException($"该批示已由{RespondedByName}答复。");
        Response = Guard.Text(response, "落实情况", 2000);
        RespondedByName = actor.Name;
        RespondedAt = at;
        Record("remark.answered", $"报告批示落实情况：{Response}", actor, at);
    }
}
