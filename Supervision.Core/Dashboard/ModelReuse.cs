using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Core.Dashboard;

/// <summary>
/// Hands a freshly computed dashboard out with the previous one's parts wherever their content is unchanged, so that
/// an open dashboard can tell by reference alone which panels need drawing again.
/// </summary>
/// <remarks>
/// After one accepted report most of a dashboard is as it was: the same counts, nine of ten board groups, the same
/// indicators. Comparing contents once here, for each view, spares every open circuit showing that view (hundreds on
/// a busy day) from redrawing what did not change. The comparison is of the serialised form because the parts are
/// records holding lists, whose generated equality compares the lists by reference.
/// </remarks>
public static class ModelReuse
{
    // Named literals so a NaN that slipped into a figure is compared rather than thrown on.
    private static readonly JsonSerializerOptions _options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary><paramref name="current"/>, with every part whose content equals <paramref name="previous"/>'s replaced by that instance.</summary>
    public static DashboardModel Reusing(this DashboardModel current, DashboardModel? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
            return current;
        return current with
        {
            Counts = Same(previous.Counts, current.Counts),
            Board = Items(previous.Board, current.Board, g => g.Key),
            ByCategory = Same(previous.ByCategory, current.ByCategory),
            ByUnit = Same(previous.ByUnit, current.ByUnit),
            ByLeader = Same(previous.ByLeader, current.ByLeader),
            Indicators = Same(previous.Indicators, current.Indicators),
            UnitScores = Same(previous.UnitScores, current.UnitScores),
            LeaderScores = Same(previous.LeaderScores, current.LeaderScores),
            Activity = Same(previous.Activity, current.Activity),
            Upcoming = Same(previous.Upcoming, current.Upcoming),
            OverdueReports = Same(previous.OverdueReports, current.OverdueReports),
            Unit = current.Unit is null ? null : Same(previous.Unit, current.Unit),
            Leaders = Same(previous.Leaders, current.Leaders),
            Categories = Same(previous.Categories, current.Categories),
        };
    }

    /// <summary><paramref name="previous"/> when it has the same content as <paramref name="current"/>, else <paramref name="current"/>.</summary>
    public static T Same<T>(T? previous, T current)
        where T : class =>
        previous is not null && (ReferenceEquals(previous, current) || SameContent(previous, current)) ? previous : current;

    // Item by item, matched by key: a list where one item changed keeps the other items' instances.
    private static IReadOnlyList<T> Items<T>(IReadOnlyList<T> previous, IReadOnlyList<T> current, Func<T, string> key)
        where T : class
    {
        var before = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in previous)
            before.TryAdd(key(item), item);
        var items = current.Select(item => before.TryGetValue(key(item), out var old) ? Same(old, item) : item).ToList();
        return items.Count == previous.Count && items.Select((item, i) => ReferenceEquals(item, previous[i])).All(same => same) ? previous : items;
    }

    private static bool SameContent<T>(T a, T b) =>
        JsonSerializer.SerializeToUtf8Bytes(a, _options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, _options));
}
