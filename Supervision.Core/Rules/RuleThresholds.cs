using System.ComponentModel.DataAnnotations;

namespace Supervision.Core.Rules;

/// <summary>
/// The one place where the judging thresholds live. Bound from the configuration section
/// <see cref="SectionName"/> ("Rules"); anything not configured keeps the default documented on its property.
/// </summary>
/// <remarks>
/// Lag is measured in percentage points of progress: expected progress minus work progress, both as printed
/// (whole points for percentage tasks, 0.1 point for indicator tasks). A threshold is reached when the lag is
/// equal to or greater than it, so the default 10 makes exactly 10 points behind yellow.
/// </remarks>
public sealed record RuleThresholds : IValidatableObject
{
    /// <summary>Configuration section the thresholds are bound from.</summary>
    public const string SectionName = "Rules";

    // The bulk path compares in tenths of a point; converting the decimals once here instead of once per task
    // keeps decimal arithmetic out of the hot loop. The initial values must match the property defaults.
    private int _yellowLagTenths = 100;
    private int _redLagTenths = 200;
    private int _doubleHalfTimeTenths = 500;

    /// <summary>The defaults, as listed on each property.</summary>
    public static RuleThresholds Default { get; } = new();

    /// <summary>
    /// Drives the yellow light (亮黄灯, "lagging"): a task lagging its expected progress by at least this many
    /// percentage points is yellow. Default 10.
    /// </summary>
    [Range(0.1, 100)]
    public decimal YellowLagPoints
    {
        get;
        init
        {
            field = value;
            _yellowLagTenths = ToTenths(value);
        }
    } = 10m;

    /// <summary>
    /// Drives the red light (亮红灯, "seriously lagging") and the period outcome 未完成: a task lagging by at
    /// least this many percentage points is red and, at a period end, not completed. Default 20.
    /// </summary>
    [Range(0.1, 100)]
    public decimal RedLagPoints
    {
        get;
        init
        {
            field = value;
            _redLagTenths = ToTenths(value);
        }
    } = 20m;

    /// <summary>
    /// Drives the yellow light for missing reports (逾期未报): a report is overdue from the day after
    /// <see cref="DueReport.DueDate"/> + this many days while it has not been submitted. Default 3, so a report
    /// due on 6月5日 is overdue from 6月9日.
    /// </summary>
    [Range(0, 366)]
    public int ReportGraceDays { get; init; } = 3;

    /// <summary>
    /// Days the office has, after a report's due date plus <see cref="ReportGraceDays"/>, to accept it. A report not
    /// accepted by then is 未报送 for the cycle it was owed for, and a period's 采纳截止日 is its end + 5 (due day) + grace
    /// + these days (see <see cref="JudgementPoint"/>). Default 7, so 上半年 counts the reports accepted by 7月15日.
    /// </summary>
    [Range(0, 366)]
    public int ReviewDays { get; init; } = 7;

    /// <summary>
    /// Drives milestone expectations and the red light for a missed milestone (节点未达成): a milestone becomes
    /// due the day after its date + this many days; from then on its planned progress is expected. Default 0,
    /// so a milestone dated 6月30日 is judged from 7月1日.
    /// </summary>
    [Range(0, 366)]
    public int MilestoneGraceDays { get; init; } = 0;

    /// <summary>
    /// Drives the 双过半 check: once time progress (whole percent) reaches this share of the task's span,
    /// at least half of the work must be done. Exactly this share counts as reached. Default 0.5.
    /// </summary>
    [Range(0.01, 1.0)]
    public decimal DoubleHalfTimeShare
    {
        get;
        init
        {
            field = value;
            _doubleHalfTimeTenths = (int)Math.Round(Math.Clamp(value, 0m, 1m) * 1000m, MidpointRounding.AwayFromZero);
        }
    } = 0.5m;

    internal int YellowLagTenths => _yellowLagTenths;

    internal int RedLagTenths => _redLagTenths;

    internal int DoubleHalfTimeTenths => _doubleHalfTimeTenths;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RedLagPoints < YellowLagPoints)
        {
            yield return new ValidationResult(
                $"{nameof(RedLagPoints)} ({RedLagPoints}) must not be below {nameof(YellowLagPoints)} ({YellowLagPoints}).",
                [nameof(RedLagPoints), nameof(YellowLagPoints)]);
        }
    }

    private static int ToTenths(decimal points) =>
        (int)Math.Round(Math.Clamp(points, -100_000m, 100_000m) * 10m, MidpointRounding.AwayFromZero);
}
