using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Services;

/// <summary>A reporting period of the office: 2026-Q1, 2026-H1, 2026-Q3, 2026-Y.</summary>
public sealed record SupervisionPeriod(string Key, string Label, DateOnly End)
{
    /// <summary>The four periods of a year, in order.</summary>
    public static IReadOnlyList<SupervisionPeriod> Of(int year) =>
    [
        new($"{year}-Q1", $"{year}年一季度", new DateOnly(year, 3, 31)),
        new($"{year}-H1", $"{year}年上半年", new DateOnly(year, 6, 30)),
        new($"{year}-Q3", $"{year}年前三季度", new DateOnly(year, 9, 30)),
        new($"{year}-Y", $"{year}年全年", new DateOnly(year, 12, 31)),
    ];

    /// <summary>
    /// The period running on <paramref name="today"/> within <paramref name="year"/>: the first one not yet ended (in
    /// November that is 全年, not the 前三季度 just closed); the year's first period for a year to come and 全年 for a
    /// year gone by.
    /// </summary>
    public static SupervisionPeriod Current(int year, DateOnly today)
    {
        var periods = Of(year);
        return periods.FirstOrDefault(p => p.End >= today) ?? periods[^1];
    }
}

/// <summary>完成 / 部分完成 / 未完成 / 取消 counts for one group of tasks.</summary>
public sealed record OutcomeCounts(string Name, int Completed, int Partial, int NotCompleted, int Cancelled)
{
    public int Total => Completed + Partial + NotCompleted + Cancelled;
}

/// <summary>A period's classification as seed 002 writes it up, with indicators counted separately.</summary>
public sealed record PeriodSummary(SupervisionPeriod Period, bool Ended, OutcomeCounts Overall, IReadOnlyList<OutcomeCounts> Categories, int IndicatorsOnSchedule, int IndicatorsBehind);

/// <summary>Classifies every task of a year for each of its periods, as of each period's end.</summary>
public sealed class PeriodSummaryService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds)
{
    public async Task<IReadOnlyList<PeriodSummary>> SummarizeAsync(Actor actor, int year, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await TaskFactsQuery.LoadAsync(db, actor, year, ct);
        var names = await Names.LoadAsync(db, ct);
        var order = await db.Categories.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.SortOrder).Select(c => c.Id).ToListAsync(ct);
        var registered = await db.Tasks.AsNoTracking().Where(t => t.Year == year).Select(t => new { t.Id, t.RegisteredAt }).ToDictionaryAsync(t => t.Id, t => t.RegisteredAt, ct);

        var summaries = new List<PeriodSummary>();
        foreach (var period in SupervisionPeriod.Of(year))
        {
            // A period still running is judged as of today, and says so.
            var asOf = period.End <= today ? period.End : today;
            // A task registered after the as-of day did not exist then, as in the period's table and bulletin.
            var cutoff = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
            var judged = rows.Where(r => registered.GetValueOrDefault(r.Id) < cutoff).Select(r => (Row: r, Outcome: TaskRules.ClassifyPeriod(r.Facts, asOf, thresholds.Value), OnSchedule: TaskRules.IndicatorOnSchedule(r.Facts, asOf, thresholds.Value))).ToList();
            var categories = judged
                .GroupBy(j => j.Row.CategoryId)
                .OrderBy(g => g.Key is { } id ? order.IndexOf(id) : int.MaxValue)
                .Select(g => Count(g.Key is null ? "其他来源" : names.Category(g.Key), g.Select(j => j.Outcome)))
                .ToList();
            summaries.Add(new PeriodSummary(
                period,
                period.End <= today,
                Count("合计", judged.Select(j => j.Outcome)),
                categories,
                judged.Count(j => j.OnSchedule == true),
                judged.Count(j => j.OnSchedule == false)));
        }

        return summaries;
    }

    private static OutcomeCounts Count(string name, IEnumerable<PeriodOutcome> outcomes)
    {
        int completed = 0, partial = 0, notCompleted = 0, cancelled = 0;
        foreach (var o in outcomes)
        {
            switch (o)
            {
                case PeriodOutcome.Completed: completed++; break;
                case PeriodOutcome.PartiallyCompleted: partial++; break;
                case PeriodOutcome.NotCompleted: notCompleted++; break;
                default: cancelled++; break;
            }
        }

        return new OutcomeCounts(name, completed, partial, notCompleted, cancelled);
    }
}
