namespace Supervision.Core.Rules;

/// <summary>
/// The judging rules of seed 002/003 as pure functions of <see cref="TaskFacts"/> and a date. Nothing here reads a
/// clock: the caller passes <c>asOf</c> (from <see cref="Domain.ChinaTime.Today"/>), and only data dated on or before it
/// counts, so the same call answers "as of today" and "as of any past date".
/// </summary>
/// <remarks>
/// <para>Definitions (percentages are rounded half away from zero; all comparisons use the rounded figures, so the
/// light always agrees with the printed words):</para>
/// <list type="bullet">
/// <item><b>Time progress</b>: days elapsed ÷ days in [Start, Deadline], both counted inclusively (the as-of day
/// counts as elapsed), to a whole percent. Before Start it is 0; on and after the deadline day it is 100%. A span
/// of one day or less (Deadline ≤ Start) is 0 before the deadline day and 100% from it.</item>
/// <item><b>Work progress</b>: the latest accepted point with AcceptedAt ≤ asOf. Percentage tasks: Percent
/// clamped to 0–100, to a whole percent. Indicator tasks, to 0.1 percent: higher-is-better actual ÷ target;
/// lower-is-better 100% when actual ≤ target, else target ÷ actual. A non-positive target cannot form a share,
/// so it is judged met (100%) or not (0%). No point yet: 0 and <see cref="TaskEvaluation.HasReport"/> false.</item>
/// <item><b>Expected progress</b>: 0 before Start. Rate indicators and lower-is-better indicators 100% (a rate
/// or a ceiling must hold all the time). Tasks with milestones: the planned percent of the last due milestone
/// (due from the day after Date + <see cref="RuleThresholds.MilestoneGraceDays"/>; 0 before the first is due;
/// 100% after the deadline). Otherwise the time progress.</item>
/// <item><b>Lag</b>: expected − work, in percentage points; 0 for done and cancelled tasks.</item>
/// <item><b>Deadline</b>: the one in force on the date (<see cref="TaskFacts.DeadlineOn"/>): an approved extension
/// counts from the day it was approved, so an earlier date is judged against the deadline of that time.</item>
/// </list>
/// </remarks>
public static class TaskRules
{
    private const int FullTenths = 1000;
    private const int HalfWorkTenths = 500;

    // A share beyond ±1000 times the target is a data error; capping it keeps the tenths in int range.
    private const decimal MaxShare = 1000m;
    private const int MaxShareTenths = 1_000_000;

    /// <summary>
    /// Judges one task as of <paramref name="asOf"/>: progress figures, 双过半, light, period outcome and cause.
    /// Allocation-free, for evaluating every task at once; call <see cref="TaskEvaluation.Describe"/> for words.
    /// </summary>
    /// <remarks>
    /// Light precedence: Cancelled (cancelled on/before asOf) → Done (closed on/before asOf, or a percentage task
    /// at 100%) → Red (past the deadline below 100%; a due milestone not reached; lag ≥ RedLagPoints) → Yellow
    /// (lag ≥ YellowLagPoints; a report overdue) → Green.
    /// Period outcome: Cancelled → Completed (done, or lag ≤ 0) → NotCompleted (nothing accepted while progress
    /// was expected; past the deadline below 100%; lag ≥ RedLagPoints) → PartiallyCompleted.
    /// </remarks>
    public static TaskEvaluation Evaluate(TaskFacts facts, DateOnly asOf, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(thresholds);

        var day = asOf.DayNumber;
        var deadlineDay = facts.DeadlineOn(asOf).DayNumber;
        var indicator = facts.Indicator;

        var time = TimeTenths(facts.Start.DayNumber, deadlineDay, day);
        var latest = LatestPointIndex(facts.Progress, day, indicator is not null);
        var hasReport = latest >= 0;
        var work = hasReport ? WorkTenths(facts.Progress, latest, indicator) : 0;
        var expected = ExpectedTenths(facts, day, deadlineDay, time, work, thresholds.MilestoneGraceDays, out var missedMilestone);
        var overdueCount = CountOverdueReports(facts.DueReports, day, thresholds.ReportGraceDays, out var overdueIndex);

        var cancelled = facts.CancelledOn is { } cancelledOn && cancelledOn.DayNumber <= day;
        var closed = facts.ClosedOn is { } closedOn && closedOn.DayNumber <= day;
        // Indicators are never "done" by their numbers: exceeding a target mid-year is not a close-out.
        var reachedFull = indicator is null && work >= FullTenths;
        var settled = cancelled || closed || reachedFull;
        // Without any accepted figure a task cannot be judged behind while its first report is not yet due
        // (a quarterly task in March, a fresh 批示件), nor can an indicator that must hold all year before its
        // first figure: until then only an overdue report counts against it.
        var firstReportNotYetDue = facts.DueReports.Count > 0 && facts.DueReports[0].DueDate.DayNumber + thresholds.ReportGraceDays >= day;
        var awaitingFirstFigure = !hasReport && day <= deadlineDay && (firstReportNotYetDue || (indicator is not null && expected >= FullTenths));
        var lag = settled || awaitingFirstFigure ? 0 : expected - work;
        var pastDeadline = !settled && day > deadlineDay && work < FullTenths;
        var red = lag > 0 && lag >= thresholds.RedLagTenths;
        var yellow = lag > 0 && lag >= thresholds.YellowLagTenths;

        DoubleHalfStatus doubleHalf;
        if (cancelled)
            doubleHalf = DoubleHalfStatus.NotApplicable;
        else if (closed || reachedFull)
            doubleHalf = DoubleHalfStatus.Met;
        else if (time < thresholds.DoubleHalfTimeTenths)
            doubleHalf = DoubleHalfStatus.NotYetHalfTime;
        else
            doubleHalf = work >= HalfWorkTenths ? DoubleHalfStatus.Met : DoubleHalfStatus.NotMet;

        TrafficLight light;
        LightCause cause;
        if (cancelled)
            (light, cause) = (TrafficLight.Cancelled, LightCause.Cancelled);
        else if (closed)
            (light, cause) = (TrafficLight.Done, LightCause.Closed);
        else if (reachedFull)
            (light, cause) = (TrafficLight.Done, LightCause.ReachedFullProgress);
        else if (pastDeadline)
            (light, cause) = (TrafficLight.Red, LightCause.PastDeadline);
        else if (missedMilestone >= 0)
            (light, cause) = (TrafficLight.Red, LightCause.MilestoneMissed);
        else if (red)
            (light, cause) = (TrafficLight.Red, LightCause.SeriouslyLagging);
        else if (yellow)
            (light, cause) = (TrafficLight.Yellow, LightCause.Lagging);
        else if (overdueCount > 0)
            (light, cause) = (TrafficLight.Yellow, LightCause.ReportOverdue);
        else
            (light, cause) = (TrafficLight.Green, LightCause.OnSchedule);

        PeriodOutcome outcome;
        if (cancelled)
            outcome = PeriodOutcome.Cancelled;
        else if (settled || lag <= 0)
            outcome = PeriodOutcome.Completed;
        else if ((!hasReport && expected > 0) || pastDeadline || red)
            outcome = PeriodOutcome.NotCompleted;
        else
            outcome = PeriodOutcome.PartiallyCompleted;

        return new TaskEvaluation(
            asOf, time, work, expected, lag, hasReport, latest, doubleHalf, light, cause, outcome,
            settled ? -1 : missedMilestone, overdueIndex, overdueCount);
    }

    /// <summary>Elapsed share of [Start, Deadline] as of the date, 0..1, to a whole percent (see the class remarks).</summary>
    public static double TimeProgress(TaskFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return TimeTenths(facts.Start.DayNumber, facts.DeadlineOn(asOf).DayNumber, asOf.DayNumber) / 1000.0;
    }

    /// <summary>Work progress as of the date (0..1; indicators may exceed 1, e.g. 1.241); 0 when nothing was accepted yet.</summary>
    public static double WorkProgress(TaskFacts facts, DateOnly asOf) => WorkProgress(facts, asOf, out _);

    /// <summary>Work progress as of the date, and whether any progress value had been accepted by then.</summary>
    public static double WorkProgress(TaskFacts facts, DateOnly asOf, out bool hasReport)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var latest = LatestPointIndex(facts.Progress, asOf.DayNumber, facts.Indicator is not null);
        hasReport = latest >= 0;
        return hasReport ? WorkTenths(facts.Progress, latest, facts.Indicator) / 1000.0 : 0;
    }

    /// <summary>Progress the schedule asks for as of the date, 0..1 (see the class remarks).</summary>
    public static double ExpectedProgress(TaskFacts facts, DateOnly asOf, RuleThresholds? thresholds = null) =>
        Evaluate(facts, asOf, thresholds ?? RuleThresholds.Default).ExpectedProgress;

    /// <summary>The 双过半 check as of the date.</summary>
    public static DoubleHalfStatus DoubleHalf(TaskFacts facts, DateOnly asOf, RuleThresholds? thresholds = null) =>
        Evaluate(facts, asOf, thresholds ?? RuleThresholds.Default).DoubleHalf;

    /// <summary>The traffic light as of the date.</summary>
    public static TrafficLight Light(TaskFacts facts, DateOnly asOf, RuleThresholds? thresholds = null) =>
        Evaluate(facts, asOf, thresholds ?? RuleThresholds.Default).Light;

    /// <summary>完成 / 部分完成 / 未完成 / 取消 of the task for a period ending on <paramref name="periodEnd"/>, judged as of that day.</summary>
    public static PeriodOutcome ClassifyPeriod(TaskFacts facts, DateOnly periodEnd, RuleThresholds? thresholds = null) =>
        Evaluate(facts, periodEnd, thresholds ?? RuleThresholds.Default).Outcome;

    /// <summary>
    /// For indicator tasks, whether the indicator is on schedule (work ≥ expected) as of the date, as counted in
    /// seed 002 ("3项完成进度 … 5项未完成进度"); null for non-indicator tasks and for cancelled ones.
    /// </summary>
    public static bool? IndicatorOnSchedule(TaskFacts facts, DateOnly asOf, RuleThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Indicator is null)
            return null;

        var evaluation = Evaluate(facts, asOf, thresholds ?? RuleThresholds.Default);
        return evaluation.Light == TrafficLight.Cancelled ? null : evaluation.OnSchedule;
    }

    /// <summary>The reason for the evaluation's light in Simplified Chinese; <paramref name="facts"/> must be the ones evaluated.</summary>
    public static string Describe(in TaskEvaluation evaluation, TaskFacts facts) => RuleWords.Describe(evaluation, facts);

    internal static int TimeTenths(int startDay, int deadlineDay, int day)
    {
        // Deadline first: it also settles the degenerate spans (Deadline ≤ Start) as 0 before the day, 100% from it.
        if (day >= deadlineDay)
            return FullTenths;
        if (day < startDay)
            return 0;

        // Here Start ≤ day < Deadline, so span ≥ 2. Integer round-half-up of 100·elapsed/span (all positive).
        long elapsed = day - startDay + 1;
        long span = deadlineDay - startDay + 1;
        return (int)((200 * elapsed + span) / (2 * span)) * 10;
    }

    private static int LatestPointIndex(IReadOnlyList<ProgressPoint> progress, int day, bool indicator)
    {
        // Arrays are what the facts query and the benchmark build; indexing them directly avoids an interface call
        // and a 56-byte copy per point.
        if (progress is ProgressPoint[] array)
        {
            for (var i = array.Length - 1; i >= 0; i--)
            {
                ref readonly var point = ref array[i];
                if (point.AcceptedAt.DayNumber <= day && (indicator ? point.IndicatorActual.HasValue : point.Percent.HasValue))
                    return i;
            }

            return -1;
        }

        for (var i = progress.Count - 1; i >= 0; i--)
        {
            var point = progress[i];
            if (point.AcceptedAt.DayNumber <= day && (indicator ? point.IndicatorActual.HasValue : point.Percent.HasValue))
                return i;
        }

        return -1;
    }

    private static int WorkTenths(IReadOnlyList<ProgressPoint> progress, int index, IndicatorFact? indicator)
    {
        var point = progress[index];
        return indicator is null
            ? PercentTenths(point.Percent.GetValueOrDefault())
            : IndicatorTenths(point.IndicatorActual.GetValueOrDefault(), indicator);
    }

    private static int PercentTenths(decimal percent)
    {
        if (percent <= 0m)
            return 0;
        if (percent >= 100m)
            return FullTenths;

        // Whole points: a percentage is reported and printed as a whole number.
        var whole = percent.Scale == 0 ? percent : decimal.Round(percent, 0, MidpointRounding.AwayFromZero);
        return (int)whole * 10;
    }

    internal static int IndicatorTenths(decimal actual, IndicatorFact indicator)
    {
        var target = indicator.Target;
        if (indicator.Direction == IndicatorDirection.LowerIsBetter)
        {
            // actual ≤ target also covers actual 0, so target ÷ actual below never divides by zero.
            if (actual <= target)
                return FullTenths;
            return target > 0m ? ShareTenths(target, actual) : 0;
        }

        if (target <= 0m)
            return actual >= target ? FullTenths : 0;
        return ShareTenths(actual, target);
    }

    // part ÷ whole in tenths of a percent; whole > 0.
    private static int ShareTenths(decimal part, decimal whole)
    {
        // Dividing by the cap first cannot overflow, and then part ÷ whole cannot either.
        if (part / MaxShare >= whole)
            return MaxShareTenths;
        if (part / MaxShare <= -whole)
            return -MaxShareTenths;

        return (int)decimal.Round(part / whole * 1000m, 0, MidpointRounding.AwayFromZero);
    }

    private static int ExpectedTenths(TaskFacts facts, int day, int deadlineDay, int time, int work, int graceDays, out int missedMilestone)
    {
        missedMilestone = -1;
        if (day < facts.Start.DayNumber)
            return 0;

        var milestones = facts.Milestones;
        var wholePoints = facts.Indicator is null;
        var stepwise = 0;
        for (var i = 0; i < milestones.Count; i++)
        {
            var milestone = milestones[i];
            // Due from the day after Date + grace; milestones are ordered by date, so the first not due ends it.
            if (milestone.Date.DayNumber + graceDays >= day)
                break;

            stepwise = PlannedTenths(milestone.PlannedPercent, wholePoints);
            if (work < stepwise)
                missedMilestone = i;
        }

        if (facts.Indicator is { } indicator
            && (indicator.Measure == IndicatorMeasure.Rate || indicator.Direction == IndicatorDirection.LowerIsBetter))
        {
            return FullTenths;
        }

        if (milestones.Count > 0)
            return day > deadlineDay ? FullTenths : stepwise;

        return time;
    }

    private static int PlannedTenths(decimal plannedPercent, bool wholePoints)
    {
        var clamped = Math.Clamp(plannedPercent, 0m, 100m);
        return wholePoints
            ? (int)decimal.Round(clamped, 0, MidpointRounding.AwayFromZero) * 10
            : (int)decimal.Round(clamped * 10m, 0, MidpointRounding.AwayFromZero);
    }

    private static int CountOverdueReports(IReadOnlyList<DueReport> reports, int day, int graceDays, out int firstOverdue)
    {
        firstOverdue = -1;
        var count = 0;
        var n = reports.Count;
        for (var i = 0; i < n; i++)
        {
            var report = reports[i];
            // Ordered by due date: once one is still within its grace, so are all later ones.
            if (report.DueDate.DayNumber + graceDays >= day)
                break;

            // A late submission counts from the day it was submitted, so an earlier as-of still sees it missing.
            if (report.SubmittedAt is not { } submitted || submitted.DayNumber > day)
            {
                if (firstOverdue < 0)
                    firstOverdue = i;
                count++;
            }
        }

        return count;
    }
}
