namespace Supervision.Core.Rules;

/// <summary>
/// The judging rules of seed 002/003 as pure functions of <see cref="TaskFacts"/> and a <see cref="JudgementPoint"/>.
/// Nothing here reads a clock: the caller passes the point (today's, a past date's or a period's), and only what is
/// dated by it counts, so the same call answers "as of today", "as of any past date" and "for a period". The meaning
/// is written down in docs/glossary.md; this is its one implementation, which every screen and document reads.
/// </summary>
/// <remarks>
/// <para>Definitions (percentages are rounded half away from zero; all comparisons use the rounded figures, so the
/// light always agrees with the printed words):</para>
/// <list type="bullet">
/// <item><b>Time progress</b>: days elapsed ÷ days in [Start, Deadline], both counted inclusively (the as-of day
/// counts as elapsed), to a whole percent. Before Start it is 0; on and after the deadline day it is 100%. A span
/// of one day or less (Deadline ≤ Start) is 0 before the deadline day and 100% from it.</item>
/// <item><b>The report that counts</b>: of the accepted points with AcceptedAt ≤ cut-off whose cycle began by the
/// as-of date, the one for the latest cycle (the latest accepted of that cycle). <b>Work progress</b> is its value:
/// percentage tasks Percent clamped to 0–100, to a whole percent; indicator tasks, to 0.1 percent, higher-is-better
/// actual ÷ target, lower-is-better 100% when actual ≤ target, else target ÷ actual. A non-positive target cannot
/// form a share, so it is judged met (100%) or not (0%).</item>
/// <item><b>Expected progress</b>: 0 before Start. Rate indicators and lower-is-better indicators 100% (a rate
/// or a ceiling must hold all the time). Tasks with milestones: the planned percent of the last due milestone
/// (due from the day after Date + <see cref="RuleThresholds.MilestoneGraceDays"/>; 0 before the first is due;
/// 100% after the deadline). Otherwise the time progress.</item>
/// <item><b>Lag</b>: expected − work, in percentage points; 0 for done and cancelled tasks and without a report that counts.</item>
/// <item><b>未报送</b>: the latest owed cycle ended by the as-of date whose own cut-off (due + grace + review days) is
/// on or before the point's cut-off has no report that counts for it or a later cycle; or the latest cycle whose due
/// date + grace passed before the as-of date was not sent by the cut-off (nor any later one).</item>
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

    /// <summary>Judges one task live as of <paramref name="asOf"/>: everything accepted by that day counts.</summary>
    public static TaskEvaluation Evaluate(TaskFacts facts, DateOnly asOf, RuleThresholds thresholds) =>
        Evaluate(facts, JudgementPoint.Live(asOf), thresholds);

    /// <summary>
    /// Judges one task at <paramref name="point"/>: the report that counts, progress figures, 未报送, 双过半, the
    /// state and its cause, and the period class. Allocation-free, for evaluating every task at once; call
    /// <see cref="TaskEvaluation.Describe"/> for words.
    /// </summary>
    /// <remarks>
    /// State precedence: Cancelled (cancelled by the as-of date) → NotAssigned (not 交办 by then) → Done (closed, or a
    /// percentage task at 100%) → Unreported → Red (past the deadline below 100%; a due milestone not reached; lag ≥
    /// RedLagPoints) → Yellow (lag ≥ YellowLagPoints, an indicator with any lag, 双过半 not met) → Green with a report
    /// that counts, NotYetDue without one. The period class is the state renamed (see <see cref="PeriodOutcome"/>).
    /// </remarks>
    public static TaskEvaluation Evaluate(TaskFacts facts, JudgementPoint point, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(thresholds);

        var day = point.AsOf.DayNumber;
        var cutoff = point.Cutoff.DayNumber;
        var deadlineDay = facts.DeadlineOn(point.AsOf).DayNumber;
        var indicator = facts.Indicator;
        var classedAsIndicator = indicator is not null && facts.CountsAsIndicator;

        var time = TimeTenths(facts.Start.DayNumber, deadlineDay, day);
        var latest = CountingPointIndex(facts.Progress, day, cutoff, indicator is not null);
        var hasReport = latest >= 0;
        var work = hasReport ? WorkTenths(facts.Progress, latest, indicator) : 0;
        var expected = ExpectedTenths(facts, day, deadlineDay, time, work, thresholds.MilestoneGraceDays, out var missedMilestone);
        var countedEnd = hasReport ? facts.Progress[latest].CycleEnd.DayNumber : int.MinValue;
        var owed = ScanOwedReports(facts.DueReports, day, cutoff, countedEnd, thresholds, out var overdueCount, out var overdueIndex, out var requiredIndex);

        var cancelled = facts.CancelledOn is { } cancelledOn && cancelledOn.DayNumber <= day;
        var assigned = facts.AssignedOn is { } assignedOn && assignedOn.DayNumber <= day;
        var closed = facts.ClosedOn is { } closedOn && closedOn.DayNumber <= day;
        // Indicators are never "done" by their numbers: exceeding a target mid-year is not a close-out.
        var reachedFull = indicator is null && work >= FullTenths;
        var settled = cancelled || closed || reachedFull;
        var lag = settled || !hasReport ? 0 : expected - work;
        var pastDeadline = !settled && day > deadlineDay && work < FullTenths;

        DoubleHalfStatus doubleHalf;
        if (cancelled || !assigned)
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
        else if (!assigned)
            (light, cause) = (TrafficLight.NotAssigned, LightCause.NotAssigned);
        else if (closed)
            (light, cause) = (TrafficLight.Done, LightCause.Closed);
        else if (reachedFull)
            (light, cause) = (TrafficLight.Done, LightCause.ReachedFullProgress);
        else if (owed.Missing >= 0)
            (light, cause) = (TrafficLight.Unreported, owed.NeverSent ? LightCause.ReportOverdue : LightCause.ReportNotAccepted);
        else if (pastDeadline)
            (light, cause) = (TrafficLight.Red, LightCause.PastDeadline);
        else if (missedMilestone >= 0)
            (light, cause) = (TrafficLight.Red, LightCause.MilestoneMissed);
        else if (lag > 0 && lag >= thresholds.RedLagTenths)
            (light, cause) = (TrafficLight.Red, LightCause.SeriouslyLagging);
        // An indicator is either on schedule or not (seed 002 counts it so), so any lag makes it yellow.
        else if (lag > 0 && (lag >= thresholds.YellowLagTenths || classedAsIndicator))
            (light, cause) = (TrafficLight.Yellow, LightCause.Lagging);
        else if (doubleHalf == DoubleHalfStatus.NotMet)
            (light, cause) = (TrafficLight.Yellow, LightCause.DoubleHalfNotMet);
        else if (!hasReport)
            (light, cause) = (TrafficLight.NotYetDue, LightCause.NotYetDue);
        else
            (light, cause) = (TrafficLight.Green, LightCause.OnSchedule);

        return new TaskEvaluation(
            point, time, work, expected, lag, hasReport, latest, doubleHalf, light, cause, OutcomeOf(light, classedAsIndicator),
            settled ? -1 : missedMilestone, overdueIndex, overdueCount, light == TrafficLight.Unreported ? owed.Missing : -1, requiredIndex,
            light == TrafficLight.Unreported && owed.Overdue);
    }

    /// <summary>The period class of a state: 完成 / 部分完成 / 未完成 / 未报送 / 取消, or an indicator's 完成进度 / 未完成进度 / 暂无数据.</summary>
    public static PeriodOutcome OutcomeOf(TrafficLight light, bool indicator) => light switch
    {
        TrafficLight.Cancelled => PeriodOutcome.Cancelled,
        TrafficLight.Done or TrafficLight.Green => indicator ? PeriodOutcome.OnSchedule : PeriodOutcome.Completed,
        TrafficLight.Yellow => indicator ? PeriodOutcome.BehindSchedule : PeriodOutcome.PartiallyCompleted,
        TrafficLight.Red => indicator ? PeriodOutcome.BehindSchedule : PeriodOutcome.NotCompleted,
        TrafficLight.Unreported => indicator ? PeriodOutcome.NoData : PeriodOutcome.Unreported,
        _ => PeriodOutcome.NotCounted,
    };

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
        var latest = CountingPointIndex(facts.Progress, asOf.DayNumber, asOf.DayNumber, facts.Indicator is not null);
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

    /// <summary>The period class of the task at <paramref name="point"/> (a period: its end and its cut-off).</summary>
    public static PeriodOutcome ClassifyPeriod(TaskFacts facts, JudgementPoint point, RuleThresholds? thresholds = null) =>
        Evaluate(facts, point, thresholds ?? RuleThresholds.Default).Outcome;

    /// <summary>
    /// For indicator tasks, whether the indicator is on schedule (完成进度) or not (未完成进度) at the point, as counted in
    /// seed 002 ("3项完成进度 … 5项未完成进度"); null for non-indicator tasks and when there is no figure to judge
    /// (暂无数据, cancelled, not counted).
    /// </summary>
    public static bool? IndicatorOnSchedule(in TaskEvaluation evaluation) => evaluation.Outcome switch
    {
        PeriodOutcome.OnSchedule => true,
        PeriodOutcome.BehindSchedule => false,
        _ => null,
    };

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

    // The report for the latest cycle begun by the day among those accepted by the cut-off (ties: the latest accepted,
    // which is the later one in the list: points come in order of acceptance).
    private static int CountingPointIndex(IReadOnlyList<ProgressPoint> progress, int day, int cutoff, bool indicator)
    {
        var best = -1;
        var bestEnd = int.MinValue;
        var n = progress.Count;
        for (var i = 0; i < n; i++)
        {
            var point = progress[i];
            if (point.AcceptedAt.DayNumber > cutoff || point.PeriodStart.DayNumber > day
                || !(indicator ? point.IndicatorActual.HasValue : point.Percent.HasValue))
            {
                continue;
            }

            var end = point.CycleEnd.DayNumber;
            if (end >= bestEnd)
            {
                best = i;
                bestEnd = end;
            }
        }

        return best;
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

    /// <summary>Which owed report makes the task 未报送 (Missing, -1 for none), whether it was never sent, and whether it is one of the overdue ones.</summary>
    private readonly record struct OwedState(int Missing, bool NeverSent, bool Overdue);

    // One pass over the owed reports (ordered by due date): the overdue ones (due + grace passed by the day, not sent
    // by the cut-off), the cycle the point requires (ended by the day, its own cut-off passed by the point's), and
    // whether the task is 未报送 because of either.
    private static OwedState ScanOwedReports(
        IReadOnlyList<DueReport> reports, int day, int cutoff, int countedEnd, RuleThresholds thresholds, out int overdueCount, out int firstOverdue, out int required)
    {
        var grace = thresholds.ReportGraceDays;
        var review = thresholds.ReviewDays;
        overdueCount = 0;
        firstOverdue = -1;
        required = -1;
        var latestPastDue = -1;
        var n = reports.Count;
        for (var i = 0; i < n; i++)
        {
            var report = reports[i];
            var due = report.DueDate.DayNumber;
            if (due + grace < day)
            {
                latestPastDue = i;
                // A late submission counts from the day it was sent, so an earlier point still sees it missing.
                if (report.SubmittedAt is not { } sent || sent.DayNumber > cutoff)
                {
                    if (firstOverdue < 0)
                        firstOverdue = i;
                    overdueCount++;
                }
            }

            if (report.CycleEnd.DayNumber <= day && due + grace + review <= cutoff)
                required = i;
        }

        if (required >= 0 && countedEnd < reports[required].CycleEnd.DayNumber)
        {
            var r = reports[required];
            var overdue = r.DueDate.DayNumber + grace < day && (r.SubmittedAt is not { } s || s.DayNumber > cutoff);
            return new OwedState(required, !SentFrom(reports, required, cutoff), overdue);
        }

        // A later report covers an earlier gap: only the latest overdue cycle decides.
        if (latestPastDue >= 0 && !SentFrom(reports, latestPastDue, cutoff))
            return new OwedState(latestPastDue, true, true);
        return new OwedState(-1, false, false);
    }

    private static bool SentFrom(IReadOnlyList<DueReport> reports, int from, int cutoff)
    {
        for (var i = from; i < reports.Count; i++)
        {
            if (reports[i].SubmittedAt is { } sent && sent.DayNumber <= cutoff)
                return true;
        }

        return false;
    }
}
