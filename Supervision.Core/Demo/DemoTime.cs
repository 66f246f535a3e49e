using Supervision.Core.Domain;

namespace Supervision.Core.Demo;

/// <summary>Office-hours timestamps in China time, always moving forward.</summary>
internal static class DemoTime
{
    /// <summary>A UTC instant on <paramref name="date"/> between 8:30 and 17:30 China time.</summary>
    public static DateTime Office(DateOnly date, DemoRandom rng) =>
        ChinaTime.UtcOf(date, new TimeOnly(8, 30).AddMinutes(rng.Between(0, 540)));

    /// <summary>A UTC instant at a fixed China time.</summary>
    public static DateTime At(DateOnly date, int hour, int minute) => ChinaTime.UtcOf(date, new TimeOnly(hour, minute));

    /// <summary>Some office time <paramref name="minDays"/>–<paramref name="maxDays"/> days after <paramref name="previous"/>, strictly later.</summary>
    public static DateTime After(DateTime previous, DemoRandom rng, int minDays, int maxDays)
    {
        var date = ChinaTime.DateOf(previous).AddDays(rng.Between(minDays, maxDays));
        var at = Office(date, rng);
        return at > previous ? at : previous.AddMinutes(rng.Between(5, 60));
    }

    /// <summary>Moves a Saturday or Sunday instant to the Monday after (the office does not review at weekends).</summary>
    public static DateTime Weekday(DateTime utc) => ChinaTime.DateOf(utc).DayOfWeek switch
    {
        DayOfWeek.Saturday => utc.AddDays(2),
        DayOfWeek.Sunday => utc.AddDays(1),
        _ => utc,
    };

    /// <summary>Rules' time progress (whole percent, inclusive day count) of [start, deadline] on <paramref name="day"/>.</summary>
    public static int TimePercent(DateOnly start, DateOnly deadline, DateOnly day)
    {
        if (day >= deadline)
            return 100;
        if (day < start)
            return 0;
        long elapsed = day.DayNumber - start.DayNumber + 1;
        long span = deadline.DayNumber - start.DayNumber + 1;
        return (int)((200 * elapsed + span) / (2 * span));
    }

    public static string MonthDay(DateOnly date) => $"{date.Month}月{date.Day}日";
}
