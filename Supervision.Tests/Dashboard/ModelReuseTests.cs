using Bunit;
using MudBlazor.Services;
using Supervision.Core.Dashboard;
using Supervision.Web.Components.Dashboard;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// A recomputed dashboard keeps the previous one's instance of every part whose content is unchanged, and a panel
/// draws again only when a part it shows is a different one.
/// </summary>
public sealed class ModelReuseTests : BunitContext
{
    public ModelReuseTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Recomputing_the_same_figures_keeps_every_part_of_the_previous_model()
    {
        var previous = DashboardSample.Model();
        var current = DashboardSample.Model().Reusing(previous);

        Assert.NotSame(previous, current);
        Assert.Same(previous.Board, current.Board);
        Assert.Same(previous.ByCategory, current.ByCategory);
        Assert.Same(previous.UnitScores, current.UnitScores);
        Assert.Same(previous.Activity, current.Activity);
        Assert.Same(previous.Indicators, current.Indicators);
    }

    [Fact]
    public void A_new_activity_line_renews_the_feed_and_leaves_the_rest_as_it_was()
    {
        var previous = DashboardSample.Model();
        var activity = DashboardSample.Activity().Prepend(new ActivityItem(999, new DateTime(2026, 7, 1, 1, 0, 0, DateTimeKind.Utc), "report.accepted", "采纳2026年6月进展（第2版）", "赵文清", 6)).ToList();
        var current = DashboardSample.Model(activity: activity).Reusing(previous);

        Assert.NotSame(previous.Activity, current.Activity);
        Assert.Equal(999, current.Activity[0].Id);
        Assert.Same(previous.Board, current.Board);
        Assert.Same(previous.ByCategory, current.ByCategory);
    }

    [Fact]
    public void A_changed_tile_renews_its_group_and_the_board_but_keeps_the_other_groups()
    {
        var previous = DashboardSample.Model();
        var changedGroup = previous.Board[0];
        var tile = changedGroup.Tiles[0];
        var board = previous.Board
            .Select((g, i) => i == 0 ? g with { Tiles = [tile with { Reason = "已采纳新的进展" }, .. g.Tiles.Skip(1)] } : g with { Tiles = [.. g.Tiles] })
            .ToList();
        var current = (previous with { Board = board }).Reusing(previous);

        Assert.NotSame(previous.Board, current.Board);
        Assert.NotSame(changedGroup, current.Board[0]);
        Assert.Equal("已采纳新的进展", current.Board[0].Tiles[0].Reason);
        for (var i = 1; i < previous.Board.Count; i++)
            Assert.Same(previous.Board[i], current.Board[i]);
    }

    [Fact]
    public void A_panel_draws_again_only_when_what_it_shows_changed()
    {
        var previous = DashboardSample.Model();
        var cut = Render<CountsPanel>(p => p.Add(x => x.Model, previous));
        var drawn = cut.RenderCount;

        var activity = DashboardSample.Activity().Take(1).ToList();
        cut.Render(p => p.Add(x => x.Model, DashboardSample.Model(activity: activity).Reusing(previous)));
        Assert.Equal(drawn, cut.RenderCount);

        var fewer = previous with { Counts = previous.Counts with { OverdueReports = 0 } };
        cut.Render(p => p.Add(x => x.Model, fewer.Reusing(previous)));
        Assert.Equal(drawn + 1, cut.RenderCount);
        Assert.Equal("0", cut.Find("[data-testid=overdue-reports] .stat-value").TextContent);
    }
}
