using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// One rung of the escalation ladder on a task (提醒 → 催办 → 督办 → 约谈 / 亮红牌), kept on the task's record. A
/// 督办单 carries its own number and deadline.
/// </summary>
public sealed class ChaseRecord : Recorded, ITaskScopedRecord
{
    private ChaseRecord()
    {
        Content = "";
        ByName = "";
    }

    internal ChaseRecord(SupervisionTask task, ChaseLevel level, string content, string? number, DateOnly? deadline, string? periodKey, string? dedupKey, Actor actor, DateTime at)
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
        var label = ReportingNames.Of(level);
        Record($"chase.{level.ToString().ToLowerInvariant()}", number is null ? $"{label}：{Content}" : $"{label}（{number}，限{DisplayNames.Date(deadline!.Value)}前办理）：{Content}", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
    public ChaseLevel Level { get; private set; }
    public string Content { get; private set; }

    /// <summary>督办单号, e.g. 督办〔2026〕3号 (only for <see cref="ChaseLevel.SupervisionOrder"/>).</summary>
    public string? Number { get; private set; }

    /// <summary>The 督办单's own deadline.</summary>
    public DateOnly? Deadline { get; private set; }

    /// <summary>The report period this concerns, for automatic reminders about a report.</summary>
    public string? PeriodKey { get; private set; }

    public string? DedupKey { get; private set; }
    public string ByName { get; private set; }
    public DateTime At { get; private set; }
}
