using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Services;

/// <summary>Light totals for a group of tasks.</summary>
public sealed record LightCounts(int Total, int Done, int Green, int Yellow, int Red, int Cancelled)
{
    public static LightCounts Of(IEnumerable<TrafficLight> lights)
    {
        int total = 0, done = 0, green = 0, yellow = 0, red = 0, cancelled = 0;
        foreach (var light in lights)
        {
            total++;
            switch (light)
            {
                case TrafficLight.Done: done++; break;
                case TrafficLight.Green: green++; break;
                case TrafficLight.Yellow: yellow++; break;
                case TrafficLight.Red: red++; break;
                case TrafficLight.Cancelled: cancelled++; break;
            }
        }

        return new LightCounts(total, done, green, yellow, red, cancelled);
    }
}

/// <summary>One category's line on the home page.</summary>
public sealed record CategoryOverview(int? CategoryId, string Name, LightCounts Lights);

/// <summary>What the home page shows: counts by light for the year, as of a date, for what the actor may see.</summary>
public sealed record Overview(int Year, DateOnly AsOf, LightCounts Lights, int DoubleHalfMet, int DoubleHalfNotMet, int ReportsAwaitingReview, IReadOnlyList<CategoryOverview> Categories);

/// <summary>Computes the home page overview from the database with the rules.</summary>
public sealed class OverviewService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds)
{
    /// <summary>The overview of <paramref name="year"/> as of <paramref name="asOf"/> (today when null).</summary>
    public async Task<Overview> GetAsync(Actor actor, int year, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var date = asOf ?? ChinaTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await TaskFactsQuery.LoadAsync(db, actor, year, ct);
        var categories = await db.Categories.AsNoTracking()
            .Where(c => c.Year == year)
            .OrderBy(c => c.SortOrder)
            .Select(c => new { c.Id, c.Name })
            .ToListAsync(ct);

        var evaluated = rows.Select(r => (Row: r, Eval: TaskRules.Evaluate(r.Facts, date, thresholds.Value))).ToList();
        var byCategory = categories
            .Select(c => new CategoryOverview(c.Id, c.Name, LightCounts.Of(evaluated.Where(e => e.Row.CategoryId == c.Id).Select(e => e.Eval.Light))))
            .Where(c => c.Lights.Total > 0)
            .ToList();
        var uncategorised = evaluated.Where(e => e.Row.CategoryId is null).ToList();
        if (uncategorised.Count > 0)
            byCategory.Add(new CategoryOverview(null, "其他来源", LightCounts.Of(uncategorised.Select(e => e.Eval.Light))));

        var ids = rows.Select(r => r.Id).ToHashSet();
        var awaiting = await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.TaskId))
            .CountAsync(r => r.Revisions.OrderByDescending(v => v.Number).First().State == RevisionState.Submitted, ct);

        return new Overview(
            year,
            date,
            LightCounts.Of(evaluated.Select(e => e.Eval.Light)),
            evaluated.Count(e => e.Eval.DoubleHalf == DoubleHalfStatus.Met),
            evaluated.Count(e => e.Eval.DoubleHalf == DoubleHalfStatus.NotMet),
            awaiting,
            byCategory);
    }
}
