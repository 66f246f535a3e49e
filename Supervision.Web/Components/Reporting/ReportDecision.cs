namespace Supervision.Web.Components.Reporting;

/// <summary>A step of the report chain taken from <see cref="ReportDecisionBox"/>.</summary>
public enum ReportDecisionStep
{
    /// <summary>审核通过 (主管领导) or 审批通过并报送 (主要领导).</summary>
    Approve,

    /// <summary>退回修改 inside the unit.</summary>
    RejectInUnit,

    /// <summary>采纳 by the office.</summary>
    Accept,

    /// <summary>退回 by the office to the lead unit.</summary>
    Return,
}

/// <summary>What the decider chose and wrote: the comment (required to return) and, in a closed period, the correction reason.</summary>
public sealed record ReportDecision(ReportDecisionStep Step, string? Comment, string? Correction);
