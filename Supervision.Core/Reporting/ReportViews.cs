using Supervision.Core.Domain;
using Supervision.Core.Files;
using Supervision.Core.Rules;

namespace Supervision.Core.Reporting;

/// <summary>The task a report belongs to, as the report page heads it.</summary>
public sealed record ReportTaskHeader(
    int Id,
    string Number,
    string Title,
    int LeadUnitId,
    string LeadUnit,
    TaskState State,
    DateOnly Deadline,
    DateOnly OriginalDeadline,
    string? IndicatorName,
    string? IndicatorUnit,
    decimal? IndicatorTarget,
    TrafficLight Light,
    string LightReason)
{
    public bool IsIndicatorTask => IndicatorName is not null;
}

public sealed record ReportStepView(ReportStepAction Action, string ActorName, DateTime At, string? Comment);

public sealed record ReportRevisionView(
    int Number,
    RevisionState State,
    string Progress,
    string? Problems,
    string? NextSteps,
    decimal? ProgressPercent,
    decimal? IndicatorActual,
    DateTime CreatedAt,
    DateTime? SubmittedAt,
    DateTime? DecidedAt,
    IReadOnlyList<ReportStepView> Steps);

public sealed record AttachmentView(int Id, int? RevisionNumber, AttachmentPurpose Purpose, string OriginalName, FileKind Kind, long Size, string UnitName, string UploadedByName, DateTime UploadedAt);

public sealed record ContributionView(int Id, int RevisionNumber, string UnitName, string Text, string AuthorName, DateTime At);

public sealed record SpotCheckView(int Id, int RevisionNumber, SpotCheckMethod Method, SpotCheckResult Result, DateOnly CheckedOn, string Notes, string? Evidence, string InspectorName);

/// <summary>What the person looking at a report may do now; the service checks again on every action.</summary>
public sealed record ReportActions(
    bool Draft,
    bool Send,
    bool ApproveAsSupervisor,
    bool ApproveAsPrincipal,
    bool RejectInUnit,
    bool Decide,
    bool Contribute,
    bool Attach,
    bool SpotCheck,
    bool Return)
{
    public static ReportActions None { get; } = new(false, false, false, false, false, false, false, false, false, false);

    public bool Any => Draft || Send || ApproveAsSupervisor || ApproveAsPrincipal || RejectInUnit || Decide || Contribute || Attach || SpotCheck || Return;
}

/// <summary>Everything the report page shows for one task and period; <see cref="ReportId"/> is null before the first draft.</summary>
public sealed record ReportView(
    int? ReportId,
    long Version,
    ReportTaskHeader Task,
    ReportPeriod Period,
    ReportTimeliness Timeliness,
    DateTime? FirstSubmittedAt,
    DateTime? FoundFalseAt,
    IReadOnlyList<ReportRevisionView> Revisions,
    IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<ContributionView> Contributions,
    IReadOnlyList<SpotCheckView> SpotChecks,
    ReportActions Can)
{
    public ReportRevisionView? Current => Revisions.Count == 0 ? null : Revisions[^1];

    /// <summary>
    /// The closed reporting period (关账) that covers this report's period end, if any: deciding it then needs a
    /// correction reason.
    /// </summary>
    public string? ClosedPeriod { get; init; }
}

/// <summary>One row of the 反馈 list.</summary>
public sealed record ReportListItem(
    int ReportId,
    int TaskId,
    string TaskNumber,
    string TaskTitle,
    string PeriodKey,
    string PeriodLabel,
    string Unit,
    DateOnly DueDate,
    int Revision,
    RevisionState State,
    DateTime? FirstSubmittedAt,
    ReportTimeliness Timeliness,
    bool FoundFalse,
    bool AwaitsMe);
