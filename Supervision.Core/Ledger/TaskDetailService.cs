using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Ledger;

/// <summary>One line of a task's timeline: what happened, who did it, when.</summary>
public sealed record TimelineEntry(DateTime At, string Action, string Summary, string ActorName);

/// <summary>Everything about one task for its detail page.</summary>
public sealed record TaskDetailData(
    int Id,
    string Number,
    int Year,
    TaskSource Source,
    string? Category,
    string Title,
    string Content,
    string? Target,
    int LeadUnitId,
    string LeadUnit,
    IReadOnlyList<(int Id, string Name)> AssistingUnits,
    string? Leader,
    DateOnly Start,
    DateOnly Deadline,
    DateOnly OriginalDeadline,
    string? DeadlineText,
    ReportCycle ReportCycle,
    TaskState State,
    string? CancelReason,
    DateTime RegisteredAt,
    DateTime? AssignedAt,
    IReadOnlyList<Milestone> Milestones,
    TaskIndicator? Indicator,
    InstructionDetails? Instruction,
    MeetingDetails? Meeting,
    AgreementDetails? Agreement,
    TrafficLight Light,
    double WorkProgress,
    double TimeProgress,
    string Reason,
    IReadOnlyList<NoticeStatus> Notices,
    IReadOnlyList<TimelineEntry> Timeline,
    long Version)
{
    /// <summary>True when the task waits for the actor's unit to acknowledge its notice.</summary>
    public bool AwaitsAcknowledgementBy(Actor actor) =>
        actor.UnitId is { } unit && Notices.Any(n => n.Receipts.Any(r => r.UnitId == unit && r.AcknowledgedAt is null));
}

/// <summary>
/// The task detail page's data, for whoever may see the task: the lead unit and every assisting unit see the
/// same whole task; other units get nothing (null), exactly as if the task did not exist.
/// </summary>
public sealed class TaskDetailService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    AssignmentService assignments,
    JudgementService judgement)
{
    public async Task<TaskDetailData?> GetAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null)
            return null;

        var names = await Names.LoadAsync(db, ct);
        // The same judgement every list and dashboard shows for the task today.
        var judged = (await judgement.JudgeAsync(task.Year, (DateOnly?)null, ct)).Find(taskId);
        var timeline = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TaskId == taskId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new TimelineEntry(e.OccurredAt, e.Action, e.Summary, e.ActorName))
            .ToListAsync(ct);
        var notices = await assignments.NoticesOfAsync(db, taskId, ct);

        return new TaskDetailData(
            task.Id, task.Number, task.Year, task.Source,
            task.CategoryId is null ? null : names.Category(task.CategoryId),
            task.Title, task.Content, task.Target,
            task.LeadUnitId, names.Unit(task.LeadUnitId),
            task.AssistingUnits.Select(a => (a.UnitId, names.Unit(a.UnitId))).ToList(),
            task.ResponsibleLeaderId is null ? null : names.Leader(task.ResponsibleLeaderId),
            task.Start, task.Deadline, task.OriginalDeadline, task.DeadlineText, task.ReportCycle, task.State, task.CancelReason,
            task.RegisteredAt, task.AssignedAt,
            task.Milestones.OrderBy(m => m.Date).ToList(), task.Indicator, task.Instruction, task.Meeting, task.Agreement,
            judged?.Light ?? TrafficLight.NotAssigned,
            judged?.Evaluation.WorkProgress ?? 0,
            judged?.Evaluation.TimeProgress ?? 0,
            judged?.Reason ?? "",
            notices, timeline, task.Version);
    }
}
