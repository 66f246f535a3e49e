using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Services;

/// <summary>One report as the 反馈 list shows it.</summary>
public sealed record FeedbackItem(
    int ReportId,
    int TaskId,
    string TaskNumber,
    string TaskTitle,
    string PeriodLabel,
    string Unit,
    DateOnly DueDate,
    int Revision,
    RevisionState State,
    DateTime? FirstSubmittedAt,
    bool Late);

/// <summary>Progress reports of the tasks an actor may see, newest period first.</summary>
public sealed class FeedbackService(IDbContextFactory<SupervisionDbContext> dbFactory, IOptions<RuleThresholds> thresholds)
{
    public async Task<IReadOnlyList<FeedbackItem>> ListAsync(Actor actor, int year, int take = 500, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).Where(t => t.Year == year);
        var items = await db.Reports.AsNoTracking()
            .Join(visible, r => r.TaskId, t => t.Id, (r, t) => new { r, t })
            .OrderByDescending(x => x.r.DueDate).ThenBy(x => x.t.Number)
            .Take(take)
            .Select(x => new
            {
                x.r.Id,
                x.r.TaskId,
                x.t.Number,
                x.t.Title,
                x.r.PeriodLabel,
                x.r.UnitId,
                x.r.DueDate,
                Current = x.r.Revisions.OrderByDescending(v => v.Number).Select(v => new { v.Number, v.State }).First(),
                x.r.FirstSubmittedAt,
            })
            .ToListAsync(ct);
        var names = await Names.LoadAsync(db, ct);
        return items.Select(x => new FeedbackItem(
            x.Id, x.TaskId, x.Number, x.Title, x.PeriodLabel, names.Unit(x.UnitId), x.DueDate, x.Current.Number, x.Current.State,
            x.FirstSubmittedAt, x.FirstSubmittedAt is { } s && ChinaTime.DateOf(s) > x.DueDate.AddDays(thresholds.Value.ReportGraceDays))).ToList();
    }
}
