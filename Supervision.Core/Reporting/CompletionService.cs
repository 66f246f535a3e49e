using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// Ending a task well: the lead unit's 申请办结 with evidence, then the office's 销号 (sign-off) or 不予销号. 销号 is
/// never called "close" in code: closing is 关账, the period close (<c>PeriodCloseService</c>).
/// </summary>
public sealed class CompletionService(FollowUpCommands commands, ReportAttachmentService attachments)
{
    /// <summary>申请办结 with evidence (lead unit's 联络员 or 主要领导).</summary>
    public Task RequestCompletionAsync(Actor actor, int taskId, long version, string evidence, IReadOnlyList<UploadedFile>? files = null, CancellationToken ct = default) =>
        commands.RunAsync(async run =>
        {
            var task = await run.TaskAsync(actor, taskId, version, ct);
            FollowUpCommands.RequireLeadUnit(actor, task, "申请办结");
            task.RequestCompletion(evidence, actor, run.Now);
            await run.AttachAsync(attachments, actor, task.Id, null, AttachmentPurpose.Completion, files, ct);
            run.Notify(NotificationEvent.CompletionRequested, new(task) { Text = evidence.Trim() });
        }, ct);

    /// <summary>销号 after verification (督查员): the task is done (state 已销号).</summary>
    public async Task SignOffAsync(Actor actor, int taskId, long version, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "销号");
        await commands.RunAsync(async run =>
        {
            var task = await run.TaskAsync(actor, taskId, version, ct);
            if (task.State != TaskState.CompletionRequested)
                throw new DomainException($"任务当前为「{DisplayNames.Of(task.State)}」，须由单位申请办结后才能销号。");
            task.SignOff(actor, run.Now);
            run.Notify(NotificationEvent.SignedOff, new(task));
        }, ct);
    }

    /// <summary>不予销号 with a reason (督查员); the task returns to 办理中.</summary>
    public async Task RejectCompletionAsync(Actor actor, int taskId, long version, string reason, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "审核办结申请");
        await commands.RunAsync(async run =>
        {
            var task = await run.TaskAsync(actor, taskId, version, ct);
            task.RejectCompletion(reason, actor, run.Now);
            run.Notify(NotificationEvent.SignOffRefused, new(task) { Text = reason.Trim() });
        }, ct);
    }
}
