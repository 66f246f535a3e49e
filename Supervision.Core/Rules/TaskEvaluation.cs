namespace Supervision.Core.Rules;

/// <summary>
/// The judgement of one task at one <see cref="JudgementPoint"/>, produced by <see cref="TaskRules.Evaluate(TaskFacts, JudgementPoint, RuleThresholds)"/>.
/// A small value with no strings in it, so that evaluating every task of a year allocates nothing; the words are
/// built on demand by <see cref="Describe"/>.
/// </summary>
/// <remarks>
/// All progress figures are the ones the rules judged by, which are the ones the words print: time progress and
/// percentage work are whole percents, indicator work and lag are to 0.1 percent (rounded half away from zero).
/// </remarks>
public readonly record struct TaskEvaluation
{
    // Tenths of a percentage point: integers keep threshold edges exact (60% − 50% is exactly 10 points).
    private readonly int _timeTenths;
    private readonly int _workTenths;
    private readonly int _expectedTenths;
    private readonly int _lagTenths;

    internal TaskEvaluation(
        JudgementPoint point,
        int timeTenths,
        int workTenths,
        int expectedTenths,
        int lagTenths,
        bool hasReport,
        int latestProgressIndex,
        DoubleHalfStatus doubleHalf,
        TrafficLight light,
        LightCause cause,
        PeriodOutcome outcome,
        int missedMilestoneIndex,
        int overdueReportIndex,
        int overdueReportCount,
        int unreportedIndex,
        int requiredReportIndex,
        bool unreportedIsOverdue = false)
    {
        Point = point;
        _timeTenths = timeTenths;
        _workTenths = workTenths;
        _expectedTenths = expectedTenths;
        _lagTenths = lagTenths;
        HasReport = hasReport;
        LatestProgressIndex = latestProgressIndex;
        DoubleHalf = doubleHalf;
        Light = light;
        Cause = cause;
        Outcome = outcome;
        MissedMilestoneIndex = missedMilestoneIndex;
        OverdueReportIndex = overdueReportIndex;
        OverdueReportCount = overdueReportCount;
        UnreportedIndex = unreportedIndex;
        RequiredReportIndex = requiredReportIndex;
        UnreportedIsOverdue = unreportedIsOverdue;
    }

    /// <summary>The 评价时点 the task was judged at.</summary>
    public JudgementPoint Point { get; }

    /// <summary>The date the schedule was judged as of (截至日).</summary>
    public DateOnly AsOf => Point.AsOf;

    /// <summary>Elapsed share of the task's span, 0..1, whole percent (see <see cref="TaskRules.TimeProgress"/>).</summary>
    public double TimeProgress => _timeTenths / 1000.0;

    /// <summary>Work progress from the report that counts, 0..1 for percentage tasks; for indicators the raw share of the target, e.g. 1.241.</summary>
    public double WorkProgress => _workTenths / 1000.0;

    /// <summary>Progress the schedule asks for as of the date, 0..1 (see <see cref="TaskRules.ExpectedProgress"/>).</summary>
    public double ExpectedProgress => _expectedTenths / 1000.0;

    /// <summary>
    /// Expected minus work progress in percentage points; positive means behind. Zero for done and cancelled tasks
    /// and without a report that counts. Whole points for percentage tasks, 0.1 point for indicator tasks.
    /// </summary>
    public double LagPoints => _lagTenths / 10.0;

    /// <summary>Whether a report counts at the point (本期采用的报告); without one, work progress is 0.</summary>
    public bool HasReport { get; }

    /// <summary>Index in <see cref="TaskFacts.Progress"/> of the report that counts (gave the work progress), or -1.</summary>
    public int LatestProgressIndex { get; }

    /// <summary>The 双过半 check.</summary>
    public DoubleHalfStatus DoubleHalf { get; }

    /// <summary>The state (亮灯).</summary>
    public TrafficLight Light { get; }

    /// <summary>The main reason for <see cref="Light"/>.</summary>
    public LightCause Cause { get; }

    /// <summary>The period class (完成 / 部分完成 / 未完成 / 未报送 / 取消, or an indicator's class), from <see cref="Light"/>.</summary>
    public PeriodOutcome Outcome { get; }

    /// <summary>Index in <see cref="TaskFacts.Milestones"/> of the latest due milestone that is not reached, or -1.</summary>
    public int MissedMilestoneIndex { get; }

    /// <summary>Index in <see cref="TaskFacts.DueReports"/> of the earliest report overdue (逾期未报) at the point, or -1.</summary>
    public int OverdueReportIndex { get; }

    /// <summary>How many owed reports were overdue (due + grace passed by the as-of date, not sent by the cut-off).</summary>
    public int OverdueReportCount { get; }

    /// <summary>Index in <see cref="TaskFacts.DueReports"/> of the report whose absence makes the task 未报送, or -1.</summary>
    public int UnreportedIndex { get; }

    /// <summary>Whether the report at <see cref="UnreportedIndex"/> is one of the <see cref="OverdueReportCount"/> overdue ones.</summary>
    public bool UnreportedIsOverdue { get; }

    /// <summary>Index in <see cref="TaskFacts.DueReports"/> of the cycle the point requires a report for (应报周期), or -1.</summary>
    public int RequiredReportIndex { get; }

    /// <summary>Whether work is at least what the schedule expects (no lag).</summary>
    public bool OnSchedule => _lagTenths <= 0;

    /// <summary>Whether the task counts at the point (it is neither 待交办 nor 未到报送期).</summary>
    public bool IsCounted => Light is not (TrafficLight.NotAssigned or TrafficLight.NotYetDue);

    internal int TimeTenths => _timeTenths;

    internal int WorkTenths => _workTenths;

    internal int ExpectedTenths => _expectedTenths;

    internal int LagTenths => _lagTenths;

    /// <summary>
    /// The reason for the light in Simplified Chinese, e.g. "时间过半(58%)，进度40%，落后18个百分点".
    /// </summary>
    /// <param name="facts">The same facts this evaluation was made from (titles, labels and dates come from them).</param>
    public string Describe(TaskFacts facts) => RuleWords.Describe(this, facts);
}
