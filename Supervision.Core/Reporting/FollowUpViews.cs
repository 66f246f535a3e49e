using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

public sealed record ChaseView(int Id, ChaseLevel Level, string Content, string? Number, DateOnly? Deadline, string ByName, DateTime At);

public sealed record CoordinationView(int Id, long Version, string Unit, string Problem, string HelpNeeded, string FromWhom, CoordinationState State, string RaisedByName, DateTime RaisedAt, string? RoutedToName, string? RouteNote, string? Answer, string? AnsweredByName, DateTime? AnsweredAt);

public sealed record ExtensionView(int Id, long Version, string Unit, DateOnly CurrentDeadline, DateOnly RequestedDeadline, string Reason, ExtensionState State, string RequestedByName, DateTime RequestedAt, string? EndorsedByName, string? EndorseComment, string? DecidedByName, string? DecisionComment);

public sealed record RemarkView(int Id, long Version, string LeaderName, string Text, bool RequiresResponse, DateTime GivenAt, string? Response, string? RespondedByName, DateTime? RespondedAt);

/// <summary>What the person may do on a task's follow-up panel (the service checks again on every action).</summary>
public sealed record FollowUpActions(
    bool Chase,
    bool RaiseCoordination,
    bool RouteCoordination,
    bool AnswerCoordination,
    bool RequestExtension,
    bool EndorseExtension,
    bool DecideExtension,
    bool RequestCompletion,
    bool DecideCompletion,
    bool Cancel,
    bool GiveRemark,
    bool RespondRemark);

/// <summary>Everything about chasing and closing one task: escalation, coordination, extension, remarks, close-out.</summary>
public sealed record FollowUpView(
    int TaskId,
    long TaskVersion,
    string Number,
    string Title,
    TaskState State,
    DateOnly Deadline,
    DateOnly OriginalDeadline,
    string? CancelReason,
    string? CompletionEvidence,
    ChaseLevel? HighestLevel,
    IReadOnlyList<ChaseView> Chases,
    IReadOnlyList<CoordinationView> Coordination,
    IReadOnlyList<ExtensionView> Extensions,
    IReadOnlyList<RemarkView> Remarks,
    IReadOnlyList<AttachmentView> Evidence,
    IReadOnlyList<(int Id, string Name)> Leaders,
    FollowUpActions Can);

/// <summary>A file handed to a service (the bytes and the name the person gave it).</summary>
public sealed record UploadedFile(Stream Content, string Name);
