namespace Supervision.Core.Rules;

/// <summary>
/// 评价时点: what a judgement is "as of". <see cref="AsOf"/> (截至日) is the day the schedule is judged at — time and
/// expected progress, milestones, the deadline in force, which tasks existed and were assigned, which reports had
/// fallen due. <see cref="Cutoff"/> (采纳截止日) is the last day whose reports count: sent and accepted on or before it.
/// </summary>
/// <remarks>
/// The live view is judged at (today, today). A past date E, and a period ending on E, are judged with the reports
/// accepted by E + <see cref="DueDayOffset"/> + <see cref="RuleThresholds.ReportGraceDays"/> +
/// <see cref="RuleThresholds.ReviewDays"/> (上半年: 7月15日), or by now when that is earlier — so the 看板 as of 6月30日 and
/// the 上半年 documents count the same June reports. See docs/glossary.md.
/// </remarks>
public readonly record struct JudgementPoint(DateOnly AsOf, DateOnly Cutoff)
{
    /// <summary>
    /// Days from the end of a reporting cycle to its report's due date: a month's report is due on the 5th of the next
    /// month (<c>ReportSchedule.DefaultDueDay</c> is this value).
    /// </summary>
    public const int DueDayOffset = 5;

    /// <summary>Today, with everything accepted so far.</summary>
    public static JudgementPoint Live(DateOnly today) => new(today, today);

    /// <summary>
    /// The point for <paramref name="asOf"/> seen at <paramref name="now"/>: the full cut-off once it has passed,
    /// otherwise <paramref name="now"/> (never before <paramref name="asOf"/>).
    /// </summary>
    public static JudgementPoint At(DateOnly asOf, DateOnly now, RuleThresholds thresholds)
    {
        var full = FullCutoff(asOf, thresholds);
        var cutoff = now < full ? now : full;
        return new JudgementPoint(asOf, cutoff < asOf ? asOf : cutoff);
    }

    /// <summary>The cut-off of <paramref name="asOf"/> once every report it requires has had its due day, grace and review days.</summary>
    public static DateOnly FullCutoff(DateOnly asOf, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return asOf.AddDays(DueDayOffset + thresholds.ReportGraceDays + thresholds.ReviewDays);
    }

    /// <summary>True when the cut-off is the full one (the figures for <see cref="AsOf"/> will not change any more).</summary>
    public bool IsFinal(RuleThresholds thresholds) => Cutoff >= FullCutoff(AsOf, thresholds);

    /// <summary>True for the live view, where both days are the same.</summary>
    public bool IsLive => AsOf == Cutoff;
}
