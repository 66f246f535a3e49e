namespace Supervision.Core.Domain;

/// <summary>
/// The office works on Beijing time: a report accepted at 23:30 UTC counts for the next China day. All
/// timestamps are stored in UTC and turned into China calendar dates here, in one place.
/// </summary>
public static class ChinaTime
{
    private static readonly TimeSpan _offset = TimeSpan.FromHours(8);

    /// <summary>Today's date in China according to <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The China calendar date of a UTC instant.</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(_offset));

    /// <summary>A UTC instant shown as China local time.</summary>
    public static DateTime LocalOf(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(_offset);

    /// <summary>The UTC instant of a China local date and time.</summary>
    public static DateTime UtcOf(DateOnly date, TimeOnly time) => DateTime.SpecifyKind(date.ToDateTime(time) - _offset, DateTimeKind.Utc);
}
