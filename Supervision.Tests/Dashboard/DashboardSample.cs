using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// A small year with known answers, judged as of 2026年7月1日 (time progress of a full-year task: 50%).
/// 甲局 (1) leads T1 green 60%, T2 yellow 35% (report late and once returned), T6 indicator 620.5 of 500亿元;
/// 乙区 (2) leads T3 red 20% (report missing, a false spot check, one extension), T4 closed, T5 cancelled, and
/// assists T1; 丙委 (3) has no task; T7 is registered after the date.
/// </summary>
internal static class DashboardSample
{
    public static readonly DateOnly AsOf = new(2026, 7, 1);
    public static readonly DateOnly YearStart = new(2026, 1, 1);
    public static readonly DateOnly YearEnd = new(2026, 12, 31);

    public const int Investment = 10;
    public const int Livelihood = 11;

    public static DashboardYearData Data()
    {
        var tasks = new List<DashboardTask>
        {
            Task(1, "2026-ZD-001", "重点项目开工", Investment, lead: 1, leader: 1, progress: [P(6, 20, 60)], due: [Due(5, 6, 3)], assisting: [2]),
            Task(2, "2026-ZD-002", "园区基础设施", Investment, lead: 1, leader: 1, progress: [P(6, 25, 35)], due: [Due(5, 6, 20)]),
            Task(3, "2026-ZD-003", "老旧小区改造", Livelihood, lead: 2, leader: 2, progress: [P(4, 10, 20)], due: [Due(5)]),
            Task(4, "2026-ZD-004", "学校扩建", Livelihood, lead: 2, leader: 2, closedOn: new DateOnly(2026, 5, 1)),
            Task(5, "2026-ZD-005", "停车场建设", Livelihood, lead: 2, leader: null, cancelledOn: new DateOnly(2026, 3, 1)),
            Task(6, "2026-ZD-006", "固定资产投资", Investment, lead: 1, leader: 1, progress: [new ProgressPoint(new DateOnly(2026, 6, 28), null, 620.5m)],
                indicator: new IndicatorFact(500m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative, "亿元"), indicatorName: "固定资产投资"),
            Task(7, "2026-ZD-007", "下半年新增任务", Livelihood, lead: 1, leader: 1, registeredOn: new DateOnly(2026, 8, 1)),
        };
        return new DashboardYearData(
            2026,
            tasks,
            [new(1, "甲局", UnitKind.Department, 1, true), new(2, "乙区", UnitKind.County, 2, true), new(3, "丙委", UnitKind.Department, 3, true)],
            [new(1, "张市长", "市长", 1), new(2, "李副市长", "副市长", 2)],
            [new(Investment, "扩大有效投资", 1), new(Livelihood, "民生实事", 2)],
            [
                new(101, 1, 1, "2026年5月", new DateOnly(2026, 6, 5), Utc(6, 3), RevisionState.Accepted, 1, []),
                new(102, 2, 1, "2026年5月", new DateOnly(2026, 6, 5), Utc(6, 20), RevisionState.Accepted, 2, [new DateOnly(2026, 6, 22)]),
                new(103, 3, 2, "2026年6月", new DateOnly(2026, 7, 5), Utc(6, 30), RevisionState.Submitted, 1, []),
                new(104, 3, 2, "2026年4月", new DateOnly(2026, 5, 5), Utc(5, 4), RevisionState.Draft, 2, [new DateOnly(2026, 5, 8)]),
            ],
            [new(3, 2, SpotCheckResult.False, new DateOnly(2026, 6, 1)), new(1, 1, SpotCheckResult.Confirmed, new DateOnly(2026, 6, 1))],
            [new(3, new DateOnly(2026, 5, 1))]);
    }

    /// <summary>The sample plus T8, a 领导批示件, and T9, a 会议决定, neither with a category (as such tasks usually are).</summary>
    public static DashboardYearData WithUncategorised()
    {
        var data = Data();
        return data with
        {
            Tasks =
            [
                .. data.Tasks,
                Task(8, "2026-PS-001", "批示件办理", null, lead: 1, leader: 1, progress: [P(6, 20, 70)], source: TaskSource.LeaderInstruction),
                Task(9, "2026-HY-001", "会议决定事项", null, lead: 2, leader: 2, progress: [P(6, 20, 55)], source: TaskSource.MeetingDecision),
            ],
        };
    }

    public static DashboardModel Model(DashboardScope? scope = null, DashboardFilter? filter = null, ScoringWeights? weights = null, IReadOnlyList<ActivityItem>? activity = null, DashboardYearData? data = null)
    {
        var evaluation = DashboardCalculator.Evaluate(data ?? Data(), AsOf, RuleThresholds.Default);
        return DashboardCalculator.Compute(evaluation, scope ?? new DashboardScope(true, null), filter ?? DashboardFilter.None, activity ?? Activity(), weights ?? ScoringWeights.Default);
    }

    public static IReadOnlyList<ActivityItem> Activity() =>
    [
        new(9, Utc(6, 30), "report.submitted", "2026年6月进展经主要领导审批后报送", "乙区主要领导", 3),
        new(8, Utc(6, 28), "report.accepted", "采纳2026年6月进展（第1版）", "赵文清", 6),
        new(7, Utc(6, 27), "unit.updated", "修改单位「丙委」", "系统管理员", null),
        new(6, Utc(6, 25), "report.accepted", "采纳2026年5月进展（第2版）", "赵文清", 2),
    ];

    public static DashboardResult Result(DashboardModel model) => new(model, [2026, 2025], AsOf, []);

    private static DateTime Utc(int month, int day) => new(2026, month, day, 2, 0, 0, DateTimeKind.Utc);

    private static ProgressPoint P(int month, int day, decimal percent) => new(new DateOnly(2026, month, day), percent, null);

    // The report for a month is due on the 5th of the next; submitted on the given day, or never.
    internal static DueReport Due(int month, int? submittedMonth = null, int? submittedDay = null) =>
        new($"2026年{month}月", new DateOnly(2026, month + 1, 5), submittedMonth is { } m ? new DateOnly(2026, m, submittedDay!.Value) : null);

    internal static DashboardTask Task(
        int id,
        string number,
        string title,
        int? category,
        int lead,
        int? leader,
        ProgressPoint[]? progress = null,
        DueReport[]? due = null,
        int[]? assisting = null,
        DateOnly? closedOn = null,
        DateOnly? cancelledOn = null,
        IndicatorFact? indicator = null,
        string? indicatorName = null,
        DateOnly? registeredOn = null,
        TaskSource source = TaskSource.AnnualKeyWork)
    {
        var facts = new TaskFacts(id, YearStart, YearEnd, [], indicator, progress ?? [], due ?? [], closedOn, cancelledOn);
        var row = new TaskRow(id, number, title, source, category, lead, leader, TaskState.InProgress, facts);
        return new DashboardTask(row, registeredOn ?? YearStart, YearEnd, assisting ?? [], indicatorName is null ? null : new IndicatorName(indicatorName, indicator!.UnitOfMeasure));
    }
}
