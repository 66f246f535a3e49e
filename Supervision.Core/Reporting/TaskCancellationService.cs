using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>取消: the office withdraws a task with a reason (e.g. 因政策调整原因取消); its units are told.</summary>
public sealed class TaskCancellationService(FollowUpCommands commands)
{
    /// <summary>取消 with a reason (督查员).</summary>
    public async Task CancelAsync(Actor actor, int taskId, long version, string reason, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "取消任务");
        await commands.RunAsync(async run =>
        {
            var task = await run.TaskAsync(actor, taskId, version, ct);
            task.Cancel(reason, actor, run.Now);
            run.Notify(NotificationEvent.TaskCancelled, new(task) { Text = task.CancelReason ?? "" });
        }, ct);
    }
}
