using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Dashboard;

/// <summary>One line of the activity feed.</summary>
public sealed record ActivityItem(long Id, DateTime OccurredAt, string Action, string Summary, string ActorName, int? TaskId)
{
    /// <summary>The task it concerns (ZD-017 城区污水管网改造), set by the dashboard when the summary does not name it already.</summary>
    public string? TaskLabel { get; init; }

    /// <summary>When, in China time as the feed prints it (7月10日 09:30); worked out once, as every open dashboard shows the same item.</summary>
    public string Time { get; } = ChinaTime.LocalOf(OccurredAt).ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The 最新动态 feed: what people did, read from the audit record (the judged tasks come from <c>JudgementService</c>).</summary>
public static class DashboardActivity
{
    /// <summary>
    /// The latest <paramref name="take"/> audit events that happened on or before <paramref name="asOf"/> (China date),
    /// leaving out the automatic 时限提醒 and 催办 the chasing job sends as 系统: they are many at once (every task due
    /// soon, at every start), are already in each unit's 消息 and in the 逾期未报 list, and would push what people did
    /// — reports, reviews, a 督查员's own 催办 or 督办 — off the panel.
    /// </summary>
    public static async Task<IReadOnlyList<ActivityItem>> LoadAsync(SupervisionDbContext db, DateOnly asOf, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var end = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
        var system = Actor.System.UserId;
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt < end)
            .Where(e => !(e.ActorId == system && e.Action.StartsWith("chase.")))
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(take)
            .Select(e => new ActivityItem(e.Id, e.OccurredAt, e.Action, e.Summary, e.ActorName, e.TaskId))
            .ToListAsync(ct);
    }
}
