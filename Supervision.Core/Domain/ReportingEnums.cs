namespace Supervision.Core.Domain;

/// <summary>Whether a period's report came in on time (seed 001: 按时 / 逾期 / 未报 count in the score).</summary>
public enum ReportTimeliness
{
    /// <summary>Not due yet, or still within the grace days and not sent.</summary>
    Pending = 0,

    /// <summary>First submitted by the due date plus the grace days.</summary>
    OnTime = 1,

    /// <summary>First submitted after the due date plus the grace days.</summary>
    Late = 2,

    /// <summary>Past the due date plus the grace days and never submitted.</summary>
    Missing = 3,

    /// <summary>The task did not owe this period's report (it fell due before 交办, or after the task was settled): nothing missing.</summary>
    NotOwed = 4,

    /// <summary>A report sent for a period the task did not owe (written for a month before 交办): never late.</summary>
    Supplementary = 5,
}

/// <summary>The escalation ladder of seeds 003/004: 提醒 → 催办 → 督办 → 约谈 / 亮红牌.</summary>
public enum ChaseLevel
{
    Reminder = 0,
    Urge = 1,
    SupervisionOrder = 2,
    Interview = 3,
    RedCard = 4,
}

/// <summary>What a notification is about; decides its icon and wording.</summary>
public enum NotificationKind
{
    Reminder = 0,
    Urge = 1,
    SupervisionOrder = 2,
    Escalation = 3,
    ReportAwaiting = 4,
    ReportReturned = 5,
    ReportAccepted = 6,
    Coordination = 7,
    Extension = 8,
    Completion = 9,
    Instruction = 10,
    SpotCheck = 11,
    Task = 12,
}

/// <summary>What an uploaded file is evidence of.</summary>
public enum AttachmentPurpose
{
    Report = 0,
    Contribution = 1,
    Completion = 2,
    SpotCheck = 3,
}

/// <summary>双向催办: where a unit's request for coordination stands.</summary>
public enum CoordinationState
{
    Raised = 0,
    Routed = 1,
    Answered = 2,
}

/// <summary>延期申请: unit asks → its 主要领导 endorses → the inspector decides.</summary>
public enum ExtensionState
{
    Requested = 0,
    Endorsed = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>Chinese labels of the reporting values.</summary>
public static class ReportingNames
{
    public static string Of(ReportTimeliness t) => t switch
    {
        ReportTimeliness.OnTime => "按时",
        ReportTimeliness.Late => "逾期报送",
        ReportTimeliness.Missing => "逾期未报",
        ReportTimeliness.NotOwed => "无需报送",
        ReportTimeliness.Supplementary => "补充报送",
        _ => "未到期",
    };

    public static string Of(ChaseLevel level) => level switch
    {
        ChaseLevel.Reminder => "时限提醒",
        ChaseLevel.Urge => "催办",
        ChaseLevel.SupervisionOrder => "督办",
        ChaseLevel.Interview => "约谈",
        _ => "亮红牌",
    };

    public static string Of(CoordinationState s) => s switch
    {
        CoordinationState.Raised => "待督查室转办",
        CoordinationState.Routed => "已转责任领导",
        _ => "已答复",
    };

    public static string Of(ExtensionState s) => s switch
    {
        ExtensionState.Requested => "待主要领导签署",
        ExtensionState.Endorsed => "待督查室审定",
        ExtensionState.Approved => "已同意",
        _ => "未同意",
    };

    public static string Of(NotificationKind k) => k switch
    {
        NotificationKind.Reminder => "时限提醒",
        NotificationKind.Urge => "催办",
        NotificationKind.SupervisionOrder => "督办单",
        NotificationKind.Escalation => "约谈/亮红牌",
        NotificationKind.ReportAwaiting => "待审核",
        NotificationKind.ReportReturned => "退回",
        NotificationKind.ReportAccepted => "采纳",
        NotificationKind.Coordination => "申请协调",
        NotificationKind.Extension => "延期申请",
        NotificationKind.Completion => "办结销号",
        NotificationKind.Instruction => "领导批示",
        NotificationKind.SpotCheck => "抽查核实",
        _ => "任务",
    };
}
