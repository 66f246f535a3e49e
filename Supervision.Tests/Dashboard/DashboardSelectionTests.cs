using Supervision.Core.Dashboard;
using Supervision.Core.Rules;

namespace Supervision.Tests.Dashboard;

public sealed class DashboardSelectionTests
{
    private static DashboardResult Result(DashboardFilter? filter = null) => DashboardSample.Result(DashboardSample.Model(filter: filter));

    [Fact]
    public void Light_selects_exactly_the_tasks_the_count_counted()
    {
        var result = Result();

        var selection = DashboardSelection.Of(result, "Green", null);

        Assert.Equal([1, 6], selection.Tasks.Select(t => t.Tile.TaskId));
        Assert.Equal(result.Model.Counts.Lights.Green, selection.Tasks.Count);
        Assert.Equal("按进度推进", selection.Words);
        Assert.Empty(selection.Ignored);
    }

    [Fact]
    public void Unit_bar_selects_the_tasks_the_unit_leads_cancelled_ones_included()
    {
        var result = Result();

        var selection = DashboardSelection.Of(result, null, "2");

        Assert.Equal(result.Model.ByUnit.Bars.Single(b => b.Id == 2).TaskIds, selection.Tasks.Select(t => t.Tile.TaskId));
        Assert.Equal("牵头单位：乙区", selection.Words);
        Assert.Equal("民生实事", selection.Tasks[0].Category);
    }

    [Fact]
    public void Category_and_leader_come_from_the_dashboard_filter()
    {
        var result = Result(new DashboardFilter(CategoryId: DashboardSample.Livelihood, LeaderId: 2));

        var selection = DashboardSelection.Of(result, "Red", null);

        Assert.Equal([3], selection.Tasks.Select(t => t.Tile.TaskId));
        Assert.Equal("严重滞后 · 类别：民生实事 · 责任领导：李副市长", selection.Words);
    }

    [Theory]
    [InlineData("Purple", null, "亮灯「Purple」")]
    [InlineData("2", null, "亮灯「2」")]
    [InlineData(null, "3", "牵头单位「3」")] // 丙委 leads nothing: not offered
    [InlineData(null, "abc", "牵头单位「abc」")]
    public void Values_not_offered_are_ignored_and_named(string? light, string? unit, string named)
    {
        var result = Result();

        var selection = DashboardSelection.Of(result, light, unit);

        Assert.Equal(result.Model.Board.Sum(g => g.Tiles.Count), selection.Tasks.Count);
        Assert.Contains(selection.Ignored, m => m.Contains(named, StringComparison.Ordinal));
        Assert.Equal("全部任务", selection.Words);
    }

    [Fact]
    public void Empty_year_selects_nothing_without_breaking()
    {
        var evaluation = DashboardCalculator.Evaluate(DashboardYearData.Empty(2027), new DateOnly(2027, 1, 1), RuleThresholds.Default);
        var model = DashboardCalculator.Compute(evaluation, new DashboardScope(true, null), DashboardFilter.None, [], ScoringWeights.Default);

        var selection = DashboardSelection.Of(new DashboardResult(model, [2027], new DateOnly(2027, 1, 1), []), "Red", null);

        Assert.Empty(selection.Tasks);
    }
}
