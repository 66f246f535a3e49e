using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// Who may read a task (seed 001): office staff and city leaders see all; a unit account sees a task only if
/// its unit leads it or assists on it. Every query that returns tasks goes through here.
/// </summary>
public static class TaskVisibility
{
    public static IQueryable<SupervisionTask> VisibleTo(IQueryable<SupervisionTask> tasks, Actor actor)
    {
        if (actor.SeesAllTasks)
            return tasks;
        if (actor.UnitId is not { } unitId)
            return tasks.Where(_ => false);
        return tasks.Where(t => t.LeadUnitId == unitId || t.AssistingUnits.Any(a => a.UnitId == unitId));
    }

    /// <summary>True when <paramref name="actor"/> may read <paramref name="task"/>.</summary>
    public static bool CanSee(Actor actor, SupervisionTask task) =>
        actor.SeesAllTasks || (actor.UnitId is { } unitId && task.Involves(unitId));
}
