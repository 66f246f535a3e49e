namespace Supervision.Core.Domain;

/// <summary>
/// 督查通知单: issued when a task is assigned, with requirements, deadline and report cycle, to the lead and
/// assisting units; each unit acknowledges (签收) it.
/// </summary>
public sealed class Notice : Recorded, IVersioned
{
    private readonly List<NoticeReceipt> _receipts = [];

    private Notice()
    {
        Number = "";
        Requirements = "";
    }

    public Notice(SupervisionTask task, string number, string requirements, Actor actor, DateTime at)
    {
        TaskId = task.Id;
        Number = Guard.Text(number, "通知单编号", 40);
        Requirements = Guard.Text(requirements, "督办要求", 2000);
        Deadline = task.Deadline;
        ReportCycle = task.ReportCycle;
        IssuedAt = at;
        IssuedByName = actor.Name;
        _receipts.Add(new NoticeReceipt(task.LeadUnitId, isLead: true));
        foreach (var unit in task.AssistingUnits)
            _receipts.Add(new NoticeReceipt(unit.UnitId, isLead: false));
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }

    /// <summary>e.g. 督通〔2026〕15号.</summary>
    public string Number { get; private set; }

    public string Requirements { get; private set; }
    public DateOnly Deadline { get; private set; }
    public ReportCycle ReportCycle { get; private set; }
    public DateTime IssuedAt { get; private set; }
    public string IssuedByName { get; private set; } = "";
    public IReadOnlyList<NoticeReceipt> Receipts => _receipts;
    public long Version { get; private set; }

    /// <summary>签收 by one of the addressed units.</summary>
    public NoticeReceipt Acknowledge(int unitId, Actor actor, DateTime at)
    {
        var receipt = _receipts.FirstOrDefault(r => r.UnitId == unitId)
            ?? throw new DomainException("该通知单未发给本单位。");
        if (receipt.AcknowledgedAt is not null)
            throw new DomainException($"本单位已于{receipt.AcknowledgedAt.Value.AddHours(8):yyyy年M月d日}签收。");
        receipt.Acknowledge(actor, at);
        Record("notice.acknowledged", $"签收通知单{Number}", actor, at);
        return receipt;
    }
}

/// <summary>One addressed unit of a notice and whether it has acknowledged.</summary>
public sealed class NoticeReceipt
{
    private NoticeReceipt()
    {
    }

    internal NoticeReceipt(int unitId, bool isLead)
    {
        UnitId = unitId;
        IsLead = isLead;
    }

    public int Id { get; private set; }
    public int NoticeId { get; private set; }
    public int UnitId { get; private set; }
    public bool IsLead { get; private set; }
    public DateTime? AcknowledgedAt { get; private set; }
    public string? AcknowledgedByName { get; private set; }

    internal void Acknowledge(Actor actor, DateTime at)
    {
        AcknowledgedAt = at;
        AcknowledgedByName = actor.Name;
    }
}
