using Supervision.Core.Rules;

namespace Supervision.Core.Domain;

/// <summary>The fields every task has, whatever its source; used to register and to edit.</summary>
public sealed record TaskDefinition(
    int Year,
    int? CategoryId,
    string Title,
    string Content,
    string? Target,
    int LeadUnitId,
    IReadOnlyList<int> AssistingUnitIds,
    int? ResponsibleLeaderId,
    DateOnly Start,
    DateOnly Deadline,
    string? DeadlineText,
    ReportCycle ReportCycle);

/// <summary>
/// A 督查事项: one decision turned into a numbered task with owners and a deadline. Its number is given once
/// and never changes; its state moves only through the methods below.
/// </summary>
public sealed class SupervisionTask : Recorded, IVersioned
{
    private readonly List<TaskAssistingUnit> _assistingUnits = [];
    private readonly List<Milestone> _milestones = [];

    private SupervisionTask()
    {
        Number = "";
        Title = "";
        Content = "";
    }

    private SupervisionTask(TaskSource source, string number, int sequence)
    {
        Source = source;
        Number = number;
        Sequence = sequence;
        Title = "";
        Content = "";
    }

    public int Id { get; private set; }
    public int Year { get; private set; }
    public TaskSource Source { get; private set; }

    /// <summary>统一编号, e.g. 2026-ZD-017.</summary>
    public string Number { get; private set; }

    public int Sequence { get; private set; }
    public int? CategoryId { get; private set; }

    /// <summary>Short name used in lists and bulletins (园林绿化养护市场化试点).</summary>
    public string Title { get; private set; }

    /// <summary>任务内容 as written in the source document.</summary>
    public string Content { get; private set; }

    /// <summary>目标 / 要求, when stated separately.</summary>
    public string? Target { get; private set; }

    public int LeadUnitId { get; private set; }
    public IReadOnlyList<TaskAssistingUnit> AssistingUnits => _assistingUnits;
    public int? ResponsibleLeaderId { get; private set; }
    public DateOnly Start { get; private set; }
    public DateOnly Deadline { get; private set; }

    /// <summary>The deadline as first set; extensions move <see cref="Deadline"/> but scoring keeps this one.</summary>
    public DateOnly OriginalDeadline { get; private set; }

    /// <summary>完成时限 as the source wrote it (6月底前, 年底前), kept for documents.</summary>
    public string? DeadlineText { get; private set; }

    public ReportCycle ReportCycle { get; private set; }
    public TaskState State { get; private set; }
    public DateTime RegisteredAt { get; private set; }
    public DateTime? AssignedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }
    public IReadOnlyList<Milestone> Milestones => _milestones;
    public TaskIndicator? Indicator { get; private set; }
    public InstructionDetails? Instruction { get; private set; }
    public MeetingDetails? Meeting { get; private set; }
    public AgreementDetails? Agreement { get; private set; }
    public long Version { get; private set; }

    public bool IsFinished => State is TaskState.Closed or TaskState.Cancelled;

    /// <summary>Registers a task under a number the caller has just allocated.</summary>
    public static SupervisionTask Register(TaskSource source, string number, int sequence, TaskDefinition definition, Actor actor, DateTime at)
    {
        var task = new SupervisionTask(source, Guard.Text(number, "统一编号", 20), sequence)
        {
            RegisteredAt = at,
        };
        task.Apply(definition);
        task.OriginalDeadline = task.Deadline;
        task.Record("task.registered", $"登记任务 {number}「{task.Title}」", actor, at);
        return task;
    }

    /// <summary>Changes the registered fields; the deadline is changed through <see cref="ExtendDeadline"/> once assigned.</summary>
    public void Edit(TaskDefinition definition, Actor actor, DateTime at)
    {
        EnsureOpen();
        if (State != TaskState.Registered && definition.Deadline != Deadline)
            throw new DomainException("任务交办后，完成时限只能通过延期申请调整。");
        if (definition.Year != Year)
            throw new DomainException("任务年度登记后不能修改。");
        Apply(definition);
        if (State == TaskState.Registered)
            OriginalDeadline = Deadline;
        Record("task.edited", "修改任务信息", actor, at);
    }

    private void Apply(TaskDefinition d)
    {
        if (d.Year is < 2000 or > 2100)
            throw new DomainException("年度不正确。");
        if (d.Deadline < d.Start)
            throw new DomainException("完成时限不能早于开始日期。");
        if (d.AssistingUnitIds.Contains(d.LeadUnitId))
            throw new DomainException("牵头单位不能同时作为配合单位。");
        if (d.AssistingUnitIds.Distinct().Count() != d.AssistingUnitIds.Count)
            throw new DomainException("配合单位有重复。");

        Year = d.Year;
        CategoryId = d.CategoryId;
        Title = Guard.Text(d.Title, "任务名称", 100);
        Content = Guard.Text(d.Content, "任务内容", 4000);
        Target = Guard.OptionalText(d.Target, "目标要求", 2000);
        LeadUnitId = d.LeadUnitId;
        ResponsibleLeaderId = d.ResponsibleLeaderId;
        Start = d.Start;
        Deadline = d.Deadline;
        DeadlineText = Guard.OptionalText(d.DeadlineText, "完成时限原文", 40);
        ReportCycle = d.ReportCycle;
        _assistingUnits.RemoveAll(a => !d.AssistingUnitIds.Contains(a.UnitId));
        foreach (var unitId in d.AssistingUnitIds)
        {
            if (_assistingUnits.All(a => a.UnitId != unitId))
                _assistingUnits.Add(new TaskAssistingUnit(unitId));
        }
    }

    /// <summary>True for the lead unit and every assisting unit: they see the whole task alike (seed 001).</summary>
    public bool Involves(int unitId) => LeadUnitId == unitId || _assistingUnits.Any(a => a.UnitId == unitId);

    public void SetMilestones(IEnumerable<Milestone> milestones, Actor actor, DateTime at)
    {
        EnsureOpen();
        var list = milestones.OrderBy(m => m.Date).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Date < Start || list[i].Date > Deadline)
                throw new DomainException($"节点「{list[i].Title}」的日期应在任务起止日期之内。");
            if (i > 0 && list[i].Date == list[i - 1].Date)
                throw new DomainException("两个节点不能在同一天。");
            if (i > 0 && list[i].PlannedPercent < list[i - 1].PlannedPercent)
                throw new DomainException("节点计划进度应逐步递增。");
        }

        _milestones.Clear();
        _milestones.AddRange(list);
        Record("task.milestones", $"设定{list.Count}个节点", actor, at);
    }

    public void SetIndicator(TaskIndicator? indicator, Actor actor, DateTime at)
    {
        EnsureOpen();
        Indicator = indicator;
        Record("task.indicator", indicator is null ? "取消指标" : $"设定指标：目标{indicator.Target}{indicator.UnitOfMeasure}", actor, at);
    }

    public void SetInstruction(InstructionDetails details)
    {
        RequireSource(TaskSource.LeaderInstruction);
        Instruction = details;
    }

    public void SetMeeting(MeetingDetails details)
    {
        RequireSource(TaskSource.MeetingDecision);
        Meeting = details;
    }

    public void SetAgreement(AgreementDetails details)
    {
        RequireSource(TaskSource.SpecialWork);
        Agreement = details;
    }

    /// <summary>交办: the task goes out to its units with a 督查通知单.</summary>
    public void Assign(Actor actor, DateTime at)
    {
        if (State != TaskState.Registered)
            throw new DomainException($"任务当前状态为「{DisplayNames.Of(State)}」，不能交办。");
        State = TaskState.Assigned;
        AssignedAt = at;
        Record("task.assigned", "交办任务，下发督查通知单", actor, at);
    }

    /// <summary>签收 by the lead unit: from now on the task is being worked on.</summary>
    public void Acknowledge(Actor actor, DateTime at)
    {
        if (State != TaskState.Assigned)
            throw new DomainException($"任务当前状态为「{DisplayNames.Of(State)}」，无需签收。");
        State = TaskState.InProgress;
        Record("task.acknowledged", "牵头单位签收", actor, at);
    }

    public void RequestCompletion(string evidence, Actor actor, DateTime at)
    {
        if (State != TaskState.InProgress)
            throw new DomainException($"任务当前状态为「{DisplayNames.Of(State)}」，不能申请办结。");
        var text = Guard.Text(evidence, "办结说明", 2000);
        State = TaskState.CompletionRequested;
        Record("task.completion-requested", $"申请办结：{text}", actor, at);
    }

    public void RejectCompletion(string reason, Actor actor, DateTime at)
    {
        if (State != TaskState.CompletionRequested)
            throw new DomainException("任务未申请办结。");
        var text = Guard.Text(reason, "不予销号的理由", 500);
        State = TaskState.InProgress;
        Record("task.completion-rejected", $"不予销号：{text}", actor, at);
    }

    /// <summary>
    /// 销号 (sign-off): the inspector verified the result and the task is done. The state (<see cref="TaskState.Closed"/>),
    /// <see cref="ClosedAt"/> and the action "task.closed" keep their names: audit states hash property and enum member
    /// names, and the record already holds them.
    /// </summary>
    public void SignOff(Actor actor, DateTime at)
    {
        if (State is not (TaskState.CompletionRequested or TaskState.InProgress))
            throw new DomainException($"任务当前状态为「{DisplayNames.Of(State)}」，不能销号。");
        State = TaskState.Closed;
        ClosedAt = at;
        Record("task.closed", "核实完成，销号", actor, at);
    }

    /// <summary>取消 with a reason (seed 002: 因政策调整原因取消).</summary>
    public void Cancel(string reason, Actor actor, DateTime at)
    {
        EnsureOpen();
        CancelReason = Guard.Text(reason, "取消原因", 200);
        State = TaskState.Cancelled;
        CancelledAt = at;
        Record("task.cancelled", $"取消任务：{CancelReason}", actor, at);
    }

    /// <summary>Moves the deadline later after an approved 延期申请; <see cref="OriginalDeadline"/> stays for scoring.</summary>
    public void ExtendDeadline(DateOnly newDeadline, string reason, Actor actor, DateTime at)
    {
        EnsureOpen();
        if (newDeadline <= Deadline)
            throw new DomainException("延期后的完成时限应晚于当前完成时限。");
        var text = Guard.Text(reason, "延期理由", 500);
        var old = Deadline;
        Deadline = newDeadline;
        Record("task.extended", $"完成时限由{DisplayNames.Date(old)}延至{DisplayNames.Date(newDeadline)}：{text}", actor, at);
    }

    /// <summary>Records an event that concerns this task but is owned by another service (e.g. a 督办单).</summary>
    public void Note(string action, string summary, Actor actor, DateTime at) => Record(action, summary, actor, at);

    private void EnsureOpen()
    {
        if (IsFinished)
            throw new DomainException($"任务已{DisplayNames.Of(State)[1..]}，不能再修改。");
    }

    private void RequireSource(TaskSource source)
    {
        if (Source != source)
            throw new DomainException($"该任务来源为「{DisplayNames.Of(Source)}」，不能填写「{DisplayNames.Of(source)}」的信息。");
    }
}

/// <summary>An assisting unit (协办单位) of a task.</summary>
public sealed class TaskAssistingUnit
{
    private TaskAssistingUnit()
    {
    }

    internal TaskAssistingUnit(int unitId) => UnitId = unitId;

    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
}

/// <summary>A 节点: by <see cref="Date"/> the task should have reached <see cref="PlannedPercent"/> (形象进度).</summary>
public sealed record Milestone
{
    public Milestone(DateOnly date, decimal plannedPercent, string title)
    {
        Date = date;
        PlannedPercent = Guard.Percent(plannedPercent, "节点计划进度");
        Title = Guard.Text(title, "节点内容", 200);
    }

    public DateOnly Date { get; private init; }
    public decimal PlannedPercent { get; private init; }
    public string Title { get; private init; }
}

/// <summary>An indicator whose actual value measures the task (主要经济指标, 民生实事 with a count).</summary>
public sealed record TaskIndicator
{
    public TaskIndicator(string name, string unitOfMeasure, decimal target, IndicatorDirection direction, IndicatorMeasure measure)
    {
        Name = Guard.Text(name, "指标名称", 60);
        UnitOfMeasure = Guard.OptionalText(unitOfMeasure, "计量单位", 10) ?? "";
        if (target < 0)
            throw new DomainException("指标目标值不能为负数。");
        Target = target;
        Direction = direction;
        Measure = measure;
    }

    public string Name { get; private init; }
    public string UnitOfMeasure { get; private init; }
    public decimal Target { get; private init; }
    public IndicatorDirection Direction { get; private init; }
    public IndicatorMeasure Measure { get; private init; }
}

/// <summary>领导批示件 fields.</summary>
public sealed record InstructionDetails(string LeaderName, DateOnly InstructedOn, string Text, string? DocumentTitle, string? DocumentNumber);

/// <summary>会议决策部署 fields; one meeting yields many tasks.</summary>
public sealed record MeetingDetails(string MeetingName, DateOnly HeldOn, string Decision);

/// <summary>专项重点工作 fields.</summary>
public sealed record AgreementDetails(string AgreementName, string Counterpart);
