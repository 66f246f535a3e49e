using System.Globalization;

namespace Supervision.Core.Rules;

/// <summary>
/// The one wording of an indicator's figure, used wherever one is printed — the 看板's 指标 panel, the light's reason,
/// the 完成情况表 and the 通报 — so the same figure never reads two ways (docs/glossary.md §5).
/// </summary>
public static class IndicatorWords
{
    /// <summary>What every surface prints for an indicator without a report that counts.</summary>
    public const string NoData = "暂无数据";

    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// 完成年计划的62.0% (cumulative, higher is better) / 高于目标0.4个百分点, 低于目标0.1个百分点, 与目标持平 (a rate) /
    /// 控制在3%以内, 超出控制目标0.3个百分点 (a ceiling) / 暂无数据 (no figure).
    /// </summary>
    public static string Of(IndicatorFact indicator, decimal? actual)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (actual is not { } value)
            return NoData;

        var unit = indicator.UnitOfMeasure;
        var points = unit == "%" ? "个百分点" : unit;
        if (indicator.Direction == IndicatorDirection.LowerIsBetter)
        {
            return value <= indicator.Target
                ? $"控制在{Number(indicator.Target)}{unit}以内"
                : $"超出控制目标{Number(value - indicator.Target)}{points}";
        }

        if (indicator.Measure == IndicatorMeasure.Cumulative)
            return $"完成年计划的{Share(indicator, value)}%";

        // A rate (增长7%) is compared with its target, not divided by it.
        var difference = Math.Abs(value - indicator.Target);
        return value == indicator.Target ? "与目标持平"
            : value > indicator.Target ? $"高于目标{Number(difference)}{points}"
            : $"低于目标{Number(difference)}{points}";
    }

    /// <summary>The target as a bulletin writes it: 目标6% / 控制目标3%以内.</summary>
    public static string Target(IndicatorFact indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.Direction == IndicatorDirection.LowerIsBetter
            ? $"控制目标{Number(indicator.Target)}{indicator.UnitOfMeasure}以内"
            : $"目标{Number(indicator.Target)}{indicator.UnitOfMeasure}";
    }

    /// <summary>Drops trailing zeros (4.50 → 4.5) so a value reads as it would in a bulletin.</summary>
    public static string Number(decimal value) => value.ToString("0.############", _invariant);

    // actual ÷ target to 0.1%, exactly as the rules judge it.
    private static string Share(IndicatorFact indicator, decimal actual) =>
        (TaskRules.IndicatorTenths(actual, indicator) / 10m).ToString("0.0", _invariant);
}
