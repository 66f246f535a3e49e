using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// Who may take which step of the chain (seed 001): the lead unit's 联络员 drafts, edits and sends; its 主管领导
/// and then its 主要领导 approve or send back; the 督查员 accepts or returns. Assisting units add their part while
/// the report is still inside the lead unit.
/// </summary>
public static class ReportPermissions
{
    public static bool IsOf(Actor actor, string role, int unitId) => actor.IsIn(role) && actor.UnitId == unitId;

    /// <summary>What <paramref name="actor"/> may do with a report in <paramref name="state"/> (null: not yet drafted).</summary>
    public static ReportActions For(Actor actor, SupervisionTask task, RevisionState? state, bool everSubmitted = false)
    {
        var lead = task.LeadUnitId;
        var open = !task.IsFinished && task.State != TaskState.Registered;
        var operatorOfLead = IsOf(actor, Roles.UnitOperator, lead);
        var inUnit = state is null or RevisionState.Draft or RevisionState.AwaitingSupervisor or RevisionState.AwaitingPrincipal;
        var assisting = actor.UnitId is { } unit && unit != lead && task.Involves(unit) && Roles.UnitRoles.Any(actor.IsIn);
        return new ReportActions(
            Draft: open && operatorOfLead && (state is null || state == RevisionState.Draft),
            Send: open && operatorOfLead && state == RevisionState.Draft,
            ApproveAsSupervisor: open && IsOf(actor, Roles.UnitSupervisor, lead) && state == RevisionState.AwaitingSupervisor,
            ApproveAsPrincipal: open && IsOf(actor, Roles.UnitPrincipal, lead) && state == RevisionState.AwaitingPrincipal,
            RejectInUnit: open && ((IsOf(actor, Roles.UnitSupervisor, lead) && state == RevisionState.AwaitingSupervisor)
                || (IsOf(actor, Roles.UnitPrincipal, lead) && state == RevisionState.AwaitingPrincipal)),
            Decide: actor.IsIn(Roles.Inspector) && state == RevisionState.Submitted,
            Contribute: open && assisting && state is not null && inUnit,
            Attach: open && state is not null && ((operatorOfLead && state == RevisionState.Draft) || (assisting && inUnit)),
            SpotCheck: actor.IsIn(Roles.Inspector) && everSubmitted,
            Return: open && actor.IsIn(Roles.Inspector) && state == RevisionState.Submitted);
    }

    /// <summary>
    /// Once a task is closed or cancelled its reports stop moving inside the unit, and a submitted one can no longer be
    /// returned (nobody could rework it); the inspector may still accept what was sent before the task finished.
    /// </summary>
    internal static void RequireOpen(SupervisionTask task, string what)
    {
        if (task.IsFinished)
            throw new DomainException($"任务{DisplayNames.Of(task.State)}，{what}。");
    }

    internal static void RequireOperator(Actor actor, SupervisionTask task)
    {
        if (!IsOf(actor, Roles.UnitOperator, task.LeadUnitId))
            throw new DomainException("只有牵头单位的联络员可以起草、修改和提交进展报告。");
    }

    internal static void RequireInspector(Actor actor, string what)
    {
        if (!actor.IsIn(Roles.Inspector))
            throw new DomainException($"只有督查员可以{what}。");
    }
}
