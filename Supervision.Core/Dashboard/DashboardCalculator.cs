using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Dashboard;

/// <summary>
/// Computes dashboards from a <see cref="JudgedYear"/>: pure, no clock, no database — the same judged year always gives
/// the same dashboard, for today or any past date. Every figure is a count or average of the judged tasks' states, so
/// the 看板 agrees with the 台账, the 完成情况表 and the 通报 (docs/glossary.md).
/// </summary>
public static class DashboardCalculator
{
    /// <summary>How many days ahead "upcoming deadlines" looks.</summary>
    public const int UpcomingDays = 30;

    /// <summary>
    /// The dashboard for a viewer <paramref name="scope"/> and <paramref name="filter"/>. The filter must already be
    /// validated; <paramref name="activity"/> is the latest audit events up to the date (newest first).
    /// </summary>
    /// <param name="todo">For a unit's dashboard: its <see cref="ReportWork"/> list counted; null for the office's.</param>
    public static DashboardModel Compute(JudgedYear judged, DashboardScope scope, DashboardFilter filter, IReadOnlyList<ActivityItem> activity, ScoringWeights weights, UnitTodo? todo = null)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(weights);
        var data = judged.Data;
        var asOf = judged.AsOf;
        var names = judged.Names;

        var visible = judged.Tasks.Where(j => scope.Sees(j.Task)).ToList();
        var shown = visible.Where(j => Matches(j.Task, filter)).ToList();
        var shownIds = shown.Select(j => j.Task.Id).ToHashSet();

        var overdue = OverdueReports(shown, judged.Point, judged.Thresholds, names);
        var counts = new DashboardCounts(
            LightCounts.Of(shown.Select(j => j.Light)),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.Met),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.NotMet),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.NotYetHalfTime),
            shown.Sum(j => j.AwaitingReview),
            overdue.Count,
            ClassCounts.Of(shown));

        // Scores rank units against each other, so they are computed over every task the filter keeps, not only
        // the viewer's; a unit viewer is shown just its own card and rank. Only counted tasks are scored.
        var unitScores = Scoring.Units(judged, j => Matches(j.Task, filter), weights);
        IReadOnlyList<ScoreCard> leaderScores = [];

        UnitView? unitView = null;
        if (!scope.All && scope.UnitId is { } unitId)
        {
            var own = unitScores.FirstOrDefault(s => s.Id == unitId && s.Score is not null);
            unitView = new UnitView(unitId, names.Unit(unitId), own, unitScores.Count(s => s.Score is not null), todo ?? UnitTodo.None);
            unitScores = own is null ? [] : [own];
        }
        else if (scope.All)
        {
            leaderScores = Scoring.Leaders(judged, j => Matches(j.Task, filter), weights);
        }

        return new DashboardModel(
            data.Year,
            asOf,
            scope,
            filter,
            counts,
            Board(shown, data, names, asOf),
            Chart(ChartGrouping.Category, shown, CategoryGroups(data), j => CategoryKey(j.Task)),
            Chart(ChartGrouping.Unit, shown, data.Units.Select(u => ((int?)u.Id, (TaskSource?)null, u.Name)), j => (j.Task.LeadUnitId, null)),
            Chart(ChartGrouping.Leader, shown, data.Leaders.Select(l => ((int?)l.Id, (TaskSource?)null, l.Name)).Append((null, null, "未定责任领导")), j => (j.Task.ResponsibleLeaderId, null)),
            Indicators(shown, names),
            unitScores,
            leaderScores,
            Activity(activity, scope, filter, visible, shownIds, judged),
            Upcoming(shown, asOf, names),
            overdue,
            unitView,
            data.Leaders.Where(l => visible.Any(j => j.Task.ResponsibleLeaderId == l.Id)).Select(l => new FilterOption(l.Id, l.Name)).ToList(),
            data.Categories.Select(c => new FilterOption(c.Id, c.Name)).ToList())
        {
            MainIndicatorsOnly = data.Categories.Any(c => c.IsMainIndicators),
            Cutoff = judged.Point.Cutoff,
        };
    }

    private static bool Matches(TaskRecord row, DashboardFilter filter) =>
        (filter.Source is null || row.Source == filter.Source)
        && (filter.LeaderId is null || row.ResponsibleLeaderId == filter.LeaderId)
        && (filter.CategoryId is null || row.CategoryId == filter.CategoryId);

    // The year's categories in order, then the tasks without one by source: 领导批示件, 会议决策部署 and 专项重点工作
    // usually have no category, and the ledger lists such a task under its source too.
    private static IEnumerable<(int? Id, TaskSource? Source, string Name)> CategoryGroups(YearFacts data) =>
        data.Categories.Select(c => ((int?)c.Id, (TaskSource?)null, c.Name))
            .Concat(Enum.GetValues<TaskSource>().Select(s => ((int?)null, (TaskSource?)s, s == TaskSource.AnnualKeyWork ? "年度重点工作（未分类）" : DisplayNames.Of(s))));

    private static (int?, TaskSource?) CategoryKey(TaskRecord row) => row.CategoryId is { } id ? (id, null) : (null, row.Source);

    private static List<BoardGroup> Board(List<JudgedTask> shown, YearFacts data, Names names, DateOnly asOf)
    {
        var groups = new List<BoardGroup>();
        var byCategory = shown.ToLookup(j => CategoryKey(j.Task));
        foreach (var (id, source, name) in CategoryGroups(data))
        {
            var tasks = byCategory[(id, source)].ToList();
            if (tasks.Count == 0)
                continue;
            var tiles = tasks.Select(j => new BoardTile(
                j.Task.Id,
                j.Task.Number,
                j.Task.Title,
                j.Light,
                names.Unit(j.Task.LeadUnitId),
                names.Leader(j.Task.ResponsibleLeaderId),
                j.Task.Facts.DeadlineOn(asOf),
                j.Evaluation.WorkProgress,
                j.Reason,
                j.Task.LeadUnitId,
                j.Task.ResponsibleLeaderId)).ToList();
            groups.Add(new BoardGroup(id, name, LightCounts.Of(tiles.Select(t => t.Light)), tiles, source));
        }

        return groups;
    }

    private static ProgressChart Chart(ChartGrouping grouping, List<JudgedTask> shown, IEnumerable<(int? Id, TaskSource? Source, string Name)> order, Func<JudgedTask, (int?, TaskSource?)> key)
    {
        var lookup = shown.ToLookup(key);
        var bars = new List<ProgressBar>();
        foreach (var (id, source, name) in order)
        {
            var all = lookup[(id, source)].ToList();
            // Averaged: the counted tasks that are not cancelled; the drill-down lists every task of the group.
            var judged = all.Where(j => j.IsCounted && j.Light != TrafficLight.Cancelled).ToList();
            if (judged.Count == 0)
                continue;
            bars.Add(new ProgressBar(
                id,
                name,
                judged.Count,
                judged.Average(j => j.Evaluation.TimeProgress),
                judged.Average(j => ChartWork(j.Evaluation)),
                judged.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.Met),
                judged.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.NotMet),
                all.Select(j => j.Task.Id).ToList(),
                source));
        }

        return new ProgressChart(grouping, bars);
    }

    // A closed task counts as fully done even when its last report said less (销号 is the final word).
    private static double ChartWork(in TaskEvaluation evaluation) =>
        evaluation.Light == TrafficLight.Done ? 1.0 : Math.Min(1.0, evaluation.WorkProgress);

    // The indicators counted apart from 重点工作 (docs/glossary.md §4), worded by the one function.
    private static List<IndicatorLine> Indicators(List<JudgedTask> shown, Names names)
    {
        var lines = new List<IndicatorLine>();
        foreach (var j in shown)
        {
            if (!j.IsIndicator || !j.IsCounted || j.Light == TrafficLight.Cancelled)
                continue;
            var indicator = j.Task.Facts.Indicator!;
            var e = j.Evaluation;
            decimal? actual = e.HasReport ? j.Task.Facts.Progress[e.LatestProgressIndex].IndicatorActual : null;
            var higher = indicator.Direction == IndicatorDirection.HigherIsBetter;
            double? percent = actual is not null && higher && indicator.Measure == IndicatorMeasure.Cumulative && indicator.Target > 0 ? e.WorkProgress : null;
            lines.Add(new IndicatorLine(
                j.Task.Id, j.Task.IndicatorName ?? j.Task.Title, indicator.UnitOfMeasure, indicator.Target, indicator.Direction, indicator.Measure,
                actual, percent, TaskRules.IndicatorOnSchedule(e), j.IndicatorWords!, names.Unit(j.Task.LeadUnitId)));
        }

        return lines;
    }

    private static List<ActivityItem> Activity(IReadOnlyList<ActivityItem> activity, DashboardScope scope, DashboardFilter filter, List<JudgedTask> visible, HashSet<int> shownIds, JudgedYear all)
    {
        const int take = 12;
        // Only work on tasks is news here (sign-ins and directory edits are not); a unit sees only events of
        // its own tasks, and a filter keeps only events of the tasks it shows.
        List<ActivityItem> items;
        if (scope.All && filter.IsEmpty)
        {
            items = activity.Where(a => a.TaskId is not null).Take(take).ToList();
        }
        else
        {
            var allowed = filter.IsEmpty ? visible.Select(j => j.Task.Id).ToHashSet() : shownIds;
            items = activity.Where(a => a.TaskId is { } id && allowed.Contains(id)).Take(take).ToList();
        }

        // "2026年11月进展经主管领导审核" alone does not say which task: name it, unless the summary already does.
        for (var i = 0; i < items.Count; i++)
        {
            var row = all.Find(items[i].TaskId!.Value)?.Task;
            if (row is not null && !items[i].Summary.Contains(row.Number, StringComparison.Ordinal))
                items[i] = items[i] with { TaskLabel = $"{row.ShortNumber} {row.Title}" };
        }

        return items;
    }

    // The deadline in force on the date: a later extension does not move what was due then.
    private static List<DeadlineItem> Upcoming(List<JudgedTask> shown, DateOnly asOf, Names names) =>
        shown
            .Where(j => j.IsCounted && j.Light is not (TrafficLight.Done or TrafficLight.Cancelled))
            .Select(j => (Judged: j, Deadline: j.Task.Facts.DeadlineOn(asOf)))
            .Where(x => x.Deadline >= asOf && x.Deadline.DayNumber - asOf.DayNumber <= UpcomingDays)
            .OrderBy(x => x.Deadline).ThenBy(x => x.Judged.Task.Number, StringComparer.Ordinal)
            .Take(10)
            .Select(x => new DeadlineItem(x.Judged.Task.Id, x.Judged.Task.Number, x.Judged.Task.Title, names.Unit(x.Judged.Task.LeadUnitId), x.Deadline, x.Deadline.DayNumber - asOf.DayNumber, x.Judged.Light))
            .ToList();

    // 逾期未报 at the point: owed reports whose due date + grace passed by the as-of date and that were not sent by the
    // cut-off — exactly the ones TaskRules counted (TaskEvaluation.OverdueReportCount).
    private static List<OverdueReportItem> OverdueReports(List<JudgedTask> shown, JudgementPoint point, RuleThresholds thresholds, Names names)
    {
        var items = new List<OverdueReportItem>();
        foreach (var j in shown)
        {
            // Cancelled and finished tasks are no longer chased, as in the unit's to-do.
            if (j.Evaluation.OverdueReportCount == 0 || j.Light is TrafficLight.Done or TrafficLight.Cancelled)
                continue;
            foreach (var due in j.Task.Facts.DueReports)
            {
                var lateFrom = due.DueDate.AddDays(thresholds.ReportGraceDays + 1);
                if (point.AsOf >= lateFrom && (due.SubmittedAt is null || due.SubmittedAt > point.Cutoff))
                {
                    items.Add(new OverdueReportItem(
                        j.Task.Id, j.Task.Number, j.Task.Title, names.Unit(j.Task.LeadUnitId),
                        due.PeriodLabel, due.DueDate, point.AsOf.DayNumber - due.DueDate.DayNumber));
                }
            }
        }

        return items.OrderByDescending(i => i.DaysOverdue).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
    }
}
