using System.Globalization;

namespace Supervision.Core.Domain;

/// <summary>
/// The one place numbers are written: the 统一编号 of a task (<c>2026-ZD-017</c>), its short form on boards
/// (<c>ZD-017</c>), the 督查通知单 number (<c>督通〔2026〕15号</c>) and the keys of their counters. Registration, import,
/// the demo city, dashboards and documents all go through it, so a number reads the same everywhere.
/// </summary>
public static class TaskNumbers
{
    /// <summary>The unified number of a task: <c>{year}-{ZD|PS|HY|ZX}-{seq:000}</c>.</summary>
    public static string Format(int year, TaskSource source, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{year}-{DisplayNames.CodeOf(source)}-{sequence:000}");

    /// <summary>2026-ZD-017 → ZD-017: the year is the page's; the source code keeps numbers of different sources apart.</summary>
    public static string Short(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.IndexOf('-', StringComparison.Ordinal) is var dash and > 0 ? number[(dash + 1)..] : number;
    }

    /// <summary>The counter key of a year's task numbers of one source, e.g. <c>2026-ZD</c>.</summary>
    public static string SequenceKey(int year, TaskSource source) =>
        string.Create(CultureInfo.InvariantCulture, $"{year}-{DisplayNames.CodeOf(source)}");

    /// <summary>The counter key of a year's 督查通知单 numbers, e.g. <c>2026-DT</c>.</summary>
    public static string NoticeSequenceKey(int year) => string.Create(CultureInfo.InvariantCulture, $"{year}-DT");

    /// <summary>The notice number as documents write it: 督通〔2026〕15号.</summary>
    public static string NoticeNumber(int year, int sequence) => string.Create(CultureInfo.InvariantCulture, $"督通〔{year}〕{sequence}号");
}
