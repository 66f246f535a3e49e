using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Dashboard;

/// <summary>A task listed by a drill-down, with its category.</summary>
public sealed record SelectedTask(BoardTile Tile, string Category);

/// <summary>
/// The tasks behind one figure of a dashboard — a count, a chart bar — as a drill-down lists them.
/// </summary>
/// <param name="Words">What was selected, for the heading: e.g. 严重滞后 · 类别：扩大有效投资.</param>
/// <param name="Ignored">A Chinese sentence for each request value that was not among the choices offered.</param>
public sealed record DashboardSelection(IReadOnlyList<SelectedTask> Tasks, string Words, IReadOnlyList<string> Ignored)
{
    /// <summary>
    /// Selects from <paramref name="result"/>'s own light board — the very tasks its counts and charts were computed
    /// from, judged as of the same date — those of <paramref name="light"/> and lead <paramref name="unit"/>, both as
    /// they arrived from the browser: a light must be one of the light names and a unit one the dashboard lists,
    /// anything else is ignored and named. Year, date, source, leader and category were already checked by
    /// <see cref="DashboardService"/> and are part of the dashboard itself.
    /// </summary>
    public static DashboardSelection Of(DashboardResult result, string? light, string? unit)
    {
        ArgumentNullException.ThrowIfNull(result);
        var model = result.Model;
        var ignored = new List<string>(result.Ignored);
        var words = new List<string>();

        TrafficLight? wantedLight = null;
        if (!string.IsNullOrEmpty(light))
        {
            if (Enum.TryParse<TrafficLight>(light, ignoreCase: true, out var l) && Enum.IsDefined(l) && !char.IsAsciiDigit(light[0]) && light[0] != '-')
                wantedLight = l;
            else
                ignored.Add($"亮灯「{Clip(light)}」不在可选范围内，已忽略。");
        }

        int? wantedUnit = null;
        if (!string.IsNullOrEmpty(unit))
        {
            if (DashboardRequest.TryId(unit, out var id) && model.ByUnit.Bars.Any(b => b.Id == id))
                wantedUnit = id;
            else
                ignored.Add($"牵头单位「{Clip(unit)}」不在看板所列单位中，已忽略。");
        }

        if (wantedLight is { } wl)
            words.Add(DisplayNames.MeaningOf(wl));
        if (model.Filter.Source is { } source)
            words.Add("来源：" + DisplayNames.Of(source));
        if (model.Filter.CategoryId is { } category)
            words.Add("类别：" + (model.Categories.FirstOrDefault(c => c.Id == category)?.Name ?? category.ToString(CultureInfo.InvariantCulture)));
        if (wantedUnit is { } wu)
            words.Add("牵头单位：" + model.ByUnit.Bars.First(b => b.Id == wu).Label);
        if (model.Filter.LeaderId is { } leader)
            words.Add("责任领导：" + (model.Leaders.FirstOrDefault(l => l.Id == leader)?.Name ?? leader.ToString(CultureInfo.InvariantCulture)));

        var tasks = model.Board
            .SelectMany(g => g.Tiles.Select(t => new SelectedTask(t, g.Name)))
            .Where(s => wantedLight is null || s.Tile.Light == wantedLight)
            .Where(s => wantedUnit is null || s.Tile.LeadUnitId == wantedUnit)
            .ToList();
        return new DashboardSelection(tasks, words.Count == 0 ? "全部任务" : string.Join(" · ", words), ignored);
    }

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
