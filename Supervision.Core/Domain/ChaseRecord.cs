namespace Supervision.Core.Domain;

/// <summary>
/// One rung of the escalation ladder on a task (提醒 → 催办 → 督办 → 约谈 / 亮红牌), kept on the task's record. A
/// 督办单 carries its own number and deadline.
/// </summary>
/// <remarks>
/// What an inspector issues (<see cref="Issued"/>) is an act of a person and goes into the tamper-evident record.
/// What the chasing job sends by itself (<see cref="Automatic"/>: 时限提醒 and the automatic 催办 of an overdue
/// report) is not: it changes no task or report, follows from the schedule and the reports alone, and on a busy
/// morning would bury the people's actions in the activity feed. It stays on the task's ladder and is delivered as
/// a notification.
/// </remarks>
public sealed class ChaseRecord : Recorded, ITaskScopedRecord
{
    private ChaseRecord()
    {
        Content = "";
        ByName = "";
    }

    private ChaseRecord(SupervisionTask task, ChaseLevel level, string content, string? number, DateOnly? deadline, string? periodKey, string? dedupKey, Actor actor, DateTime at)
    {
        TaskId = task.Id;
        UnitId = task.LeadUnitId;
        Level = level;
        Content = Guard.Text(content, "督办内容", 1000);
        Number = number;
        Deadline = deadline;
        PeriodKey = periodKey;
        DedupKey = dedupKey;
        ByName = actor.Name;
        At = at;
    }

    /// <summary>A rung an inspector issues (督办单 with its number and deadline, 催办, 约谈, 亮红牌); recorded in the audit chain.</summary>
    internal static ChaseRecord Issued(SupervisionTask task, ChaseLevel level, string content, string? number, DateOnly? deadline, Actor actor, DateTime at)
    {
        var chase = new ChaseRecord(task, level, content, number, deadline, null, null, actor, at);
        var label = ReportingNames.Of(level);
        chase.Record(
            $"chase.{level.ToString().ToLowerInvariant()}",
            number is null ? $"{label}：{chase.Content}" : $"{label}（{number}，限{DisplayNames.Date(deadline!.Value)}前{(level == ChaseLevel.Urge ? "反馈" : "办理")}）：{chase.Content}",
            actor,
            at);
        return chase;
    }

    /// <summary>
    /// A message the chasing job sends by itself (时限提醒, automatic 催办), keyed so it is sent once; not an audit event.
    /// A 催办 carries its 催办单 number and reply deadline, given once here.
    /// </summary>
    internal static ChaseRecord Automatic(SupervisionTask task, ChaseLevel level, string content, string? periodKey, string dedupKey, DateTime at, string? number = null, DateOnly? deadline = null)
    {
        if (level is not (ChaseLevel.Reminder or ChaseLevel.Urge))
            throw new DomainException("系统只自动发送时限提醒和催办。");
        return new ChaseRecord(task, level, content, number, deadline, periodKey, dedupKey, Actor.System, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
    public ChaseLevel Level { get; private set; }
    public string Content { get; private set; }

    /// <summary>
    /// The form's number, given once when the record is made and never reused: 督办〔2026〕3号 for a
    /// <see cref="ChaseLevel.SupervisionOrder"/>, 催办〔2026〕7号 for a <see cref="ChaseLevel.Urge"/>; null for the other rungs.
    /// </summary>
    public string? Number { get; private set; }

    /// <summary>The 督办单's own deadline, or the date by which a 催办单 asks for a reply.</summary>
    public DateOnly? Deadline { get; private set; }

    /// <summary>The report period this concerns, for automatic reminders about a report.</summary>
    public string? PeriodKey { get; private set; }

    public string? DedupKey { get; private set; }
    public string ByName { get; private set; }
    public DateTime At { get; private set; }
}
