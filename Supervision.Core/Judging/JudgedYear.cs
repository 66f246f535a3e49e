using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>
/// A task judged at a <see cref="JudgementPoint"/>, with what scoring counts for it at that point. Worked out once per
/// point and shared by every surface, so per-view work is only filtering, grouping and summing.
/// </summary>
/// <param name="Reason">The state's reason in words (hover text, the ledger's 说明, the table's 备注).</param>
/// <param name="ReportsDue">Owed reports due (due + grace passed by the as-of date) or already sent by the cut-off.</param>
/// <param name="ReportsOnTime">Of those, sent within due date + grace days.</param>
/// <param name="ReportsLate">Of those, sent later.</param>
/// <param name="Returns">Revisions returned (退回) by the cut-off.</param>
/// <param name="FalseChecks">Spot checks that found the report false, by the cut-off.</param>
/// <param name="PartlyFalseChecks">Spot checks that found it partly true, by the cut-off.</param>
/// <param name="Extensions">Deadline extensions approved by the as-of date.</param>
/// <param name="AwaitingReview">Reports of the task waiting for the office's review at the end of the as-of date.</param>
public sealed record JudgedTask(
    TaskRecord Task,
    TaskEvaluation Evaluation,
    string Reason,
    int ReportsDue,
    int ReportsOnTime,
    int ReportsLate,
    int Returns,
    int FalseChecks,
    int PartlyFalseChecks,
    int Extensions,
    int AwaitingReview)
{
    /// <summary>The state (亮灯).</summary>
    public TrafficLight Light => Evaluation.Light;

    /// <summary>The period class.</summary>
    public PeriodOutcome Outcome => Evaluation.Outcome;

    /// <summary>Whether the task is counted (neither 待交办 nor 未到报送期).</summary>
    public bool IsCounted => Evaluation.IsCounted;

    /// <summary>One of the indicators counted apart from 重点工作.</summary>
    public bool IsIndicator => Task.Facts.CountsAsIndicator && Task.Facts.Indicator is not null;

    /// <summary>The accepted revision whose figures and texts count, or 0 (none, or built by hand).</summary>
    public int CountingRevisionId => Evaluation.HasReport ? Task.Facts.Progress[Evaluation.LatestProgressIndex].RevisionId : 0;

    /// <summary>The indicator's figure in the one wording (完成年计划的62.0% / 低于目标0.1个百分点 / 暂无数据); null for other tasks.</summary>
    public string? IndicatorWords => Task.Facts.Indicator is { } indicator
        ? Rules.IndicatorWords.Of(indicator, Evaluation.HasReport ? Task.Facts.Progress[Evaluation.LatestProgressIndex].IndicatorActual : null)
        : null;
}

/// <summary>
/// Every task of a year that existed at a <see cref="JudgementPoint"/> (registered by its as-of date), judged there:
/// the one model the 看板, 大屏, 台账, 待办, scores and the period documents read.
/// </summary>
public sealed class JudgedYear
{
    private Dictionary<int, JudgedTask>? _byId;

    internal JudgedYear(YearFacts data, JudgementPoint point, RuleThresholds thresholds, IReadOnlyList<JudgedTask> tasks)
    {
        Data = data;
        Point = point;
        Thresholds = thresholds;
        Tasks = tasks;
    }

    /// <summary>What was judged.</summary>
    public YearFacts Data { get; }

    /// <summary>The 评价时点.</summary>
    public JudgementPoint Point { get; }

    /// <summary>The as-of date (截至日).</summary>
    public DateOnly AsOf => Point.AsOf;

    /// <summary>The thresholds judged by.</summary>
    public RuleThresholds Thresholds { get; }

    /// <summary>The tasks, in register order.</summary>
    public IReadOnlyList<JudgedTask> Tasks { get; }

    /// <summary>The one name lookup.</summary>
    public Names Names => Data.Names;

    /// <summary>The judged task with id <paramref name="taskId"/>, or null when it did not exist at the point (or is of another year).</summary>
    public JudgedTask? Find(int taskId)
    {
        var byId = _byId ??= Tasks.ToDictionary(t => t.Task.Id);
        return byId.GetValueOrDefault(taskId);
    }
}

/// <summary>Judges a year's facts at a point: pure, no clock, no database.</summary>
public static class Judge
{
    /// <summary>Judges every task registered on or before the point's as-of date.</summary>
    public static JudgedYear Year(YearFacts data, JudgementPoint point, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(thresholds);
        var asOf = point.AsOf;
        var cutoff = point.Cutoff;
        // The end of the as-of day in UTC: a revision sent before it and not decided by then was waiting for review.
        var endOfDay = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
        var returns = new Dictionary<int, int>();
        var awaiting = new Dictionary<int, int>();
        foreach (var report in data.Reports)
        {
            if (report.AwaitedReviewAt(endOfDay))
                awaiting[report.TaskId] = awaiting.GetValueOrDefault(report.TaskId) + 1;
            var count = 0;
            foreach (var day in report.ReturnedOn)
            {
                if (day <= cutoff)
                    count++;
            }

            if (count > 0)
                returns[report.TaskId] = returns.GetValueOrDefault(report.TaskId) + count;
        }

        var checks = new Dictionary<int, (int False, int Partly)>();
        foreach (var check in data.SpotChecks)
        {
            if (check.CheckedOn > cutoff || check.Result == SpotCheckResult.Confirmed)
                continue;
            var (f, p) = checks.GetValueOrDefault(check.TaskId);
            checks[check.TaskId] = check.Result == SpotCheckResult.False ? (f + 1, p) : (f, p + 1);
        }

        var judged = new List<JudgedTask>(data.Tasks.Count);
        foreach (var task in data.Tasks)
        {
            if (task.RegisteredOn > asOf)
                continue;
            var facts = task.Facts;
            var evaluation = TaskRules.Evaluate(facts, point, thresholds);
            int due = 0, onTime = 0, late = 0;
            foreach (var report in facts.DueReports)
            {
                var lastOnTime = report.DueDate.AddDays(thresholds.ReportGraceDays);
                var sent = report.SubmittedAt is { } s && s <= cutoff ? s : (DateOnly?)null;
                if (sent is null && asOf <= lastOnTime)
                    continue; // not due yet
                due++;
                if (sent is null)
                    continue;
                if (sent <= lastOnTime)
                    onTime++;
                else
                    late++;
            }

            var extensions = 0;
            if (facts.DeadlineChanges is { } changes)
            {
                foreach (var change in changes)
                {
                    if (change.On <= asOf)
                        extensions++;
                }
            }

            var id = task.Id;
            var (falseChecks, partlyChecks) = checks.GetValueOrDefault(id);
            judged.Add(new JudgedTask(
                task, evaluation, evaluation.Describe(facts), due, onTime, late,
                returns.GetValueOrDefault(id), falseChecks, partlyChecks, extensions, awaiting.GetValueOrDefault(id)));
        }

        return new JudgedYear(data, point, thresholds, judged);
    }
}
