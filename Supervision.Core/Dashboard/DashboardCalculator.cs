using System.Globalization;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Services;

namespace Supervision.Core.Dashboard;

/// <summary>
/// A task judged as of the dashboard's date, with what scoring counts for it up to that date. Worked out once per
/// date and shared by every view, so per-view work is only grouping and summing.
/// </summary>
/// <param name="Reason">The light's reason in words (hover text).</param>
/// <param name="ReportsDue">Reports due (grace passed) or already sent by the date.</param>
/// <param name="ReportsOnTime">Of those, sent within due date + grace days.</param>
/// <param name="ReportsLate">Of those, sent later.</param>
/// <param name="Returns">Revisions returned (退回) by the date.</param>
/// <param name="FalseChecks">Spot checks that found the report false, by the date.</param>
/// <param name="PartlyFalseChecks">Spot checks that found it partly true, by the date.</param>
/// <param name="Extensions">Deadline extensions approved by the date.</param>
/// <param name="AwaitingReview">Reports of the task waiting for the inspector now.</param>
public sealed record JudgedTask(
    DashboardTask Task,
    TaskEvaluation Evaluation,
    string Reason,
    int ReportsDue,
    int ReportsOnTime,
    int ReportsLate,
    int Returns,
    int FalseChecks,
    int PartlyFalseChecks,
    int Extensions,
    int AwaitingReview);

/// <summary>Every task of a year that existed by a date, judged as of that date; shared by all views of that date.</summary>
public sealed record DashboardEvaluation(DashboardYearData Data, DateOnly AsOf, RuleThresholds Thresholds, IReadOnlyList<JudgedTask> Tasks);

/// <summary>
/// Computes dashboards from <see cref="DashboardYearData"/> with <see cref="TaskRules"/>: pure, no clock, no
/// database — the same inputs always give the same dashboard, for today or any past date.
/// </summary>
public static class DashboardCalculator
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    /// <summary>How many days ahead "upcoming deadlines" looks.</summary>
    public const int UpcomingDays = 30;

    /// <summary>Judges every task registered on or before <paramref name="asOf"/>.</summary>
    public static DashboardEvaluation Evaluate(DashboardYearData data, DateOnly asOf, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(thresholds);
        var returns = new Dictionary<int, int>();
        var awaiting = new Dictionary<int, int>();
        foreach (var report in data.Reports)
        {
            if (report.CurrentState == RevisionState.Submitted)
                awaiting[report.TaskId] = awaiting.GetValueOrDefault(report.TaskId) + 1;
            var count = 0;
            foreach (var day in report.ReturnedOn)
            {
                if (day <= asOf)
                    count++;
            }

            if (count > 0)
                returns[report.TaskId] = returns.GetValueOrDefault(report.TaskId) + count;
        }

        var checks = new Dictionary<int, (int False, int Partly)>();
        foreach (var check in data.SpotChecks)
        {
            if (check.CheckedOn > asOf || check.Result == SpotCheckResult.Confirmed)
                continue;
            var (f, p) = checks.GetValueOrDefault(check.TaskId);
            checks[check.TaskId] = check.Result == SpotCheckResult.False ? (f + 1, p) : (f, p + 1);
        }

        var extensions = new Dictionary<int, int>();
        foreach (var extension in data.Extensions)
        {
            if (extension.On <= asOf)
                extensions[extension.TaskId] = extensions.GetValueOrDefault(extension.TaskId) + 1;
        }

        var judged = new List<JudgedTask>(data.Tasks.Count);
        foreach (var task in data.Tasks)
        {
            if (task.RegisteredOn > asOf)
                continue;
            var facts = task.Row.Facts;
            var evaluation = TaskRules.Evaluate(facts, asOf, thresholds);
            int due = 0, onTime = 0, late = 0;
            foreach (var report in facts.DueReports)
            {
                var lastOnTime = report.DueDate.AddDays(thresholds.ReportGraceDays);
                var submitted = report.SubmittedAt is { } s && s <= asOf ? s : (DateOnly?)null;
                if (submitted is null && asOf <= lastOnTime)
                    continue; // not due yet
                due++;
                if (submitted is null)
                    continue;
                if (submitted <= lastOnTime)
                    onTime++;
                else
                    late++;
            }

            var id = task.Row.Id;
            var (falseChecks, partlyChecks) = checks.GetValueOrDefault(id);
            judged.Add(new JudgedTask(
                task, evaluation, evaluation.Describe(facts), due, onTime, late,
                returns.GetValueOrDefault(id), falseChecks, partlyChecks, extensions.GetValueOrDefault(id), awaiting.GetValueOrDefault(id)));
        }

        return new DashboardEvaluation(data, asOf, thresholds, judged);
    }

    /// <summary>
    /// The dashboard for a viewer <paramref name="scope"/> and <paramref name="filter"/>. The filter must already be
    /// validated; <paramref name="activity"/> is the latest audit events up to the date (newest first).
    /// </summary>
    public static DashboardModel Compute(DashboardEvaluation evaluation, DashboardScope scope, DashboardFilter filter, IReadOnlyList<ActivityItem> activity, ScoringWeights weights)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(weights);
        var data = evaluation.Data;
        var asOf = evaluation.AsOf;
        var names = new Lookups(data);

        var visible = evaluation.Tasks.Where(j => scope.Sees(j.Task)).ToList();
        var shown = visible.Where(j => Matches(j.Task.Row, filter)).ToList();
        var shownIds = shown.Select(j => j.Task.Row.Id).ToHashSet();

        var overdue = OverdueReports(shown, asOf, evaluation.Thresholds, names);
        var counts = new DashboardCounts(
            LightCounts.Of(shown.Select(j => j.Evaluation.Light)),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.Met),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.NotMet),
            shown.Count(j => j.Evaluation.DoubleHalf == DoubleHalfStatus.NotYetHalfTime),
            shown.Sum(j => j.AwaitingReview),
            overdue.Count);

        // Scores rank units against each other, so they are computed over every task the filter keeps, not only
        // the viewer's; a unit viewer is shown just its own card and rank.
        var scored = evaluation.Tasks.Where(j => Matches(j.Task.Row, filter)).ToList();
        var unitScores = Rank(ScoreGroups(scored, weights, t => t.Row.LeadUnitId, data.Units.Select(u => (u.Id, u.Name))));
        IReadOnlyList<ScoreCard> leaderScores = [];

        UnitView? unitView = null;
        if (!scope.All && scope.UnitId is { } unitId)
        {
            var own = unitScores.FirstOrDefault(s => s.Id == unitId && s.Score is not null);
            unitView = new UnitView(unitId, names.Unit(unitId), own, unitScores.Count(s => s.Score is not null), Todo(unitId, visible, data, asOf, evaluation.Thresholds));
            unitScores = own is null ? [] : [own];
        }
        else if (scope.All)
        {
            leaderScores = Rank(ScoreGroups(scored, weights, t => t.Row.ResponsibleLeaderId, data.Leaders.Select(l => (l.Id, l.Name))));
        }

        var (indicators, mainOnly) = Indicators(shown, data, names);
        return new DashboardModel(
            data.Year,
            asOf,
            scope,
            filter,
            counts,
            Board(shown, data, names, asOf),
            Chart(ChartGrouping.Category, shown, CategoryGroups(data), j => CategoryKey(j.Task.Row)),
            Chart(ChartGrouping.Unit, shown, data.Units.Select(u => ((int?)u.Id, (TaskSource?)null, u.Name)), j => (j.Task.Row.LeadUnitId, null)),
            Chart(ChartGrouping.Leader, shown, data.Leaders.Select(l => ((int?)l.Id, (TaskSource?)null, l.Name)).Append((null, null, "未定责任领导")), j => (j.Task.Row.ResponsibleLeaderId, null)),
            indicators,
            unitScores,
            leaderScores,
            Activity(activity, scope, filter, visible, shownIds, evaluation.Tasks),
            Upcoming(shown, asOf, names),
            overdue,
            unitView,
            data.Leaders.Where(l => visible.Any(j => j.Task.Row.ResponsibleLeaderId == l.Id)).Select(l => new FilterOption(l.Id, l.Name)).ToList(),
            data.Categories.Select(c => new FilterOption(c.Id, c.Name)).ToList())
        {
            MainIndicatorsOnly = mainOnly,
        };
    }

    private static bool Matches(TaskRow row, DashboardFilter filter) =>
        (filter.Source is null || row.Source == filter.Source)
        && (filter.LeaderId is null || row.ResponsibleLeaderId == filter.LeaderId)
        && (filter.CategoryId is null || row.CategoryId == filter.CategoryId);

    // The year's categories in order, then the tasks without one by source: 领导批示件, 会议决策部署 and 专项重点工作
    // usually have no category, and the ledger lists such a task under its source too.
    private static IEnumerable<(int? Id, TaskSource? Source, string Name)> CategoryGroups(DashboardYearData data) =>
        data.Categories.Select(c => ((int?)c.Id, (TaskSource?)null, c.Name))
            .Concat(Enum.GetValues<TaskSource>().Select(s => ((int?)null, (TaskSource?)s, s == TaskSource.AnnualKeyWork ? "年度重点工作（未分类）" : DisplayNames.Of(s))));

    private static (int?, TaskSource?) CategoryKey(TaskRow row) => row.CategoryId is { } id ? (id, null) : (null, row.Source);

    private static List<BoardGroup> Board(List<JudgedTask> shown, DashboardYearData data, Lookups names, DateOnly asOf)
    {
        var groups = new List<BoardGroup>();
        var byCategory = shown.ToLookup(j => CategoryKey(j.Task.Row));
        foreach (var (id, source, name) in CategoryGroups(data))
        {
            var tasks = byCategory[(id, source)].ToList();
            if (tasks.Count == 0)
                continue;
            var tiles = tasks.Select(j => new BoardTile(
                j.Task.Row.Id,
                j.Task.Row.Number,
                j.Task.Row.Title,
                j.Evaluation.Light,
                names.Unit(j.Task.Row.LeadUnitId),
                names.Leader(j.Task.Row.ResponsibleLeaderId),
                j.Task.Row.Facts.DeadlineOn(asOf),
                j.Evaluation.WorkProgress,
                j.Reason,
                j.Task.Row.LeadUnitId,
                j.Task.Row.ResponsibleLeaderId)).ToList();
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
            var judged = all.Where(j => j.Evaluation.Light != TrafficLight.Cancelled).ToList();
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
                all.Select(j => j.Task.Row.Id).ToList(),
                source));
        }

        return new ProgressChart(grouping, bars);
    }

    // A closed task counts as fully done even when its last report said less (销号 is the final word).
    private static double ChartWork(in TaskEvaluation evaluation) =>
        evaluation.Light == TrafficLight.Done ? 1.0 : Math.Min(1.0, evaluation.WorkProgress);

    // The bulletin's rule (PeriodReport.Indicators): the main indicators are those of the 主要经济指标 category when
    // there is one among the shown tasks (seed 002: "8项主要经济发展指标中3项完成进度…"); otherwise every indicator task.
    private static (List<IndicatorLine> Lines, bool MainOnly) Indicators(List<JudgedTask> shown, DashboardYearData data, Lookups names)
    {
        var main = data.Categories.Where(c => c.Name.Contains("经济指标", StringComparison.Ordinal) || c.Name.Contains("经济发展指标", StringComparison.Ordinal)).Select(c => c.Id).ToHashSet();
        var candidates = shown.Where(j => j.Task.Row.Facts.Indicator is not null && j.Evaluation.Light != TrafficLight.Cancelled).ToList();
        var mainOnes = candidates.Where(j => j.Task.Row.CategoryId is { } c && main.Contains(c)).ToList();
        var mainOnly = mainOnes.Count > 0;
        var lines = new List<IndicatorLine>();
        foreach (var j in mainOnly ? mainOnes : candidates)
        {
            var indicator = j.Task.Row.Facts.Indicator!;
            var e = j.Evaluation;
            decimal? actual = e.HasReport ? j.Task.Row.Facts.Progress[e.LatestProgressIndex].IndicatorActual : null;
            var higher = indicator.Direction == IndicatorDirection.HigherIsBetter;
            double? percent = actual is not null && higher && indicator.Measure == IndicatorMeasure.Cumulative && indicator.Target > 0 ? e.WorkProgress : null;
            string words;
            if (actual is null)
                words = "尚未报送";
            else if (!higher)
                words = actual <= indicator.Target ? $"控制在{Number(indicator.Target)}{indicator.UnitOfMeasure}以内" : $"超出控制目标{Number(indicator.Target)}{indicator.UnitOfMeasure}";
            else if (indicator.Measure == IndicatorMeasure.Cumulative)
                words = $"完成年计划的{Percent(percent)}%";
            else
                words = RateWords(actual.Value, indicator); // a rate (增长7%) is compared with its target, not divided by it
            var name = j.Task.Indicator?.Name ?? j.Task.Row.Title;
            lines.Add(new IndicatorLine(
                j.Task.Row.Id, name, indicator.UnitOfMeasure, indicator.Target, indicator.Direction, indicator.Measure,
                actual, percent, e.HasReport ? e.OnSchedule : null, words, names.Unit(j.Task.Row.LeadUnitId)));
        }

        return (lines, mainOnly);
    }

    // 高于目标0.7个百分点 / 低于目标0.1个百分点 / 与目标持平, as the reports write it.
    private static string RateWords(decimal actual, IndicatorFact indicator)
    {
        var difference = Math.Abs(actual - indicator.Target);
        var unit = indicator.UnitOfMeasure == "%" ? "个百分点" : indicator.UnitOfMeasure;
        return actual == indicator.Target ? "与目标持平"
            : actual > indicator.Target ? $"高于目标{Number(difference)}{unit}"
            : $"低于目标{Number(difference)}{unit}";
    }

    private static string Percent(double? share) => ((share ?? 0) * 100).ToString("0.0", _invariant);

    private static string Number(decimal value) => value.ToString("0.############", _invariant);

    private static List<ActivityItem> Activity(IReadOnlyList<ActivityItem> activity, DashboardScope scope, DashboardFilter filter, List<JudgedTask> visible, HashSet<int> shownIds, IReadOnlyList<JudgedTask> all)
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
            var allowed = filter.IsEmpty ? visible.Select(j => j.Task.Row.Id).ToHashSet() : shownIds;
            items = activity.Where(a => a.TaskId is { } id && allowed.Contains(id)).Take(take).ToList();
        }

        // "2026年11月进展经主管领导审核" alone does not say which task: name it, unless the summary already does.
        for (var i = 0; i < items.Count; i++)
        {
            var row = Find(all, items[i].TaskId!.Value)?.Task.Row;
            if (row is not null && !items[i].Summary.Contains(row.Number, StringComparison.Ordinal))
                items[i] = items[i] with { TaskLabel = $"{ShortNumber(row.Number)} {row.Title}" };
        }

        return items;
    }

    // A dozen look-ups per view: a scan is cheaper than building an index of thousands of tasks for each of them.
    private static JudgedTask? Find(IReadOnlyList<JudgedTask> tasks, int id)
    {
        foreach (var j in tasks)
        {
            if (j.Task.Row.Id == id)
                return j;
        }

        return null;
    }

    private static string ShortNumber(string number) => number.IndexOf('-', StringComparison.Ordinal) is var dash and > 0 ? number[(dash + 1)..] : number;

    // The deadline in force on the date: a later extension does not move what was due then.
    private static List<DeadlineItem> Upcoming(List<JudgedTask> shown, DateOnly asOf, Lookups names) =>
        shown
            .Where(j => j.Evaluation.Light is not (TrafficLight.Done or TrafficLight.Cancelled))
            .Select(j => (Judged: j, Deadline: j.Task.Row.Facts.DeadlineOn(asOf)))
            .Where(x => x.Deadline >= asOf && x.Deadline.DayNumber - asOf.DayNumber <= UpcomingDays)
            .OrderBy(x => x.Deadline).ThenBy(x => x.Judged.Task.Row.Number, StringComparer.Ordinal)
            .Take(10)
            .Select(x => new DeadlineItem(x.Judged.Task.Row.Id, x.Judged.Task.Row.Number, x.Judged.Task.Row.Title, names.Unit(x.Judged.Task.Row.LeadUnitId), x.Deadline, x.Deadline.DayNumber - asOf.DayNumber, x.Judged.Evaluation.Light))
            .ToList();

    private static List<OverdueReportItem> OverdueReports(List<JudgedTask> shown, DateOnly asOf, RuleThresholds thresholds, Lookups names)
    {
        var items = new List<OverdueReportItem>();
        foreach (var j in shown)
        {
            // Cancelled and finished tasks are no longer chased, as in the unit's to-do.
            if (j.Evaluation.OverdueReportCount == 0 || j.Evaluation.Light is TrafficLight.Done or TrafficLight.Cancelled)
                continue;
            foreach (var due in j.Task.Row.Facts.DueReports)
            {
                var lateFrom = due.DueDate.AddDays(thresholds.ReportGraceDays + 1);
                if (asOf >= lateFrom && (due.SubmittedAt is null || due.SubmittedAt > asOf))
                {
                    items.Add(new OverdueReportItem(
                        j.Task.Row.Id, j.Task.Row.Number, j.Task.Row.Title, names.Unit(j.Task.Row.LeadUnitId),
                        due.PeriodLabel, due.DueDate, asOf.DayNumber - due.DueDate.DayNumber));
                }
            }
        }

        return items.OrderByDescending(i => i.DaysOverdue).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
    }

    private static UnitTodo Todo(int unitId, List<JudgedTask> visible, DashboardYearData data, DateOnly asOf, RuleThresholds thresholds)
    {
        var led = visible.Where(j => j.Task.Row.LeadUnitId == unitId).ToList();
        var ledIds = led.Select(j => j.Task.Row.Id).ToHashSet();
        var reports = data.Reports.Where(r => ledIds.Contains(r.TaskId)).ToList();
        var toReport = 0;
        var overdue = 0;
        foreach (var j in led.Where(j => j.Evaluation.Light is not (TrafficLight.Done or TrafficLight.Cancelled)))
        {
            foreach (var due in j.Task.Row.Facts.DueReports)
            {
                if (due.SubmittedAt is not null && due.SubmittedAt <= asOf)
                    continue;
                if (asOf >= due.DueDate.AddDays(thresholds.ReportGraceDays + 1))
                    overdue++;
                else if (due.DueDate.DayNumber - asOf.DayNumber <= 7)
                    toReport++;
            }
        }

        var titles = led.ToDictionary(j => j.Task.Row.Id, j => j.Task.Row);
        var returned = reports
            .Where(r => r.CurrentState == RevisionState.Draft && r.ReturnedOn.Count > 0)
            .OrderBy(r => r.DueDate)
            .Select(r => new ReturnedItem(r.TaskId, titles[r.TaskId].Number, titles[r.TaskId].Title, r.PeriodLabel))
            .ToList();
        return new UnitTodo(
            toReport,
            reports.Count(r => r.CurrentState == RevisionState.Draft),
            reports.Count(r => r.CurrentState == RevisionState.AwaitingSupervisor),
            reports.Count(r => r.CurrentState == RevisionState.AwaitingPrincipal),
            reports.Count(r => r.CurrentState == RevisionState.Submitted),
            overdue,
            returned);
    }

    private static List<ScoreCard> ScoreGroups(List<JudgedTask> tasks, ScoringWeights weights, Func<DashboardTask, int?> key, IEnumerable<(int Id, string Name)> groups)
    {
        var byGroup = tasks.ToLookup(j => key(j.Task));
        var cards = new List<ScoreCard>();
        foreach (var (id, name) in groups)
        {
            var group = byGroup[id].ToList();
            if (group.Count > 0)
                cards.Add(Score(id, name, group, weights));
        }

        return cards;
    }

    /// <summary>The score of one group of tasks by the formula documented on <see cref="ScoringWeights"/>.</summary>
    internal static ScoreCard Score(int id, string name, List<JudgedTask> group, ScoringWeights weights)
    {
        int n = 0, done = 0, green = 0, yellow = 0, red = 0;
        int due = 0, onTime = 0, late = 0, returns = 0, falseChecks = 0, partlyChecks = 0, extensions = 0;
        foreach (var j in group)
        {
            // Failings count even on a task cancelled later: they happened.
            returns += j.Returns;
            falseChecks += j.FalseChecks;
            partlyChecks += j.PartlyFalseChecks;
            extensions += j.Extensions;
            if (j.Evaluation.Light == TrafficLight.Cancelled)
                continue;
            n++;
            switch (j.Evaluation.Light)
            {
                case TrafficLight.Done: done++; break;
                case TrafficLight.Green: green++; break;
                case TrafficLight.Yellow: yellow++; break;
                case TrafficLight.Red: red++; break;
            }

            due += j.ReportsDue;
            onTime += j.ReportsOnTime;
            late += j.ReportsLate;
        }

        if (n == 0)
            return new ScoreCard(id, name, 0, 0, 0, 0, 0, null, 0, []);

        var parts = new List<ScorePart>
        {
            new("完成率", $"已完成{done}项/应计{n}项 × {Weight(weights.Completion)}", weights.Completion * done / n),
            new("按进度推进", $"已完成及绿灯{done + green}项/应计{n}项 × {Weight(weights.OnSchedule)}", weights.OnSchedule * (done + green) / n),
            due == 0
                ? new("报送及时", $"尚无应报进展 × {Weight(weights.Timeliness)}", weights.Timeliness)
                : new("报送及时", $"按时{onTime}期、逾期补报{late}期、未报{due - onTime - late}期/应报{due}期 × {Weight(weights.Timeliness)}", weights.Timeliness * (onTime + 0.5m * late) / due),
            new("红灯", $"红灯{red}项/应计{n}项 × {Weight(weights.RedLight)}", -weights.RedLight * red / n),
            new("退回", $"退回{returns}次 × {Weight(weights.Return)}", -weights.Return * returns),
            new("抽查不实", $"不属实{falseChecks}次 × {Weight(weights.FailedSpotCheck)}，部分属实{partlyChecks}次 × {Weight(weights.PartlyFailedSpotCheck)}", -(weights.FailedSpotCheck * falseChecks) - (weights.PartlyFailedSpotCheck * partlyChecks)),
            new("延期", $"延期{extensions}次 × {Weight(weights.Extension)}", -weights.Extension * extensions),
        };
        var rounded = parts.Select(p => p with { Points = decimal.Round(p.Points, 1, MidpointRounding.AwayFromZero) }).ToList();
        var total = Math.Clamp(decimal.Round(parts.Sum(p => p.Points), 1, MidpointRounding.AwayFromZero), 0m, weights.Maximum);
        return new ScoreCard(id, name, n, done, green, yellow, red, total, 0, rounded);
    }

    private static string Weight(decimal weight) => weight.ToString("0.##", _invariant);

    private static List<ScoreCard> Rank(List<ScoreCard> cards)
    {
        // Best first; equal scores share a rank (1, 2, 2, 4); ties listed by fewer red lights, then directory order.
        var ranked = cards
            .Select((c, order) => (Card: c, Order: order))
            .OrderByDescending(x => x.Card.Score ?? decimal.MinValue)
            .ThenBy(x => x.Card.Red)
            .ThenBy(x => x.Order)
            .Select(x => x.Card)
            .ToList();
        var result = new List<ScoreCard>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var card = ranked[i];
            if (card.Score is null)
            {
                result.Add(card);
                continue;
            }

            var rank = i > 0 && ranked[i - 1].Score == card.Score ? result[i - 1].Rank : i + 1;
            result.Add(card with { Rank = rank });
        }

        return result;
    }

    private sealed class Lookups(DashboardYearData data)
    {
        private readonly Dictionary<int, string> _units = data.Units.ToDictionary(u => u.Id, u => u.Name);
        private readonly Dictionary<int, string> _leaders = data.Leaders.ToDictionary(l => l.Id, l => l.Name);

        public string Unit(int id) => _units.GetValueOrDefault(id, "（未知单位）");

        public string Leader(int? id) => id is { } v ? _leaders.GetValueOrDefault(v, "") : "";
    }
}
