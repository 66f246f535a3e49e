using System.Globalization;
using Supervision.Core.Dashboard;
using Supervision.Core.Rules;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// Drill-down addresses into the ledger (台账), as agreed with its page: <c>/tasks?year=2026&amp;light=Red&amp;category=3
/// &amp;unit=5&amp;leader=2&amp;source=AnnualKeyWork&amp;ids=1,2,3</c>. The ids make the list exactly the tasks that were
/// counted (the ledger judges as of today, a dashboard may be as of a past date); the other parameters name the
/// group for the reader and keep the link useful when there are too many ids for an address.
/// </summary>
public static class LedgerLinks
{
    /// <summary>Beyond this many tasks the ids are left out and the filters alone select the tasks.</summary>
    public const int MaxIds = 200;

    /// <summary>The ledger filtered to <paramref name="ids"/> within the dashboard's year and filters, plus the given group.</summary>
    public static string For(DashboardModel model, IReadOnlyCollection<int> ids, TrafficLight? light = null, int? category = null, int? unit = null, int? leader = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        var query = new List<string> { "year=" + model.Year.ToString(CultureInfo.InvariantCulture) };
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
        if (ids.Count <= MaxIds)
            query.Add("ids=" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        return "/tasks?" + string.Join('&', query);
    }

    /// <summary>The ledger filtered to the tasks of one light on the dashboard.</summary>
    public static string ForLight(DashboardModel model, TrafficLight? light)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ids = model.Board.SelectMany(g => g.Tiles).Where(t => light is null || t.Light == light).Select(t => t.TaskId).ToList();
        return For(model, ids, light);
    }

    /// <summary>A task's own page.</summary>
    public static string Task(int taskId) => "/tasks/" + taskId.ToString(CultureInfo.InvariantCulture);
}
