namespace Supervision.Core.Domain;

/// <summary>A reporting period of the office: 2026-Q1, 2026-H1, 2026-Q3, 2026-Y.</summary>
public sealed record SupervisionPeriod(string Key, string Label, DateOnly End)
{
    /// <summary>The four periods of a year, in order.</summary>
    public static IReadOnlyList<SupervisionPeriod> Of(int year) =>
    [
        new($"{year}-Q1", $"{year}年一季度", new DateOnly(year, 3, 31)),
        new($"{year}-H1", $"{year}年上半年", new DateOnly(year, 6, 30)),
        new($"{year}-Q3", $"{year}年前三季度", new DateOnly(year, 9, 30)),
        new($"{year}-Y", $"{year}年全年", new DateOnly(year, 12, 31)),
    ];

    /// <summary>
    /// The period running on <paramref name="today"/> within <paramref name="year"/>: the first one not yet ended (in
    /// November that is 全年, not the 前三季度 just closed); the year's first period for a year to come and 全年 for a
    /// year gone by.
    /// </summary>
    public static SupervisionPeriod Current(int year, DateOnly today)
    {
        var periods = Of(year);
        return periods.FirstOrDefault(p => p.End >= today) ?? periods[^1];
    }
}
