using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Supervision.Core.Services;
using Supervision.Web.Components.Shared;

namespace Supervision.Tests.Components;

public sealed class OverviewPanelTests : BunitContext
{
    public OverviewPanelTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static Overview Sample() => new(
        2026,
        new DateOnly(2026, 6, 30),
        new LightCounts(Total: 20, Done: 3, Green: 10, Yellow: 4, Red: 2, Cancelled: 1),
        DoubleHalfMet: 12,
        DoubleHalfNotMet: 5,
        ReportsAwaitingReview: 7,
        [
            new CategoryOverview(1, "扩大有效投资", new LightCounts(8, 1, 4, 2, 1, 0)),
            new CategoryOverview(2, "民生实事", new LightCounts(12, 2, 6, 2, 1, 1)),
        ]);

    [Fact]
    public void Counts_are_shown_under_their_labels()
    {
        var cut = Render<OverviewPanel>(p => p.Add(x => x.Overview, Sample()));

        Assert.Equal("20", cut.Find("[data-testid=count-total] .stat-value").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=count-done] .stat-value").TextContent);
        Assert.Equal("10", cut.Find("[data-testid=count-green] .stat-value").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=count-yellow] .stat-value").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=count-red] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-cancelled] .stat-value").TextContent);
        Assert.Equal("5", cut.Find("[data-testid=double-half-not-met] .stat-value").TextContent);
        Assert.Equal("7", cut.Find("[data-testid=awaiting-review] .stat-value").TextContent);
    }

    [Fact]
    public void Light_cards_carry_the_colour_of_their_light()
    {
        var cut = Render<OverviewPanel>(p => p.Add(x => x.Overview, Sample()));

        Assert.Contains("light-red", cut.Find("[data-testid=count-red]").ClassList);
        Assert.Contains("light-green", cut.Find("[data-testid=count-green]").ClassList);
        Assert.Contains("light-done", cut.Find("[data-testid=count-done]").ClassList);
    }

    [Fact]
    public void Each_category_row_has_its_counts_and_proportional_bar()
    {
        var cut = Render<OverviewPanel>(p => p.Add(x => x.Overview, Sample()));

        var rows = cut.FindAll(".category-table tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["民生实事", "12", "2", "6", "2", "1", "1"], rows[1].QuerySelectorAll("td").Take(7).Select(td => td.TextContent));
        var segments = rows[0].QuerySelectorAll(".light-bar-seg");
        Assert.Equal(["width:12.5%", "width:50%", "width:25%", "width:12.5%"], segments.Select(s => s.GetAttribute("style")));
        Assert.Contains("light-yellow", segments[2].ClassList);
    }

    [Fact]
    public void Year_without_tasks_says_so_instead_of_an_empty_table()
    {
        var empty = new Overview(2027, new DateOnly(2027, 1, 2), new LightCounts(0, 0, 0, 0, 0, 0), 0, 0, 0, []);

        var cut = Render<OverviewPanel>(p => p.Add(x => x.Overview, empty));

        Assert.Equal("0", cut.Find("[data-testid=count-total] .stat-value").TextContent);
        Assert.Contains("本年度尚无督查任务", cut.Markup);
        Assert.Empty(cut.FindAll(".category-table"));
    }
}

public sealed class LightChipTests : BunitContext
{
    [Theory]
    [InlineData(Core.Rules.TrafficLight.Green, "绿灯", "light-green")]
    [InlineData(Core.Rules.TrafficLight.Yellow, "黄灯", "light-yellow")]
    [InlineData(Core.Rules.TrafficLight.Red, "红灯", "light-red")]
    [InlineData(Core.Rules.TrafficLight.Done, "已完成", "light-done")]
    [InlineData(Core.Rules.TrafficLight.Cancelled, "已取消", "light-cancelled")]
    public void Chip_names_and_colours_each_light(Core.Rules.TrafficLight light, string text, string css)
    {
        var cut = Render<LightChip>(p => p.Add(x => x.Light, light).Add(x => x.Title, "时间过半(58%)，进度40%，落后18个百分点"));

        var chip = cut.Find("span");
        Assert.Equal(text, chip.TextContent);
        Assert.Contains(css, chip.ClassList);
        Assert.Equal("时间过半(58%)，进度40%，落后18个百分点", chip.GetAttribute("title"));
    }
}
