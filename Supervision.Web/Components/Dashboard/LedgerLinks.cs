using Supervision.Core.Dashboard;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// Drill-down addresses: a count or a chart bar opens the ledger (台账, <c>/tasks</c>) with the filters that select
/// exactly the tasks behind it — the dashboard's year, source, leader and category, the count's light or the bar's
/// group, and the dashboard's date, so the ledger judges the lights as of the same day (and leaves out tasks
/// registered later) also when the dashboard shows a past date. The address is written by the ledger's own
/// <see cref="Routes.LedgerView(LedgerFilter)"/>, so the ledger reads back exactly this filter, shows it in its filter bar,
/// and can sort, search and export it like any other view.
/// </summary>
public static class LedgerLinks
{
    /// <summary>The tasks of one light on the dashboard (all its tasks for null).</summary>
    public static string ForLight(DashboardModel model, TrafficLight? light) => Of(Base(model) with { Light = light });

    /// <summary>The tasks the dashboard counts (任务总数): all but 待交办 and 未到报送期.</summary>
    public static string ForCounted(DashboardModel model) => Of(Base(model) with { CountedOnly = true });

    /// <summary>The tasks of one 双过半 card (达标, 未达标).</summary>
    public static string ForDoubleHalf(DashboardModel model, DoubleHalfStatus status) => Of(Base(model) with { DoubleHalf = status });

    /// <summary>The tasks of one bar of a 双过半 chart: a category (or a source's uncategorised tasks), a lead unit or a leader's portfolio.</summary>
    public static string ForBar(DashboardModel model, ChartGrouping grouping, ProgressBar bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        var filter = Base(model);
        filter = grouping switch
        {
            ChartGrouping.Unit when bar.Id is { } unit => filter with { UnitId = unit, LeadOnly = true },
            ChartGrouping.Leader => filter with { LeaderId = bar.Id ?? LedgerFilter.None },
            ChartGrouping.Category when bar.Id is { } category => filter with { CategoryId = category },
            ChartGrouping.Category => filter with { CategoryId = LedgerFilter.None, Source = bar.Source ?? filter.Source },
            _ => filter,
        };
        return Of(filter);
    }

    private static LedgerFilter Base(DashboardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // A unit's dashboard counts the tasks it leads or assists on: so does the ledger for a unit account.
        return new LedgerFilter
        {
            Year = model.Year,
            AsOf = model.AsOf,
            Source = model.Filter.Source,
            CategoryId = model.Filter.CategoryId,
            LeaderId = model.Filter.LeaderId,
        };
    }

    // Every open dashboard of a view asks for the same few dozen addresses on each refresh; a filter is a record of
    // plain values, so it is its own key. Bounded by starting over: views come and go with dates and filters.
    // Counting takes every lock of the dictionary, so only a miss counts (as DashboardService's cache does).
    private static string Of(LedgerFilter filter)
    {
        if (_written.TryGetValue(filter, out var written))
            return written;
        if (_written.Count > 4096)
            _written.Clear();
        return _written.GetOrAdd(filter, static f => Routes.LedgerView(f));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<LedgerFilter, string> _written = new();
}
