using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;

namespace Supervision.Core.Reporting;

/// <summary>
/// The follow-up panel of a task (督办情况): its chasing, coordination, extensions, remarks and completion evidence,
/// and which of the workflows' commands the actor may use now. The commands are the workflow services'
/// (<see cref="EscalationService"/>, <see cref="CoordinationService"/>, <see cref="ExtensionService"/>,
/// <see cref="CompletionService"/>, <see cref="TaskCancellationService"/>, <see cref="LeaderRemarkService"/>,
/// <see cref="SpotCheckService"/>), which run through <see cref="FollowUpCommands"/>.
/// </summary>
public sealed class FollowUpViewService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The follow-up panel of a task.</summary>
    public async Task<FollowUpView> GetAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await ReportLoading.LoadVisibleTaskAsync(db, actor, taskId, ct);
        var names = await Names.LoadAsync(db, ct);
        var chases = await db.Set<ChaseRecord>().AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);
        var coordination = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.TaskId == taskId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.TaskId == taskId).OrderByDescending(e => e.Id).ToListAsync(ct);
        var remarks = await db.Set<LeaderRemark>().AsNoTracking().Where(r => r.TaskId == taskId).OrderByDescending(r => r.Id).ToListAsync(ct);
        var evidence = await db.Set<ReportAttachment>().AsNoTracking().Where(a => a.TaskId == taskId && a.ReportId == null).OrderBy(a => a.Id).ToListAsync(ct);
        var completion = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TaskId == taskId && e.EntityType == nameof(SupervisionTask) && e.Action == "task.completion-requested")
            .OrderByDescending(e => e.Sequence).Select(e => e.Summary).FirstOrDefaultAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).Select(l => new { l.Id, l.Name, l.Title }).ToListAsync(ct);

        var lead = task.LeadUnitId;
        var leadRole = actor.UnitId == lead && (actor.IsIn(Roles.UnitOperator) || actor.IsIn(Roles.UnitPrincipal));
        var involved = actor.UnitId is { } u && task.Involves(u);
        var inspector = actor.IsIn(Roles.Inspector);
        var open = !task.IsFinished;
        var can = new FollowUpActions(
            Chase: inspector && open,
            RaiseCoordination: involved && open,
            RouteCoordination: inspector && coordination.Any(c => c.State == CoordinationState.Raised),
            AnswerCoordination: (actor.IsIn(Roles.CityLeader) || inspector) && coordination.Any(c => c.State == CoordinationState.Routed),
            RequestExtension: leadRole && open && ChinaTime.Today(clock) <= task.Deadline && !extensions.Any(e => e.IsOpen),
            EndorseExtension: ReportPermissions.IsOf(actor, Roles.UnitPrincipal, lead) && extensions.Any(e => e.State == ExtensionState.Requested),
            DecideExtension: inspector && extensions.Any(e => e.State == ExtensionState.Endorsed),
            RequestCompletion: leadRole && task.State == TaskState.InProgress,
            DecideCompletion: inspector && task.State is TaskState.CompletionRequested,
            Cancel: inspector && open,
            GiveRemark: actor.IsIn(Roles.CityLeader) && open,
            RespondRemark: actor.UnitId == lead && Roles.UnitRoles.Any(actor.IsIn) && remarks.Any(r => r.RequiresResponse && r.RespondedAt is null));
        return new FollowUpView(
            task.Id, task.Version, task.Number, task.Title, task.State, task.Deadline, task.OriginalDeadline, task.CancelReason,
            completion,
            chases.Count == 0 ? null : chases.Max(c => c.Level),
            chases.Select(c => new ChaseView(c.Id, c.Level, c.Content, c.Number, c.Deadline, c.ByName, c.At)).ToList(),
            coordination.Select(c => new CoordinationView(c.Id, c.Version, names.Unit(c.UnitId), c.Problem, c.HelpNeeded, c.FromWhom, c.State, c.RaisedByName, c.RaisedAt, c.RoutedToName, c.RouteNote, c.Answer, c.AnsweredByName, c.AnsweredAt)).ToList(),
            extensions.Select(e => new ExtensionView(e.Id, e.Version, names.Unit(e.UnitId), e.CurrentDeadline, e.RequestedDeadline, e.Reason, e.State, e.RequestedByName, e.RequestedAt, e.EndorsedByName, e.EndorseComment, e.DecidedByName, e.DecisionComment)).ToList(),
            remarks.Select(r => new RemarkView(r.Id, r.Version, r.LeaderName, r.Text, r.RequiresResponse, r.GivenAt, r.Response, r.RespondedByName, r.RespondedAt)).ToList(),
            evidence.Select(a => new AttachmentView(a.Id, null, a.Purpose, a.OriginalName, a.Kind, a.Size, a.UnitId is { } x ? names.Unit(x) : "督查室", a.UploadedByName, a.UploadedAt)).ToList(),
            leaders.Select(l => (l.Id, $"{l.Name}（{l.Title}）")).ToList(),
            can);
    }
}
