using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Supervision.Core.Dashboard;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Benchmarks;

/// <summary>
/// The full dashboard computation — judge every task, then counts, the three 双过半 charts, the light board with
/// every tile's reason in words, indicators, unit and leader scores, deadlines and overdue reports — for a year of
/// 5,000 tasks and 60,000 reports (12 monthly reports each). Target: ≤ 50 ms median.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Settings))]
public class DashboardBenchmarks
{
    /// <summary>
    /// In process: on the shared 2-core machine the generated benchmark project did not build within
    /// BenchmarkDotNet's 2-minute limit, so no figure came out at all.
    /// </summary>
    private sealed class Settings : ManualConfig
    {
        public Settings()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(5)
                .WithIterationCount(30));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    private const int TaskCount = 5_000;
    private readonly DateOnly _asOf = new(2026, 7, 15);
    private YearFacts _data = YearFacts.Empty(2026);
    private JudgedYear _evaluation = default!;
    private IReadOnlyList<ActivityItem> _activity = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = BuildYear(TaskCount, seed: 20260715);
        _evaluation = Judge.Year(_data, JudgementPoint.Live(_asOf), RuleThresholds.Default);
        _activity = Enumerable.Range(1, 300)
            .Select(i => new ActivityItem(i, new DateTime(2026, 7, 14, 2, 0, 0, DateTimeKind.Utc), "report.accepted", "采纳2026年6月进展（第1版）", "赵文清", i))
            .ToList();
    }

    /// <summary>What a change costs the server once: judge the year and compute the office dashboard.</summary>
    [Benchmark(Baseline = true)]
    public DashboardModel OfficeDashboard()
    {
        var evaluation = Judge.Year(_data, JudgementPoint.Live(_asOf), RuleThresholds.Default);
        return DashboardCalculator.Compute(evaluation, new DashboardScope(true, null), DashboardFilter.None, _activity, ScoringWeights.Default);
    }

    /// <summary>A unit's dashboard from an already judged year (the evaluation is shared by all views of a date), with its 待办 list.</summary>
    [Benchmark]
    public DashboardModel UnitDashboardFromSharedEvaluation() =>
        DashboardCalculator.Compute(_evaluation, new DashboardScope(false, 7), DashboardFilter.None, _activity, ScoringWeights.Default,
            UnitTodo.From(ReportWork.Of(_data, 7, _asOf, RuleThresholds.Default)));

    /// <summary>The half year as its documents judge it: as of 6月30日 with the reports accepted by 7月15日.</summary>
    [Benchmark]
    public JudgedYear HalfYearJudgement() => Judge.Year(_data, JudgementPoint.At(new DateOnly(2026, 6, 30), _asOf, RuleThresholds.Default), RuleThresholds.Default);

    /// <summary>The office dashboard from the shared evaluation: what each further view of the same date costs.</summary>
    [Benchmark]
    public DashboardModel OfficeDashboardFromSharedEvaluation() =>
        DashboardCalculator.Compute(_evaluation, new DashboardScope(true, null), DashboardFilter.None, _activity, ScoringWeights.Default);

    /// <summary>The office dashboard filtered to one category, from the shared evaluation.</summary>
    [Benchmark]
    public DashboardModel FilteredDashboardFromSharedEvaluation() =>
        DashboardCalculator.Compute(_evaluation, new DashboardScope(true, null), new DashboardFilter(CategoryId: 3), _activity, ScoringWeights.Default);

    /// <summary>40 units, 12 leaders, 10 categories; tasks from <see cref="RuleBenchmarks.BuildTasks"/>; 12 reports per task, a few returned.</summary>
    internal static YearFacts BuildYear(int taskCount, int seed)
    {
        var facts = RuleBenchmarks.BuildTasks(taskCount, seed);
        var random = new Random(seed);
        var tasks = new List<TaskRecord>(taskCount);
        var reports = new List<ReportRecord>(taskCount * 12);
        for (var i = 0; i < facts.Length; i++)
        {
            var f = facts[i];
            var unit = 1 + random.Next(40);
            var assisting = random.Next(3) == 0 ? new[] { 1 + random.Next(40) }.Where(a => a != unit).ToArray() : [];
            tasks.Add(new TaskRecord(f.TaskId, $"2026-ZD-{i + 1:0000}", $"重点任务{i + 1}", TaskSource.AnnualKeyWork, 1 + random.Next(10), unit, 1 + random.Next(12), TaskState.InProgress,
                new DateOnly(2026, 1, 1), f.Deadline, assisting, f.Indicator is null ? null : $"指标{i}", f));
            for (var m = 0; m < f.DueReports.Count; m++)
            {
                var due = f.DueReports[m];
                var returned = random.Next(25) == 0 ? new[] { due.DueDate.AddDays(2) } : [];
                DateTime? sent = due.SubmittedAt is { } s ? s.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc) : null;
                reports.Add(new ReportRecord(
                    i * 12 + m, f.TaskId, unit, due.PeriodKey ?? $"2026-{m + 1:00}", due.PeriodLabel, due.DueDate, sent,
                    m < 6 ? RevisionState.Accepted : RevisionState.Draft, returned.Length + 1, false, returned,
                    sent is { } at ? [new SentRevision(at, m < 6 ? at.AddDays(2) : null)] : []));
            }
        }

        var spotChecks = Enumerable.Range(0, 200)
            .Select(i => new SpotCheckRecord(i * 7 % taskCount, 1 + i % 40, (SpotCheckResult)(i % 3), new DateOnly(2026, 6, 1)))
            .ToList();
        return new YearFacts(
            2026,
            tasks,
            Enumerable.Range(1, 40).Select(i => new YearUnit(i, $"单位{i}", UnitKind.Department, i, true)).ToList(),
            Enumerable.Range(1, 12).Select(i => new YearLeader(i, $"领导{i}", "副市长", i)).ToList(),
            Enumerable.Range(1, 10).Select(i => new YearCategory(i, $"类别{i}", i)).ToList(),
            reports,
            spotChecks);
    }
}
