using System.Globalization;
using Supervision.Core.Dashboard;
using Supervision.Core.Rules;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// Drill-down addresses: a count or a chart bar opens the ledger list of exactly the tasks behind it
/// (<c>/dashboard/tasks?year=2026&amp;asOf=2026-06-30&amp;light=Red&amp;category=3&amp;unit=5&amp;leader=2&amp;source=AnnualKeyWork</c>).
/// The list is taken from the same dashboard, judged as of the same date with the same filters (see
/// <see cref="DashboardSelection"/>), so it holds the very tasks that were counted — also for a past date, which the
/// main ledger (judged as of today) could not reproduce — and the address stays short whatever the number of tasks.
/// </summary>
public static class LedgerLinks
{
    /// <summary>The drill-down page.</summary>
    public const string Path = "/dashboard/tasks";

    /// <summary>The tasks of the dashboard's year, date and filters, narrowed to the given group.</summary>
    public static string For(DashboardModel model, TrafficLight? light = null, int? category = null, int? unit = null, int? leader = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var query = new List<string>
        {
            "year=" + model.Year.ToString(CultureInfo.InvariantCulture),
            "asOf=" + model.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (light is { } l)
            query.Add("light=" + l);
        if ((category ?? model.Filter.CategoryId) is { } c)
            query.Add("category=" + c.ToString(CultureInfo.InvariantCulture));
        if (unit is { } u)
            query.Add("unit=" + u.ToString(CultureInfo.InvariantCulture));
        if ((leader ?? model.Filter.LeaderId) is { } le)
            query.Add("leader=" + le.ToString(CultureInfo.InvariantCulture));
        if (model.Filter.Source is { } s)
            query.Add("source=" + s);
        return Path + "?" + string.Join('&', query);
    }

    /// <summary>The tasks of one light on the dashboard (all tasks for null).</summary>
    public static string ForLight(DashboardModel model, TrafficLight? light) => For(model, light);

    /// <summary>A task's own page.</summary>
    public static string Task(int taskId) => "/tasks/" + taskId.ToString(CultureInfo.InvariantCulture);
}
