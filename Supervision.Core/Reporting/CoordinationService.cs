using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>双向催办 (申请协调): a unit of the task asks for help, the office routes it to a city leader, the leader answers.</summary>
public sealed class CoordinationService(FollowUpCommands commands)
{
    private const string What = "该协调申请";

    /// <summary>A unit of the task (牵头 or 配合) asks for coordination on a blocked task.</summary>
    /// <returns>The request's id.</returns>
    public async Task<int> RaiseCoordinationAsync(Actor actor, int taskId, string problem, string helpNeeded, string fromWhom, CancellationToken ct = default)
    {
        // The id is the database's, known once the command has saved.
        var request = await commands.RunAsync(async run =>
        {
            var task = await run.OpenTaskAsync(actor, taskId, ct);
            if (actor.UnitId is not { } unitId || !task.Involves(unitId) || !Roles.UnitRoles.Any(actor.IsIn))
                throw new DomainException("只有该任务的牵头或配合单位可以申请协调。");
            var raised = new CoordinationRequest(task, unitId, problem, helpNeeded, fromWhom, actor, run.Now);
            run.Db.Add(raised);
            run.Notify(NotificationEvent.CoordinationRaised, new(task) { Text = raised.Problem, Detail = raised.FromWhom });
            return raised;
        }, ct);
        return request.Id;
    }

    /// <summary>The office routes a coordination request to the responsible city leader (督查员).</summary>
    public async Task RouteCoordinationAsync(Actor actor, int requestId, long version, int leaderId, string? note, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "转办协调申请");
        await commands.RunAsync(async run =>
        {
            var (request, task) = await run.RecordAsync<CoordinationRequest>(actor, requestId, version, What, ct);
            var leader = await run.Db.Leaders.SingleOrDefaultAsync(l => l.Id == leaderId, ct) ?? throw new DomainException("请选择责任领导。");
            request.Route(leader.Id, leader.Name, note, actor, run.Now);
            run.Notify(NotificationEvent.CoordinationRouted, new(task) { By = leader.Name, Text = request.Problem, Detail = request.HelpNeeded });
            run.Notify(NotificationEvent.CoordinationRoutedToUnit, new(task) { By = leader.Name, UnitId = request.UnitId });
        }, ct);
    }

    /// <summary>The leader's answer (by the 市领导, or recorded by the 督查员 on the leader's behalf).</summary>
    public async Task AnswerCoordinationAsync(Actor actor, int requestId, long version, string answer, CancellationToken ct = default)
    {
        if (!actor.IsIn(Roles.CityLeader) && !actor.IsIn(Roles.Inspector))
            throw new DomainException("只有市领导或督查员（代为记录）可以答复协调申请。");
        await commands.RunAsync(async run =>
        {
            var (request, task) = await run.RecordAsync<CoordinationRequest>(actor, requestId, version, What, ct);
            request.Respond(answer, actor, run.Now);
            run.Notify(NotificationEvent.CoordinationAnswered, new(task) { Text = request.Answer ?? "", UnitId = request.UnitId });
        }, ct);
    }
}
