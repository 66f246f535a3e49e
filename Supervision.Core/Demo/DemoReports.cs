using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Demo;

internal enum StepKind
{
    Open,
    Send,
    SupervisorApprove,
    PrincipalApprove,
    Accept,
    Return,
    Edit,
    UnitReject,
}

/// <summary>One step of a report's planned walk through the chain.</summary>
internal sealed record PlannedStep(StepKind Kind, DateTime At, string? Text = null);

/// <summary>The report of one period as it will be written: steps (cut at "now"), contents and value.</summary>
internal sealed class PeriodPlan
{
    public required ReportPeriod Period { get; init; }
    public required int Index { get; init; }
    public required bool IsFinal { get; init; }
    public required Detour Detour { get; set; }
    public required bool Late { get; init; }
    public List<PlannedStep> Steps { get; set; } = [];

    /// <summary>Progress percent this report states (for indicators: share of target, for the wording only).</summary>
    public int Percent { get; set; }

    /// <summary>The indicator actual, for indicator tasks.</summary>
    public decimal? Actual { get; set; }

    /// <summary>Content of the first revision, and the content finally sent (different after a detour).</summary>
    public ReportContent First { get; set; } = default!;

    public ReportContent Final { get; set; } = default!;

    public DateTime? AcceptedAt => Steps.LastOrDefault(s => s.Kind == StepKind.Accept)?.At;
}

/// <summary>Everything that happens to one task after it is assigned.</summary>
internal sealed class TaskPlan
{
    public List<PeriodPlan> Periods { get; } = [];
    public DateTime? CompletionRequestedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? CancelledAt { get; set; }

    /// <summary>True when the last accepted value is 100% (the work is done even if not closed yet).</summary>
    public bool WorkDone { get; set; }
}

/// <summary>
/// Plans the reports of one task from its <see cref="Pace"/>: when each step happens (drafted a few days before the
/// due date, two approvals, accepted a day or two later; sometimes late, returned or rejected in the unit), and what
/// each report says, so that as of today the task lands on the light its pace describes. Nothing is dated after now.
/// </summary>
internal sealed class ReportPlanner(DateTime now, DateOnly today)
{
    private const int MonthlyLeadDays = 32;
    private const int QuarterlyLeadDays = 80;
    private const int EarlyLeadDays = 130;

    public TaskPlan Plan(TaskSpec spec, string number, DateTime notBefore)
    {
        var plan = new TaskPlan();
        var periods = ReportSchedule.PeriodsFor(spec.Start, spec.Deadline, spec.Cycle);
        DateTime? cancelAt = spec.Pace == Pace.Cancelled ? DemoTime.At(new DateOnly(spec.Start.Year, 5, 20), 15, 10) : null;
        if (cancelAt > now)
            cancelAt = null;

        var settled = periods.Count(p => p.DueDate.AddDays(20) <= today);
        var detourIndex = spec.Detour == Detour.None || settled == 0
            ? -1
            : spec.Detour == Detour.Returned ? settled / 2 : Math.Max(0, (settled / 2) - 1);

        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            var rng = DemoRandom.For($"{number}|{period.Key}");
            var late = spec.Cycle == ReportCycle.Once
                ? spec.LateResult
                : i != detourIndex && rng.Chance(0.05);
            var p = new PeriodPlan
            {
                Period = period,
                Index = i,
                IsFinal = i == periods.Count - 1,
                Detour = i == detourIndex ? spec.Detour : Detour.None,
                Late = late,
            };
            p.Steps = Steps(spec, p, rng, notBefore);
            if (p.Steps[0].At > now || (cancelAt is { } c && p.Steps[0].At >= c))
                break;
            p.Steps = p.Steps.TakeWhile(s => s.At <= now && (cancelAt is null || s.At < cancelAt)).ToList();
            plan.Periods.Add(p);
        }

        if (spec.Pace == Pace.Silent)
        {
            var missing = plan.Periods.FindLastIndex(p => p.Period.DueDate.AddDays(3) < today);
            if (missing >= 1)
                plan.Periods.RemoveRange(missing, plan.Periods.Count - missing);
        }

        if (spec.Stall != Stall.None && plan.Periods.Count > 0)
        {
            // What is still moving through the chain is a current report. Once the last one's review time is over
            // (due + grace + review days), the office has decided on it, and the report in motion is the next
            // period's, which the unit began drafting a few days ago.
            var reviewWindow = RuleThresholds.Default.ReportGraceDays + RuleThresholds.Default.ReviewDays;
            if (plan.Periods[^1].Period.DueDate.AddDays(reviewWindow) < today && spec.Stall != Stall.ReturnedPending
                && plan.Periods[^1].Index + 1 < periods.Count && periods[plan.Periods[^1].Index + 1] is { } next && next.Start < today)
            {
                var rng = DemoRandom.For($"{number}|{next.Key}|current");
                var opened = today.AddDays(-rng.Between(3, 6));
                var current = new PeriodPlan
                {
                    Period = next,
                    Index = plan.Periods[^1].Index + 1,
                    IsFinal = plan.Periods[^1].Index + 2 == periods.Count,
                    Detour = Detour.None,
                    Late = false,
                };
                current.Steps = Steps(spec, current, rng, notBefore, opened < next.Start ? next.Start : opened).TakeWhile(s => s.At <= now).ToList();
                if (current.Steps.Count > 0)
                    plan.Periods.Add(current);
            }

            // A report held inside the unit past its grace period would be 逾期未报. The believable way for a
            // report to be back in the unit's hands late is a return: the first revision went out on time, the
            // inspector sent it back, and the correction now waits for the operator or the reviewers.
            var last = plan.Periods[^1];
            var inUnit = spec.Stall is Stall.Draft or Stall.AwaitingSupervisor or Stall.AwaitingPrincipal;
            var overdue = last.Period.DueDate.AddDays(3) < today;
            if ((spec.Stall == Stall.ReturnedPending || (inUnit && overdue)) && last.Detour != Detour.Returned)
            {
                var original = last.Detour;
                last.Detour = Detour.Returned;
                var steps = Steps(spec, last, DemoRandom.For($"{number}|{last.Period.Key}|stall"), notBefore)
                    .TakeWhile(s => s.At <= now).ToList();
                if (steps.Count > 0)
                    last.Steps = steps;
                else
                    last.Detour = original;
            }

            last.Steps = Cut(last.Steps, spec.Stall);
        }

        AssignValues(spec, number, plan);
        Finish(spec, number, plan, cancelAt);
        return plan;
    }

    /// <summary>Stops the steps where the report waits in <paramref name="stall"/>; after a return, in the second round.</summary>
    private static List<PlannedStep> Cut(List<PlannedStep> steps, Stall stall)
    {
        var returned = steps.FindIndex(s => s.Kind == StepKind.Return);
        var from = returned < 0 || stall == Stall.Submitted ? 0 : returned + 1;
        var stopAt = steps.FindIndex(from, s => stall switch
        {
            Stall.Draft => s.Kind == StepKind.Send,
            Stall.AwaitingSupervisor => s.Kind == StepKind.SupervisorApprove,
            Stall.AwaitingPrincipal => s.Kind == StepKind.PrincipalApprove,
            Stall.Submitted => s.Kind is StepKind.Accept or StepKind.Return,
            _ => s.Kind == StepKind.Edit,
        });
        return stopAt < 0 ? steps : steps.Take(stopAt).ToList();
    }

    private static List<PlannedStep> Steps(TaskSpec spec, PeriodPlan p, DemoRandom rng, DateTime notBefore, DateOnly? openOn = null)
    {
        var due = p.Period.DueDate;
        DateOnly openDate;
        if (openOn is { } early)
            openDate = early;
        else if (p.Late)
            openDate = due.AddDays(rng.Between(3, 5));
        else if (spec.Cycle == ReportCycle.Once)
            openDate = due.AddDays(-rng.Between(2, 6));
        else
            openDate = due.AddDays(-rng.Between(1, 5));

        var steps = new List<PlannedStep>();
        var t = DemoTime.Office(openDate, rng);
        if (t <= notBefore)
            t = DemoTime.After(notBefore, rng, 1, 2);
        steps.Add(new(StepKind.Open, t));
        t = t.AddMinutes(rng.Between(15, 150));
        steps.Add(new(StepKind.Send, t));

        if (p.Detour == Detour.RejectedInUnit)
        {
            t = DemoTime.After(t, rng, 0, 1);
            steps.Add(new(StepKind.UnitReject, t, rng.Pick(DemoTexts.UnitRejectReasons)));
            t = DemoTime.After(t, rng, 0, 1);
            steps.Add(new(StepKind.Edit, t));
            t = t.AddMinutes(rng.Between(10, 60));
            steps.Add(new(StepKind.Send, t));
        }

        t = DemoTime.After(t, rng, 0, 1);
        steps.Add(new(StepKind.SupervisorApprove, t, rng.Pick(DemoTexts.SupervisorComments)));
        t = DemoTime.After(t, rng, 0, 1);
        if (p.Late && ChinaTime.DateOf(t) <= due.AddDays(3))
            t = DemoTime.Office(due.AddDays(rng.Between(4, 6)), rng);
        steps.Add(new(StepKind.PrincipalApprove, t, rng.Pick(DemoTexts.PrincipalComments)));

        if (p.Detour == Detour.Returned)
        {
            t = DemoTime.Weekday(DemoTime.After(t, rng, 1, 2));
            steps.Add(new(StepKind.Return, t, rng.Pick(DemoTexts.ReturnReasons)));
            t = DemoTime.After(t, rng, 0, 1);
            steps.Add(new(StepKind.Edit, t));
            t = t.AddMinutes(rng.Between(10, 90));
            steps.Add(new(StepKind.Send, t));
            t = DemoTime.After(t, rng, 0, 1);
            steps.Add(new(StepKind.SupervisorApprove, t, rng.Pick(DemoTexts.SupervisorComments)));
            t = DemoTime.After(t, rng, 0, 1);
            steps.Add(new(StepKind.PrincipalApprove, t, rng.Pick(DemoTexts.PrincipalComments)));
        }

        t = DemoTime.Weekday(DemoTime.After(t, rng, 1, 2));
        var lagging = spec.Pace is Pace.Lagging or Pace.Behind or Pace.MilestoneMiss or Pace.Overrun;
        var comment = spec.Cycle == ReportCycle.Once ? rng.Pick(DemoTexts.ResultAcceptComments)
            : lagging && rng.Chance(0.5) ? rng.Pick(DemoTexts.LaggingAcceptComments)
            : rng.Pick(DemoTexts.AcceptComments);
        steps.Add(new(StepKind.Accept, t, comment));
        return steps;
    }

    private void AssignValues(TaskSpec spec, string number, TaskPlan plan)
    {
        var periods = plan.Periods;
        if (periods.Count == 0)
            return;

        if (spec.Indicator is { Measure: IndicatorMeasure.Rate } rate)
        {
            foreach (var p in periods)
            {
                var rng = DemoRandom.For($"{number}|{p.Period.Key}|value");
                var fraction = (p.Period.End.Month - 1) / 11m;
                var value = rate.From + ((rate.To - rate.From) * fraction) + (rng.Between(-2, 2) / 10m);
                p.Actual = Math.Max(0m, Math.Round(value, 1, MidpointRounding.AwayFromZero));
                p.Percent = (int)Math.Round(p.Actual.Value / rate.Target * 100m);
            }

            Compose(spec, number, periods);
            return;
        }

        var green = new int[periods.Count];
        var previous = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            var rng = DemoRandom.For($"{number}|{periods[i].Period.Key}|value");
            green[i] = previous = Math.Max(previous, GreenPercent(spec, periods[i], rng));
        }

        var q = periods.FindLastIndex(p => p.AcceptedAt is not null);
        var values = (int[])green.Clone();
        var behind = spec.Pace is Pace.Lagging or Pace.Behind or Pace.MilestoneMiss or Pace.Overrun;
        if (behind && q >= 0)
        {
            var rng = DemoRandom.For($"{number}|lag");
            var expected = ExpectedPercent(spec);
            var work = spec.Pace switch
            {
                Pace.Lagging => expected - rng.Between(12, 16),
                Pace.Behind => expected - rng.Between(22, 30),
                Pace.Overrun => expected - rng.Between(14, 18),
                _ => LastDueMilestone(spec) is { } m ? (int)m.Percent - rng.Between(6, 12) : green[q],
            };
            work = Math.Clamp(work, 1, Math.Min(green[q], 99));
            var planQ = Math.Max(1.0, PlanPercent(spec, periods[q].Period.End));
            var last = 0;
            for (var i = 0; i <= q; i++)
            {
                var scaled = i == q ? work : (int)Math.Round(work * PlanPercent(spec, periods[i].Period.End) / planQ);
                values[i] = last = Math.Clamp(scaled, Math.Max(last, 1), work);
            }

            for (var i = q + 1; i < periods.Count; i++)
                values[i] = last = Math.Min(99, last + rng.Between(1, 3));
        }
        else if (behind)
        {
            for (var i = 0; i < periods.Count; i++)
                values[i] = Math.Max(1, (int)Math.Round(green[i] * 0.7));
        }

        for (var i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            p.Percent = spec.Cycle == ReportCycle.Once ? 100 : values[i];
            if (spec.Indicator is { } cumulative)
            {
                var rng = DemoRandom.For($"{number}|{p.Period.Key}|actual");
                var share = p.Percent >= 100 ? 1m + (rng.Between(0, 4) / 100m) : p.Percent / 100m;
                var decimals = cumulative.Target >= 1000 ? 0 : cumulative.Unit == "公里" ? 1 : 0;
                var actual = Math.Round(cumulative.Target * share, decimals, MidpointRounding.AwayFromZero);
                if (cumulative.Target >= 1000)
                    actual = Math.Round(actual / 10m, MidpointRounding.AwayFromZero) * 10m;
                p.Actual = actual;
            }
        }

        Compose(spec, number, periods);
    }

    /// <summary>Percent on a good schedule: what the plan asks for a month (a quarter) ahead, so the task stays green until the next report.</summary>
    private static int GreenPercent(TaskSpec spec, PeriodPlan p, DemoRandom rng)
    {
        if (spec.Cycle == ReportCycle.Once)
            return 100;
        var lead = spec.Pace == Pace.Early ? EarlyLeadDays : spec.Cycle == ReportCycle.Quarterly ? QuarterlyLeadDays : MonthlyLeadDays;
        var ahead = p.Period.End.AddDays(lead);
        var percent = (int)Math.Ceiling(PlanPercent(spec, ahead)) + rng.Between(0, 3);
        if (percent >= 96)
        {
            var finishes = p.IsFinal || spec.Pace == Pace.Early || p.Period.End.AddDays(31) >= spec.Deadline;
            percent = finishes ? 100 : 95;
        }

        return Math.Clamp(percent, 1, 100);
    }

    /// <summary>The plan as a continuous curve: straight through the milestones, or the elapsed share of the span.</summary>
    private static double PlanPercent(TaskSpec spec, DateOnly day)
    {
        if (day >= spec.Deadline)
            return 100;
        if (day < spec.Start)
            return 0;
        var points = new List<(int Day, double Percent)> { (spec.Start.DayNumber - 1, 0) };
        points.AddRange(spec.Milestones.Select(m => (m.Date.DayNumber, (double)m.Percent)));
        if (points[^1].Day < spec.Deadline.DayNumber)
            points.Add((spec.Deadline.DayNumber, 100));
        for (var i = 1; i < points.Count; i++)
        {
            if (day.DayNumber <= points[i].Day)
            {
                var (d0, p0) = points[i - 1];
                var (d1, p1) = points[i];
                return p0 + ((p1 - p0) * (day.DayNumber - d0) / (d1 - d0));
            }
        }

        return 100;
    }

    /// <summary>What the rules expect today: the last due milestone's plan, or the time progress.</summary>
    private int ExpectedPercent(TaskSpec spec)
    {
        if (today > spec.Deadline)
            return 100;
        if (spec.Milestones.Count > 0)
            return LastDueMilestone(spec) is { } m ? (int)m.Percent : 0;
        return DemoTime.TimePercent(spec.Start, spec.Deadline, today);
    }

    private MilestoneSpec? LastDueMilestone(TaskSpec spec) => spec.Milestones.LastOrDefault(m => m.Date < today);

    private void Finish(TaskSpec spec, string number, TaskPlan plan, DateTime? cancelAt)
    {
        if (cancelAt is not null)
        {
            plan.CancelledAt = cancelAt;
            return;
        }

        if (spec.Indicator is not null)
            return;
        var done = plan.Periods.FindIndex(p => p.Percent >= 100);
        if (done < 0)
            return;
        plan.Periods.RemoveRange(done + 1, plan.Periods.Count - done - 1);
        if (plan.Periods[done].AcceptedAt is not { } accepted)
            return;

        plan.WorkDone = true;
        var rng = DemoRandom.For($"{number}|close");
        var requested = DemoTime.After(accepted, rng, 1, 3);
        if (requested > now)
            return;
        plan.CompletionRequestedAt = requested;
        var closed = DemoTime.Weekday(DemoTime.After(requested, rng, 1, 4));
        if (closed <= now)
            plan.ClosedAt = closed;
    }

    private void Compose(TaskSpec spec, string number, List<PeriodPlan> periods)
    {
        var bank = DemoTexts.Banks[spec.TextKey];
        var behind = spec.Pace is Pace.Lagging or Pace.Behind or Pace.MilestoneMiss or Pace.Overrun;
        foreach (var p in periods)
        {
            var rng = DemoRandom.For($"{number}|{p.Period.Key}|text");
            var actions = rng.PickDistinct(bank.Actions, 2);
            var next = string.Join("；", rng.PickDistinct(bank.Next, 2)) + "。";
            string? problems;
            if (behind && p.Index > 0)
                problems = rng.Pick(bank.Serious) + "。" + (rng.Chance(0.5) ? rng.Pick(bank.Problems) + "。" : "");
            else if (spec.Indicator is { Measure: IndicatorMeasure.Rate } ind && p.Actual < ind.Target && ind.Direction == IndicatorDirection.HigherIsBetter)
                problems = rng.Pick(bank.Serious) + "。";
            else
                problems = rng.Chance(0.45) ? null : rng.Pick(bank.Problems) + "。";
            if (p.Detour != Detour.None)
                problems ??= rng.Pick(bank.Problems) + "。";

            var progress = spec.Indicator switch
            {
                { Measure: IndicatorMeasure.Rate } r => RateText(r, p, actions),
                { } c => $"{p.Period.Label}，{actions[0]}；{actions[1]}。截至{DemoTime.MonthDay(p.Period.End)}，{c.Name}累计完成{p.Actual:0.#}{c.Unit}，完成年度目标的{Math.Round(p.Actual!.Value / c.Target * 100m)}%。",
                _ when spec.Cycle == ReportCycle.Once => $"{actions[0]}；{actions[1]}。目前批示要求事项已全部办结，{(spec.Source == TaskSource.MeetingDecision ? "会议确定事项已落实到位" : "办理结果已报市领导")}。",
                _ => $"{p.Period.Label}，{actions[0]}；{actions[1]}。截至{DemoTime.MonthDay(p.Period.End)}，{spec.Title}累计完成年度目标任务的{p.Percent}%{MilestoneNote(spec, p)}。",
            };
            if (spec.Cycle == ReportCycle.Once && spec.Source == TaskSource.MeetingDecision)
                progress = progress.Replace("批示要求事项", "会议决定事项", StringComparison.Ordinal);

            var percent = spec.Indicator is null ? p.Percent : (decimal?)null;
            p.Final = new ReportContent(progress, problems, next, percent, p.Actual);
            p.First = p.Detour == Detour.None
                ? p.Final
                : new ReportContent($"{p.Period.Label}，{actions[0]}，各项工作有序推进。", null, "继续抓好落实。", percent, p.Actual);
        }
    }

    private static string MilestoneNote(TaskSpec spec, PeriodPlan p)
    {
        var passed = spec.Milestones.LastOrDefault(m => m.Date <= p.Period.End);
        if (passed is not null && p.Percent < passed.Percent)
            return $"，“{passed.Title}”节点（计划{passed.Percent:0}%）未按期完成";
        var upcoming = spec.Milestones.FirstOrDefault(m => m.Date > p.Period.End);
        if (upcoming is null || p.Percent >= 100)
            return "";
        return p.Percent >= upcoming.Percent
            ? $"，已提前达到“{upcoming.Title}”节点要求"
            : $"，下一节点为{DemoTime.MonthDay(upcoming.Date)}前“{upcoming.Title}”（计划{upcoming.Percent:0}%）";
    }

    private static string RateText(IndicatorSpec r, PeriodPlan p, List<string> actions)
    {
        var month = p.Period.End.Month;
        var span = p.Period.Key.Contains("-Q", StringComparison.Ordinal)
            ? month switch { 3 => "一季度", 6 => "上半年", 9 => "前三季度", _ => "全年" }
            : month == 1 ? "1月" : $"1—{month}月";
        var actual = p.Actual!.Value;
        var diff = Math.Abs(actual - r.Target);
        string compare;
        if (r.Direction == IndicatorDirection.LowerIsBetter)
            compare = actual <= r.Target ? $"控制在{r.Target:0.#}%左右的年度目标以内" : $"超出调控目标{diff:0.0}个百分点";
        else
            compare = actual > r.Target ? $"高于年度目标{diff:0.0}个百分点" : actual == r.Target ? "与年度目标持平" : $"低于年度目标{diff:0.0}个百分点";
        var subject = r.Name.Replace("增速", "", StringComparison.Ordinal).Replace("涨幅", "", StringComparison.Ordinal);
        return $"{span}，全市{subject}{r.Verb}{actual:0.0}%，{compare}。{actions[0]}；{actions[1]}。";
    }
}
