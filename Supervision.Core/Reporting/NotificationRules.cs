using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>Something that happened which someone must hear of in the notification centre.</summary>
public enum NotificationEvent
{
    // The report chain (ReportChainService).
    ReportSentForReview,
    ReportApprovedBySupervisor,
    ReportSentToOffice,
    ReportReturnedInUnit,
    ReportAccepted,
    ReportReturnedByOffice,
    ContributionAdded,

    // Automatic chasing (ChasingService).
    ReportDueSoon,
    ReportOverdue,
    DeadlineNear,
    DeadlinePassed,
    OrderOverdue,

    // 督办 by the office (EscalationService).
    OrderIssued,
    UrgeIssued,
    InterviewHeld,
    RedCardShown,

    // Coordination (CoordinationService).
    CoordinationRaised,
    CoordinationRouted,
    CoordinationRoutedToUnit,
    CoordinationAnswered,

    // Extensions (ExtensionService).
    ExtensionRequested,
    ExtensionEndorsed,
    ExtensionApproved,
    ExtensionRejected,

    // Completion and cancellation (CompletionService, TaskCancellationService).
    CompletionRequested,
    SignedOff,
    SignOffRefused,
    TaskCancelled,

    // 批示 and 抽查 (LeaderRemarkService, SpotCheckService).
    InstructionGiven,
    InstructionAnswered,
    SpotChecked,
}

/// <summary>Who hears of an event, named by their relation to its task.</summary>
[Flags]
public enum Recipients
{
    /// <summary>The task's lead unit (牵头单位).</summary>
    LeadUnit = 1,

    /// <summary>Every assisting unit (配合单位).</summary>
    AssistingUnits = 2,

    /// <summary>The unit that raised the request the event answers (<see cref="NotificationFacts.UnitId"/>).</summary>
    RaisingUnit = 4,

    /// <summary>The supervision office (督查员, 管理员).</summary>
    Office = 8,

    /// <summary>The city leaders (市领导).</summary>
    CityLeaders = 16,
}

/// <summary>
/// What a notification's words are made of: the task, and whatever else the event's wording names. Each event uses
/// the fields its rule reads; the services pass them as the person wrote them or as the record keeps them.
/// </summary>
/// <param name="Task">The task the event concerns; every notification links to it.</param>
public sealed record NotificationFacts(SupervisionTask Task)
{
    /// <summary>The report period the notification points at (null: the task itself).</summary>
    public string? PeriodKey { get; init; }

    /// <summary>The period's label, e.g. 2026年3月.</summary>
    public string PeriodLabel { get; init; } = "";

    /// <summary>Who acted, or whom the event names: a person, a unit, the leader a request went to.</summary>
    public string By { get; init; } = "";

    /// <summary>What was written: reason, comment, content, answer, problem, evidence.</summary>
    public string Text { get; init; } = "";

    /// <summary>A second text the wording names: the help needed, whom to ask, how a report was checked.</summary>
    public string Detail { get; init; } = "";

    /// <summary>A document's number (督办单, 催办单) or a result's name.</summary>
    public string Number { get; init; } = "";

    /// <summary>The date the wording names (due date, deadline, requested deadline).</summary>
    public DateOnly Date { get; init; }

    /// <summary>Days left until <see cref="Date"/> (0: today).</summary>
    public int DaysLeft { get; init; }

    /// <summary>The instruction asks for a report on how it was carried out (批示 "请报告落实情况").</summary>
    public bool AsksForAnswer { get; init; }

    /// <summary>The unit that raised a request, for <see cref="Recipients.RaisingUnit"/>.</summary>
    public int? UnitId { get; init; }

    /// <summary>Makes the notification once-only (automatic chasing): the same key is never stored twice.</summary>
    public string? DedupKey { get; init; }
}

/// <summary>One row of <see cref="NotificationRules"/>: the kind, who hears of it, and its Chinese title and body.</summary>
public sealed record NotificationRule(NotificationKind Kind, Recipients To, Func<NotificationFacts, string> Title, Func<NotificationFacts, string> Body);

/// <summary>
/// The one table of what the notification centre says: for every <see cref="NotificationEvent"/> its kind, its
/// audience and its wording. Services raise the event with its facts; this builds the notifications, which the save
/// stores and the change feed announces once committed. Nothing else writes a notification's words.
/// </summary>
public static class NotificationRules
{
    private static string Soon(NotificationFacts f) => f.DaysLeft == 0 ? "今天" : $"{f.DaysLeft}天后";

    private static string Date(NotificationFacts f) => DisplayNames.Date(f.Date);

    /// <summary>Every event's rule.</summary>
    public static IReadOnlyDictionary<NotificationEvent, NotificationRule> All { get; } = new Dictionary<NotificationEvent, NotificationRule>
    {
        [NotificationEvent.ReportSentForReview] = new(NotificationKind.ReportAwaiting, Recipients.LeadUnit,
            f => $"{f.PeriodLabel}进展待主管领导审核", f => $"{f.By}提交了「{f.Task.Title}」{f.PeriodLabel}进展，请主管领导审核。"),
        [NotificationEvent.ReportApprovedBySupervisor] = new(NotificationKind.ReportAwaiting, Recipients.LeadUnit,
            f => $"{f.PeriodLabel}进展待主要领导审批", f => $"「{f.Task.Title}」{f.PeriodLabel}进展经主管领导{f.By}审核，请主要领导审批。"),
        [NotificationEvent.ReportSentToOffice] = new(NotificationKind.ReportAwaiting, Recipients.Office,
            f => $"{f.Task.Number} {f.PeriodLabel}进展已报送", f => $"「{f.Task.Title}」{f.PeriodLabel}进展已报送，请审核。"),
        [NotificationEvent.ReportReturnedInUnit] = new(NotificationKind.ReportReturned, Recipients.LeadUnit,
            f => $"{f.PeriodLabel}进展在单位内退回修改", f => $"{f.By}退回「{f.Task.Title}」{f.PeriodLabel}进展：{f.Text}"),
        [NotificationEvent.ReportAccepted] = new(NotificationKind.ReportAccepted, Recipients.LeadUnit,
            f => $"{f.PeriodLabel}进展已采纳", f => $"「{f.Task.Title}」{f.PeriodLabel}进展已由督查室采纳。"),
        [NotificationEvent.ReportReturnedByOffice] = new(NotificationKind.ReportReturned, Recipients.LeadUnit,
            f => $"{f.PeriodLabel}进展被退回", f => $"督查室退回「{f.Task.Title}」{f.PeriodLabel}进展：{f.Text}"),
        [NotificationEvent.ContributionAdded] = new(NotificationKind.Task, Recipients.LeadUnit,
            f => $"{f.By}补充了配合落实情况", f => $"「{f.Task.Title}」{f.PeriodLabel}：{f.Text}"),

        [NotificationEvent.ReportDueSoon] = new(NotificationKind.Reminder, Recipients.LeadUnit,
            f => $"时限提醒：{f.PeriodLabel}进展{Soon(f)}到期", f => $"「{f.Task.Title}」（{f.Task.Number}）{f.PeriodLabel}进展应于{Date(f)}前报送。"),
        [NotificationEvent.ReportOverdue] = new(NotificationKind.Urge, Recipients.LeadUnit,
            f => $"催办：{f.PeriodLabel}进展逾期未报", f => $"「{f.Task.Title}」（{f.Task.Number}）{f.PeriodLabel}进展应于{Date(f)}前报送，至今未报，请抓紧报送。"),
        [NotificationEvent.DeadlineNear] = new(NotificationKind.Reminder, Recipients.LeadUnit,
            f => $"时限提醒：{f.Task.Number}{Soon(f)}到期", f => $"「{f.Task.Title}」完成时限为{Date(f)}，请确保按期完成。"),
        [NotificationEvent.DeadlinePassed] = new(NotificationKind.Urge, Recipients.LeadUnit,
            f => $"催办：{f.Task.Number}已超过完成时限", f => $"「{f.Task.Title}」完成时限为{Date(f)}，至今未办结，请抓紧办理并报告。"),
        [NotificationEvent.OrderOverdue] = new(NotificationKind.Escalation, Recipients.Office,
            f => $"督办单{f.Number}已逾期", f => $"「{f.Task.Title}」（{f.Task.Number}）督办单限{Date(f)}前办理，已逾期，可约谈或亮红牌。"),

        [NotificationEvent.OrderIssued] = new(NotificationKind.SupervisionOrder, Recipients.LeadUnit,
            f => $"督办单{f.Number}", f => $"「{f.Task.Title}」：{f.Text}。请于{Date(f)}前办理并反馈。"),
        [NotificationEvent.UrgeIssued] = new(NotificationKind.Urge, Recipients.LeadUnit,
            f => $"{ReportingNames.Of(ChaseLevel.Urge)}：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}。请于{Date(f)}前反馈办理情况。"),
        [NotificationEvent.InterviewHeld] = new(NotificationKind.Escalation, Recipients.LeadUnit,
            f => $"{ReportingNames.Of(ChaseLevel.Interview)}：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),
        [NotificationEvent.RedCardShown] = new(NotificationKind.Escalation, Recipients.LeadUnit,
            f => $"{ReportingNames.Of(ChaseLevel.RedCard)}：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),

        [NotificationEvent.CoordinationRaised] = new(NotificationKind.Coordination, Recipients.Office,
            f => $"申请协调：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}（请{f.Detail}协调）"),
        [NotificationEvent.CoordinationRouted] = new(NotificationKind.Coordination, Recipients.CityLeaders,
            f => $"请协调：{f.Task.Number}", f => $"{f.By}：「{f.Task.Title}」{f.Text}。需协调：{f.Detail}"),
        [NotificationEvent.CoordinationRoutedToUnit] = new(NotificationKind.Coordination, Recipients.RaisingUnit,
            _ => "协调申请已转责任领导", f => $"「{f.Task.Title}」的协调申请已转{f.By}协调。"),
        [NotificationEvent.CoordinationAnswered] = new(NotificationKind.Coordination, Recipients.RaisingUnit,
            _ => "协调申请已答复", f => $"「{f.Task.Title}」：{f.Text}"),

        [NotificationEvent.ExtensionRequested] = new(NotificationKind.Extension, Recipients.LeadUnit,
            f => $"延期申请待主要领导签署：{f.Task.Number}", f => $"「{f.Task.Title}」申请延期至{Date(f)}：{f.Text}"),
        [NotificationEvent.ExtensionEndorsed] = new(NotificationKind.Extension, Recipients.Office,
            f => $"延期申请待审定：{f.Task.Number}", f => $"「{f.Task.Title}」申请延期至{Date(f)}，已经主要领导{f.By}签署。"),
        [NotificationEvent.ExtensionApproved] = new(NotificationKind.Extension, Recipients.LeadUnit,
            f => $"延期申请已同意：{f.Task.Number}", f => $"「{f.Task.Title}」完成时限延至{Date(f)}。"),
        [NotificationEvent.ExtensionRejected] = new(NotificationKind.Extension, Recipients.LeadUnit,
            f => $"延期申请未同意：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),

        [NotificationEvent.CompletionRequested] = new(NotificationKind.Completion, Recipients.Office,
            f => $"申请办结：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),
        [NotificationEvent.SignedOff] = new(NotificationKind.Completion, Recipients.LeadUnit,
            f => $"已销号：{f.Task.Number}", f => $"「{f.Task.Title}」经核实完成，已销号。"),
        [NotificationEvent.SignOffRefused] = new(NotificationKind.Completion, Recipients.LeadUnit,
            f => $"不予销号：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),
        [NotificationEvent.TaskCancelled] = new(NotificationKind.Task, Recipients.LeadUnit | Recipients.AssistingUnits,
            f => $"任务已取消：{f.Task.Number}", f => $"「{f.Task.Title}」：{f.Text}"),

        [NotificationEvent.InstructionGiven] = new(NotificationKind.Instruction, Recipients.LeadUnit | Recipients.AssistingUnits | Recipients.Office,
            f => $"{f.By}批示：{f.Task.Number}", f => f.Text + (f.AsksForAnswer ? "（请报告落实情况）" : "")),
        [NotificationEvent.InstructionAnswered] = new(NotificationKind.Instruction, Recipients.CityLeaders | Recipients.Office,
            f => $"批示落实情况：{f.Task.Number}", f => f.Text),
        [NotificationEvent.SpotChecked] = new(NotificationKind.SpotCheck, Recipients.LeadUnit,
            f => $"抽查核实：{f.Number}", f => $"「{f.Task.Title}」{f.PeriodLabel}进展经{f.Detail}核实：{f.Number}。{f.Text}"),
    };

    /// <summary>The rule of <paramref name="event"/>.</summary>
    public static NotificationRule Of(NotificationEvent @event) =>
        All.TryGetValue(@event, out var rule) ? rule : throw new InvalidOperationException($"No notification rule for {@event}.");

    /// <summary>The title and body <paramref name="event"/> is worded with (a 催办 record keeps the same body).</summary>
    public static (string Title, string Body) Words(NotificationEvent @event, NotificationFacts facts)
    {
        var rule = Of(@event);
        return (rule.Title(facts), rule.Body(facts));
    }

    /// <summary>The audiences <paramref name="event"/> is told to, in a fixed order, each once.</summary>
    public static IReadOnlyList<Audience> Audiences(NotificationEvent @event, NotificationFacts facts)
    {
        var to = Of(@event).To;
        var task = facts.Task;
        var audiences = new List<Audience>();
        if (to.HasFlag(Recipients.LeadUnit))
            audiences.Add(Audience.OfUnit(task.LeadUnitId));
        if (to.HasFlag(Recipients.AssistingUnits))
            audiences.AddRange(task.AssistingUnits.Select(a => Audience.OfUnit(a.UnitId)));
        if (to.HasFlag(Recipients.RaisingUnit))
            audiences.Add(Audience.OfUnit(facts.UnitId ?? throw new InvalidOperationException($"{@event} needs the unit that raised the request.")));
        if (to.HasFlag(Recipients.Office))
            audiences.Add(Audience.Office);
        if (to.HasFlag(Recipients.CityLeaders))
            audiences.Add(Audience.CityLeaders);
        return audiences.Distinct().ToList();
    }

    /// <summary>The notifications <paramref name="event"/> makes at <paramref name="at"/>, one per audience.</summary>
    public static IReadOnlyList<Notification> For(NotificationEvent @event, NotificationFacts facts, DateTime at)
    {
        var rule = Of(@event);
        var (title, body) = (rule.Title(facts), rule.Body(facts));
        var audiences = Audiences(@event, facts);
        if (facts.DedupKey is not null && audiences.Count > 1)
            throw new InvalidOperationException($"{@event} goes to several audiences and cannot carry one once-only key.");
        return audiences
            .Select(to => new Notification(to.UnitId, rule.Kind, title, body, facts.Task.Id, facts.PeriodKey, at, facts.DedupKey, to.Leaders))
            .ToList();
    }
}
