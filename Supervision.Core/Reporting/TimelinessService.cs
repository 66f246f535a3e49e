using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Reporting;

/// <summary>A unit's report timeliness over a year as of a date (feeds the unit score).</summary>
public sealed record UnitTimeliness(int UnitId, int OnTime, int Late, int Missing, int Returned, int FoundFalse)
{
    public int Due => OnTime + Late + Missing;

    /// <summary>Share of due reports that came in on time (1 when nothing was due).</summary>
    public double OnTimeRate => Due == 0 ? 1 : (double)OnTime / Due;
}

/// <summary>Counts on-time, late and missing reports per lead unit (grace days: RuleThresholds.ReportGraceDays).</summary>
public sealed class TimelinessService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds)
{
    public async Task<IReadOnlyList<UnitTimeliness>> ForUnitsAsync(int year, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var today = asOf ?? ChinaTime.Today(clock);
        var grace = thresholds.Value.ReportGraceDays;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Year == year && t.State != TaskState.Registered)
            .Select(t => new { t.Id, t.LeadUnitId, t.Start, t.Deadline, t.ReportCycle, t.CancelledAt }).ToListAsync(ct);
        var ids = tasks.Select(t => t.Id).ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.TaskId))
            .Select(r => new { r.TaskId, r.PeriodKey, r.FirstSubmittedAt, r.FoundFalseAt, Returns = r.Revisions.Count(v => v.State == RevisionState.Returned) })
            .ToListAsync(ct);
        var byPeriod = reports.ToDictionary(r => (r.TaskId, r.PeriodKey));
        var result = new Dictionary<int, (int OnTime, int Late, int Missing, int Returned, int False)>();
        foreach (var t in tasks)
        {
            var acc = result.GetValueOrDefault(t.LeadUnitId);
            foreach (var p in ReportSchedule.PeriodsFor(t.Start, t.Deadline, t.ReportCycle))
            {
                // A cancelled task owes nothing after its cancellation.
                if (t.CancelledAt is { } c && p.DueDate > ChinaTime.DateOf(c))
                    continue;
                byPeriod.TryGetValue((t.Id, p.Key), out var r);
                var submitted = r?.FirstSubmittedAt is { } s && ChinaTime.DateOf(s) <= today ? ChinaTime.DateOf(s) : (DateOnly?)null;
                switch (ReportTimelinessRules.Of(p.DueDate, submitted, today, grace))
                {
                    case ReportTimeliness.OnTime: acc.OnTime++; break;
                    case ReportTimeliness.Late: acc.Late++; break;
                    case ReportTimeliness.Missing: acc.Missing++; break;
                }

                if (r is not null)
                {
                    acc.Returned += r.Returns;
                    acc.False += r.FoundFalseAt is not null ? 1 : 0;
                }
            }

            result[t.LeadUnitId] = acc;
        }

        return result.Select(kv => new UnitTimeliness(kv.Key, kv.Value.OnTime, kv.Value.Late, kv.Value.Missing, kv.Value.Returned, kv.Value.False))
            .OrderBy(u => u.UnitId).ToList();
    }
}
