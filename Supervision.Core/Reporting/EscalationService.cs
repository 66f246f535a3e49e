using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// The office's chasing ladder on one task (督查员): a numbered 督办单 with its own deadline, then 催办, 约谈, 亮红牌.
/// Automatic reminders and urges are <see cref="ChasingService"/>'s.
/// </summary>
public sealed class EscalationService(FollowUpCommands commands, IOptions<ChasingOptions> chasing)
{
    /// <summary>Issues a numbered 督办单 with its own deadline (督查员).</summary>
    /// <returns>The 督办单 number, e.g. 督办〔2026〕3号.</returns>
    public async Task<string> IssueOrderAsync(Actor actor, int taskId, string content, DateOnly deadline, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "下发督办单");
        var today = commands.Today;
        if (deadline < today)
            throw new DomainException("督办单的办理时限不能早于今天。");
        return await commands.RunAsync(async run =>
        {
            var task = await run.OpenTaskAsync(actor, taskId, ct);
            var number = $"督办〔{today.Year}〕{await FollowUpCommands.NextAsync(run.Db, $"DB-{today.Year}", ct)}号";
            run.Db.Add(ChaseRecord.Issued(task, ChaseLevel.SupervisionOrder, content, number, deadline, actor, run.Now));
            run.Notify(NotificationEvent.OrderIssued, new(task) { Number = number, Text = content.Trim(), Date = deadline });
            return number;
        }, ct, numbered: true);
    }

    /// <summary>
    /// 催办 (a numbered 催办单 with a reply date), or beyond the 督办单: 约谈 or 亮红牌 (督查员). 约谈 and 亮红牌 require a
    /// 督办单 on the task first, so the ladder is climbed in order and each rung stays on the record.
    /// </summary>
    public async Task EscalateAsync(Actor actor, int taskId, ChaseLevel level, string content, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "约谈或亮红牌");
        if (level is not (ChaseLevel.Urge or ChaseLevel.Interview or ChaseLevel.RedCard))
            throw new DomainException("这里只能催办、约谈或亮红牌；督办请下发督办单。");
        await commands.RunAsync(async run =>
        {
            var task = await run.OpenTaskAsync(actor, taskId, ct);
            if (level >= ChaseLevel.Interview && !await run.Db.Set<ChaseRecord>().AnyAsync(c => c.TaskId == taskId && c.Level == ChaseLevel.SupervisionOrder, ct))
                throw new DomainException($"该任务尚未下发督办单，应先督办，再{ReportingNames.Of(level)}。");
            string? number = null;
            DateOnly? replyBy = null;
            if (level == ChaseLevel.Urge)
            {
                // A 催办单 gets its number once, here, and states the date its reply is due.
                var today = commands.Today;
                number = ChasingService.UrgeNumber(today.Year, await FollowUpCommands.NextAsync(run.Db, ChasingService.UrgeCounter(today.Year), ct));
                replyBy = today.AddDays(chasing.Value.UrgeReplyDays);
            }

            run.Db.Add(ChaseRecord.Issued(task, level, content, number, replyBy, actor, run.Now));
            var happened = level switch
            {
                ChaseLevel.Urge => NotificationEvent.UrgeIssued,
                ChaseLevel.Interview => NotificationEvent.InterviewHeld,
                _ => NotificationEvent.RedCardShown,
            };
            run.Notify(happened, new(task) { Text = content.Trim(), Date = replyBy ?? default });
        }, ct, numbered: true);
    }
}
