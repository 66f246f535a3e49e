using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Publishing;

/// <summary>The classes of one group of tasks (a category, a source, or all).</summary>
public sealed record GroupCounts(string Name, ClassCounts Counts);

/// <summary>
/// A period's classes as seed 002 writes them up — 重点工作 and indicators apart — for every source the viewer sees,
/// with the 年度重点工作 line that the period's documents count.
/// </summary>
public sealed record PeriodSummary(
    SupervisionPeriod Period,
    bool Ended,
    JudgementPoint Point,
    ClassCounts Overall,
    IReadOnlyList<GroupCounts> Categories,
    IReadOnlyList<GroupCounts> Sources);

/// <summary>Classifies the tasks a viewer sees for each period of a year, at each period's 评价时点, from the one judged model.</summary>
public sealed class PeriodSummaryService(JudgementService judgement)
{
    public async Task<IReadOnlyList<PeriodSummary>> SummarizeAsync(Actor actor, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var today = judgement.Today;
        var summaries = new List<PeriodSummary>();
        foreach (var period in SupervisionPeriod.Of(year))
        {
            var point = judgement.PointFor(period.End);
            var judged = await judgement.JudgeAsync(year, point, ct);
            var visible = judged.Tasks.Where(j => actor.SeesAllTasks || (actor.UnitId is { } unit && j.Task.Involves(unit))).ToList();
            var names = judged.Names;
            var order = judged.Data.Categories.Select(c => c.Id).ToList();
            var categories = visible
                .GroupBy(j => j.Task.CategoryId)
                .OrderBy(g => g.Key is { } id && order.IndexOf(id) is var i and >= 0 ? i : int.MaxValue)
                .Select(g => new GroupCounts(g.Key is null ? "其他来源" : names.Category(g.Key), ClassCounts.Of(g)))
                .ToList();
            var sources = visible
                .GroupBy(j => j.Task.Source)
                .OrderBy(g => g.Key)
                .Select(g => new GroupCounts(DisplayNames.Of(g.Key), ClassCounts.Of(g)))
                .ToList();
            summaries.Add(new PeriodSummary(period, period.End <= today, point, ClassCounts.Of(visible), categories, sources));
        }

        return summaries;
    }
}
