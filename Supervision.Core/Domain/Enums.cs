namespace Supervision.Core.Domain;

/// <summary>Kind of unit in the directory (县市区 / 市直部门 / 开发区 / 其他).</summary>
public enum UnitKind
{
    County = 0,
    Department = 1,
    DevelopmentZone = 2,
    Other = 3,
}

/// <summary>The four task sources of seed 001; each has its own number code.</summary>
public enum TaskSource
{
    /// <summary>年度重点工作 (ZD), decomposed from the 政府工作报告.</summary>
    AnnualKeyWork = 0,

    /// <summary>领导批示件 (PS).</summary>
    LeaderInstruction = 1,

    /// <summary>会议决策部署 (HY).</summary>
    MeetingDecision = 2,

    /// <summary>专项重点工作 (ZX), agreements with subordinate governments.</summary>
    SpecialWork = 3,
}

/// <summary>How often the lead unit reports.</summary>
public enum ReportCycle
{
    Monthly = 0,
    Quarterly = 1,
    Once = 2,
}

/// <summary>Lifecycle of a task: 待交办 → 已交办 → 办理中 → 申请办结 → 已销号, or 已取消.</summary>
public enum TaskState
{
    Registered = 0,
    Assigned = 1,
    InProgress = 2,
    CompletionRequested = 3,
    Closed = 4,
    Cancelled = 5,
}

/// <summary>Where one revision of a progress report stands in the review chain of seed 001.</summary>
public enum RevisionState
{
    /// <summary>联络员 is drafting.</summary>
    Draft = 0,

    /// <summary>Waiting for the unit's 主管领导.</summary>
    AwaitingSupervisor = 1,

    /// <summary>Waiting for the unit's 主要领导.</summary>
    AwaitingPrincipal = 2,

    /// <summary>Left the unit; waiting for the inspector.</summary>
    Submitted = 3,

    Accepted = 4,

    /// <summary>Sent back by the inspector; a new revision carries the correction.</summary>
    Returned = 5,
}

/// <summary>What happened at one step of the review chain.</summary>
public enum ReportStepAction
{
    Drafted = 0,
    SentForReview = 1,
    ApprovedBySupervisor = 2,
    ApprovedByPrincipal = 3,
    Accepted = 4,
    Returned = 5,
    RejectedInUnit = 6,
}

/// <summary>How a spot check was made (seed 001).</summary>
public enum SpotCheckMethod
{
    OnSite = 0,
    Unannounced = 1,
    Phone = 2,
    Documents = 3,
}

/// <summary>What a spot check found.</summary>
public enum SpotCheckResult
{
    Confirmed = 0,
    PartlyConfirmed = 1,
    False = 2,
}
