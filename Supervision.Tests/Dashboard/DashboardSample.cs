using Supervision.Core.Dashboard;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// A small year with known answers, judged live as of 2026年7月1日 (time progress of a full-year task: 50%).
/// 甲局 (1) leads T1 green 60%, T2 yellow 35% (report late and once returned), T6 indicator 620.5 of 500亿元;
/// 乙区 (2) leads T3 at 20% whose May report was never sent (未报送; a false spot check, one extension), T4 closed,
/// T5 cancelled, and assists T1; 丙委 (3) has no task; T7 is registered after the date.
/// </summary>
internal static class DashboardSample
{
    public static readonly DateOnly AsOf = new(2026, 7, 1);
    public static readonly DateOnly YearStart = new(2026, 1, 1);
    public static readonly DateOnly YearEnd = new(2026, 12, 31);

    public const int Investment = 10;
    public const int Livelihood = 11;

    public static YearFacts Data()
    {
        var tasks = new List<TaskRecord>
        {
            Task(1, "2026-ZD-001", "重点项目开工", Investment, lead: 1, leader: 1, progress: [P(6, 20, 60)], due: [Due(5, 6, 3)], assisting: [2]),
            Task(2, "2026-ZD-002", "园区基础设施", Investment, lead: 1, leader: 1, progress: [P(6, 25, 35)], due: [Due(5, 6, 20)]),
            Task(3, "2026-ZD-003", "老旧小区改造", Livelihood, lead: 2, leader: 2, progress: [P(4, 10, 20)], due: [Due(5)],
                extensions: [new DeadlineChange(new DateOnly(2026, 5, 1), YearEnd, YearEnd)]),
            Task(4, "2026-ZD-004", "学校扩建", Livelihood, lead: 2, leader: 2, closedOn: new DateOnly(2026, 5, 1)),
            Task(5, "2026-ZD-005", "停车场建设", Livelihood, lead: 2, leader: null, cancelledOn: new DateOnly(2026, 3, 1)),
            Task(6, "2026-ZD-006", "固定资产投资", Investment, lead: 1, leader: 1, progress: [new ProgressPoint(new DateOnly(2026, 6, 28), null, 620.5m)],
                indicator: new IndicatorFact(500m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative, "亿元"), indicatorName: "固定资产投资"),
            Task(7, "2026-ZD-007", "下半年新增任务", Livelihood, lead: 1, leader: 1, registeredOn: new DateOnly(2026, 8, 1)),
        };
        return new YearFacts(
            2026,
            tasks,
            [new(1, "甲局", UnitKind.Department, 1, true), new(2, "乙区", UnitKind.County, 2, true), new(3, "丙委", UnitKind.Department, 3, true)],
            [new(1, "张市长", "市长", 1), new(2, "李副市长", "副市长", 2)],
            [new(Investment, "扩大有效投资", 1), new(Livelihood, "民生实事", 2)],
            [
                Report(101, 1, 1, "2026-05", "2026年5月", new DateOnly(2026, 6, 5), Utc(6, 3), RevisionState.Accepted, 1, [], [new(Utc(6, 3), Utc(6, 4))]),
                Report(102, 2, 1, "2026-05", "2026年5月", new DateOnly(2026, 6, 5), Utc(6, 20), RevisionState.Accepted, 2, [new DateOnly(2026, 6, 22)],
                    [new(Utc(6, 20), Utc(6, 22)), new(Utc(6, 24), Utc(6, 25))]),
                Report(103, 3, 2, "2026-06", "2026年6月", new DateOnly(2026, 7, 5), Utc(6, 30), RevisionState.Submitted, 1, [], [new(Utc(6, 30), null)]),
                Report(104, 3, 2, "2026-04", "2026年4月", new DateOnly(2026, 5, 5), Utc(5, 4), RevisionState.Draft, 2, [new DateOnly(2026, 5, 8)], [new(Utc(5, 4), Utc(5, 8))]),
            ],
            [new(3, 2, SpotCheckResult.False, new DateOnly(2026, 6, 1)), new(1, 1, SpotCheckResult.Confirmed, new DateOnly(2026, 6, 1))]);
    }

    /// <summary>The sample plus T8, a 领导批示件, and T9, a 会议决定, neither with a category (as such tasks usually are).</summary>
    public static YearFacts WithUncategorised()
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

    /// <summary>The year judged live at <paramref name="asOf"/> (the sample's date by default).</summary>
    public static JudgedYear Judged(YearFacts? data = null, DateOnly? asOf = null) =>
        Judge.Year(data ?? Data(), JudgementPoint.Live(asOf ?? AsOf), RuleThresholds.Default);

    public static DashboardModel Model(DashboardScope? scope = null, DashboardFilter? filter = null, ScoringWeights? weights = null, IReadOnlyList<ActivityItem>? activity = null, YearFacts? data = null, DateOnly? asOf = null)
    {
        var facts = data ?? Data();
        var s = scope ?? new DashboardScope(true, null);
        // A unit's dashboard counts the unit's own 待办 list, as DashboardService does.
        var todo = !s.All && s.UnitId is { } unit ? UnitTodo.From(ReportWork.Of(facts, unit, asOf ?? AsOf, RuleThresholds.Default)) : null;
        return DashboardCalculator.Compute(Judged(facts, asOf), s, filter ?? DashboardFilter.None, activity ?? Activity(), weights ?? ScoringWeights.Default, todo);
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
        new($"2026年{month}月", new DateOnly(2026, month + 1, 5), submittedMonth is { } m ? new DateOnly(2026, m, submittedDay!.Value) : null,
            new DateOnly(2026, month, 1).AddMonths(1).AddDays(-1), $"2026-{month:00}");

    internal static ReportRecord Report(int id, int taskId, int unitId, string key, string label, DateOnly due, DateTime? firstSubmitted, RevisionState state, int number, DateOnly[] returned, SentRevision[] sent) =>
        new(id, taskId, unitId, key, label, due, firstSubmitted, state, number, false, returned, sent);

    internal static TaskRecord Task(
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
        TaskSource source = TaskSource.AnnualKeyWork,
        DeadlineChange[]? extensions = null)
    {
        var facts = new TaskFacts(id, YearStart, YearEnd, [], indicator, progress ?? [], due ?? [], closedOn, cancelledOn, extensions);
        return new TaskRecord(id, number, title, source, category, lead, leader, TaskState.InProgress, registeredOn ?? YearStart, YearEnd, assisting ?? [], indicatorName, facts);
    }
}
