using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>市领导批示 on a task, visible to its units and the office; the lead unit reports how it was carried out.</summary>
public sealed class LeaderRemarkService(FollowUpCommands commands)
{
    /// <summary>A city leader's 批示; <paramref name="requiresResponse"/> asks the lead unit to report on it.</summary>
    /// <returns>The remark's id.</returns>
    public async Task<int> GiveRemarkAsync(Actor actor, int taskId, string text, bool requiresResponse, CancellationToken ct = default)
    {
        if (!actor.IsIn(Roles.CityLeader))
            throw new DomainException("只有市领导可以批示。");
        var remark = await commands.RunAsync(async run =>
        {
            var task = await run.OpenTaskAsync(actor, taskId, ct);
            var given = new LeaderRemark(task, text, requiresResponse, actor, run.Now);
            run.Db.Add(given);
            run.Notify(NotificationEvent.InstructionGiven, new(task) { By = actor.Name, Text = given.Text, AsksForAnswer = requiresResponse });
            return given;
        }, ct);
        return remark.Id;
    }

    /// <summary>The lead unit reports how a 批示 was carried out.</summary>
    public Task RespondRemarkAsync(Actor actor, int remarkId, long version, string response, CancellationToken ct = default) =>
        commands.RunAsync(async run =>
        {
            var (remark, task) = await run.RecordAsync<LeaderRemark>(actor, remarkId, version, "该批示", ct);
            if (actor.UnitId != task.LeadUnitId || !Roles.UnitRoles.Any(actor.IsIn))
                throw new DomainException("批示落实情况由牵头单位报告。");
            remark.Respond(response, actor, run.Now);
            run.Notify(NotificationEvent.InstructionAnswered, new(task) { Text = remark.Response! });
        }, ct);
}
