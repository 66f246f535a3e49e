using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>延期申请: the lead unit asks before the deadline, its 主要领导 endorses, the office decides.</summary>
public sealed class ExtensionService(FollowUpCommands commands)
{
    private const string What = "该延期申请";

    /// <summary>延期申请 by the lead unit (联络员 or 主要领导), before the deadline.</summary>
    /// <returns>The request's id.</returns>
    public async Task<int> RequestExtensionAsync(Actor actor, int taskId, DateOnly requestedDeadline, string reason, CancellationToken ct = default)
    {
        var request = await commands.RunAsync(async run =>
        {
            var task = await run.OpenTaskAsync(actor, taskId, ct);
            FollowUpCommands.RequireLeadUnit(actor, task, "申请延期");
            if (await run.Db.Set<ExtensionRequest>().AnyAsync(e => e.TaskId == taskId && (e.State == ExtensionState.Requested || e.State == ExtensionState.Endorsed), ct))
                throw new DomainException("该任务已有一份延期申请正在办理，请等待处理结果。");
            var requested = new ExtensionRequest(task, task.LeadUnitId, requestedDeadline, reason, commands.Today, actor, run.Now);
            run.Db.Add(requested);
            run.Notify(NotificationEvent.ExtensionRequested, new(task) { Date = requestedDeadline, Text = requested.Reason });
            return requested;
        }, ct);
        return request.Id;
    }

    /// <summary>The lead unit's 主要领导 endorses the extension request.</summary>
    public Task EndorseExtensionAsync(Actor actor, int requestId, long version, string? comment, CancellationToken ct = default) =>
        commands.RunAsync(async run =>
        {
            var (request, task) = await run.RecordAsync<ExtensionRequest>(actor, requestId, version, What, ct);
            if (!ReportPermissions.IsOf(actor, Roles.UnitPrincipal, task.LeadUnitId))
                throw new DomainException("延期申请须由牵头单位主要领导签署。");
            request.Endorse(comment, actor, run.Now);
            run.Notify(NotificationEvent.ExtensionEndorsed, new(task) { Date = request.RequestedDeadline, By = actor.Name });
        }, ct);

    /// <summary>The office approves: the deadline moves, the original deadline stays for scoring (督查员).</summary>
    public async Task ApproveExtensionAsync(Actor actor, int requestId, long version, string? comment, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "审定延期申请");
        await commands.RunAsync(async run =>
        {
            var (request, task) = await run.RecordAsync<ExtensionRequest>(actor, requestId, version, What, ct);
            request.Approve(comment, actor, run.Now);
            task.ExtendDeadline(request.RequestedDeadline, request.Reason, actor, run.Now);
            run.Notify(NotificationEvent.ExtensionApproved, new(task) { Date = request.RequestedDeadline });
        }, ct);
    }

    /// <summary>Refuses an extension: the 主要领导 before endorsing, or the office after; a reason is required.</summary>
    public Task RejectExtensionAsync(Actor actor, int requestId, long version, string reason, CancellationToken ct = default) =>
        commands.RunAsync(async run =>
        {
            var (request, task) = await run.RecordAsync<ExtensionRequest>(actor, requestId, version, What, ct);
            var allowed = request.State == ExtensionState.Requested
                ? ReportPermissions.IsOf(actor, Roles.UnitPrincipal, task.LeadUnitId)
                : actor.IsIn(Roles.Inspector);
            if (!allowed && request.IsOpen)
                throw new DomainException(request.State == ExtensionState.Requested ? "该延期申请正等待牵头单位主要领导签署。" : "该延期申请正等待督查室审定，只有督查员可以处理。");
            request.Reject(reason, actor, run.Now);
            run.Notify(NotificationEvent.ExtensionRejected, new(task) { Text = reason.Trim() });
        }, ct);
}
