using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Supervision.Core.Dashboard;
using Supervision.Core.Judging;
using Supervision.Web.Components.Dashboard;

namespace Supervision.Tests.Dashboard;

public sealed class DashboardPanelTests : BunitContext
{
    private readonly DashboardModel _model = DashboardSample.Model();

    public DashboardPanelTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<PanelMarkup>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Counts_panel_shows_each_count_in_its_light_colour_and_links_to_exactly_those_tasks()
    {
        var cut = Render<CountsPanel>(p => p.Add(x => x.Model, _model));

        Assert.Equal("6", cut.Find("[data-testid=count-total] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-done] .stat-value").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=count-green] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-yellow] .stat-value").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=count-red] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-unreported] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-cancelled] .stat-value").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=double-half-not-met] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=overdue-reports] .stat-value").TextContent);
        Assert.Contains("light-red", cut.Find("[data-testid=count-red]").ClassList);
        Assert.Contains("light-green", cut.Find("[data-testid=count-green]").ClassList);
        Assert.Contains("light-unreported", cut.Find("[data-testid=count-unreported]").ClassList);
        // The ledger itself, judged as of the dashboard's date (light 2 = red, 0 = green, as the ledger writes them).
        Assert.Equal("/tasks?year=2026&light=2&asOf=2026-07-01", cut.Find("[data-testid=count-red]").GetAttribute("href"));
        Assert.Equal("/tasks?year=2026&light=0&asOf=2026-07-01", cut.Find("[data-testid=count-green]").GetAttribute("href"));
        Assert.Equal("/tasks?year=2026&counted=1&asOf=2026-07-01", cut.Find("[data-testid=count-total]").GetAttribute("href"));
        // The 双过半 cards drill down like the light cards (dh 1 = 达标, 2 = 未达标).
        Assert.Equal("/tasks?year=2026&dh=1&asOf=2026-07-01", cut.Find("[data-testid=double-half-met]").GetAttribute("href"));
        Assert.Equal("/tasks?year=2026&dh=2&asOf=2026-07-01", cut.Find("[data-testid=double-half-not-met]").GetAttribute("href"));
        // The classes as the 通报 states them, indicators apart.
        Assert.Equal("重点工作5项：完成2、部分完成1、未完成0、未报送1、取消1", cut.Find("[data-testid=key-work-counts]").TextContent);
        Assert.Equal("指标1项：完成进度1、未完成进度0、暂无数据0", cut.Find("[data-testid=indicator-counts]").TextContent);
    }

    [Fact]
    public void Counts_panel_on_the_wall_screen_links_nowhere()
    {
        var cut = Render<CountsPanel>(p => p.Add(x => x.Model, _model).Add(x => x.Links, false).Add(x => x.ShowSecondary, false));

        Assert.All(cut.FindAll("a.dash-count"), a => Assert.Null(a.GetAttribute("href")));
        Assert.Empty(cut.FindAll("[data-testid=double-half-met]"));
    }

    [Fact]
    public void Chart_draws_time_and_work_bars_to_scale_with_the_half_line_in_the_middle()
    {
        var cut = Render<ProgressChartPanel>(p => p.Add(x => x.Model, _model).Add(x => x.Chart, _model.ByCategory));

        var rows = cut.FindAll("[data-testid=chart-row]");
        Assert.Equal(2, rows.Count);
        // Bars span 130..480 (350 px for 100%): 50% time is 175 px, 65% work is 227.5 px.
        Assert.Equal("175", rows[0].QuerySelector(".bar-time")!.GetAttribute("width"));
        Assert.Equal("227.5", rows[0].QuerySelector(".bar-work")!.GetAttribute("width"));
        Assert.Contains("bar-green", rows[0].QuerySelector(".bar-work")!.ClassList);
        Assert.Equal("0.6", rows[1].GetAttribute("data-work"));
        Assert.Equal("305", cut.Find("[data-testid=half-line]").GetAttribute("x1"));
        Assert.Contains("1项未过半", rows[1].TextContent);
        Assert.Contains("“双过半”达标1项、未达标1项", rows[1].QuerySelector("title")!.TextContent);
    }

    [Fact]
    public void Chart_bar_opens_the_ledger_on_its_group_and_tasks()
    {
        var cut = Render<ProgressChartPanel>(p => p.Add(x => x.Model, _model).Add(x => x.Chart, _model.ByUnit));

        var link = cut.FindAll("[data-testid=chart-row] a")[1];
        // The bar counts the tasks the unit leads, so the ledger is asked for those only (not the ones it assists on).
        Assert.Equal("/tasks?year=2026&unit=2&lead=1&asOf=2026-07-01", link.GetAttribute("href"));
    }

    [Fact]
    public void Bar_of_a_source_without_categories_opens_the_ledger_on_that_sources_uncategorised_tasks()
    {
        var model = DashboardSample.Model(data: DashboardSample.WithUncategorised());

        var cut = Render<ProgressChartPanel>(p => p.Add(x => x.Model, model).Add(x => x.Chart, model.ByCategory));

        var row = cut.Find("[data-testid=chart-row][data-source=LeaderInstruction]");
        Assert.Equal("领导批示件", row.QuerySelector(".chart-label")!.TextContent);
        // category 0 = without a category; source 1 = 领导批示件.
        Assert.Equal("/tasks?year=2026&source=1&category=0&asOf=2026-07-01", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/tasks?year=2026&category=10&asOf=2026-07-01", cut.Find("[data-testid=chart-row][data-id='10'] a").GetAttribute("href"));
    }

    [Fact]
    public void Chart_colours_a_lagging_group()
    {
        var lagging = _model with { ByLeader = new ProgressChart(ChartGrouping.Leader, [new ProgressBar(2, "李副市长", 3, 0.6, 0.35, 0, 2, [3])]) };

        var cut = Render<ProgressChartPanel>(p => p.Add(x => x.Model, lagging).Add(x => x.Chart, lagging.ByLeader));

        Assert.Contains("bar-red", cut.Find(".bar-work").ClassList);
        Assert.Equal("/tasks?year=2026&leader=2&asOf=2026-07-01", cut.Find("[data-testid=chart-row] a").GetAttribute("href"));
    }

    [Fact]
    public void Empty_chart_says_so()
    {
        var cut = Render<ProgressChartPanel>(p => p.Add(x => x.Model, _model).Add(x => x.Chart, new ProgressChart(ChartGrouping.Unit, [])));

        Assert.Contains("暂无可比较的任务", cut.Markup);
        Assert.Empty(cut.FindAll("svg"));
    }

    [Fact]
    public void Board_shows_a_tile_per_task_in_its_light_with_the_summary_on_hover()
    {
        var cut = Render<LightBoard>(p => p.Add(x => x.Model, _model));

        var groups = cut.FindAll("[data-testid=board-group]");
        Assert.Equal(2, groups.Count);
        Assert.Equal(3, groups[0].QuerySelectorAll("[data-testid=tile]").Length);
        var unreported = cut.Find("[data-testid=tile][data-task='3']");
        Assert.Contains("light-unreported", unreported.ClassList);
        Assert.Equal("ZD-003", unreported.TextContent.Trim());
        Assert.Equal("/tasks/3", unreported.GetAttribute("href"));
        Assert.Contains("牵头单位：乙区", unreported.GetAttribute("title"));
        Assert.Contains("未报送：2026年5月进展逾期未报（应于6月5日前报送）；此前采纳的进度为20%", unreported.GetAttribute("title"));
        Assert.Contains("light-cancelled", cut.Find("[data-testid=tile][data-task='5']").ClassList);
    }

    [Fact]
    public void Indicator_panel_writes_percent_of_plan_and_schedule()
    {
        var cut = Render<IndicatorPanel>(p => p.Add(x => x.Model, _model));

        var row = cut.Find("[data-testid=indicator]");
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["固定资产投资", "500亿元", "620.5亿元", "完成年计划的124.1%", "完成进度"], cells);
        Assert.Equal("1项指标类任务中，1项完成进度，0项未完成进度", cut.Find("[data-testid=indicator-summary]").TextContent);
    }

    [Fact]
    public void Ranking_lists_units_best_first_with_the_parts_of_each_score_on_hover()
    {
        var cut = Render<RankingPanel>(p => p.Add(x => x.Scores, _model.UnitScores).Add(x => x.Full, true));

        var red = cut.FindAll("[data-testid=red-list] [data-testid=rb-line]");
        Assert.Equal(["1甲局54.7", "2乙区15.0"], red.Select(l => string.Concat(l.TextContent.Where(c => !char.IsWhiteSpace(c)))));
        Assert.Contains("退回：退回1次 × 2，−2.0分", red[0].GetAttribute("title"));
        Assert.Contains("参与排名的单位不足六个", cut.Find("[data-testid=black-list]").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=score-row]").Count);
        Assert.Empty(cut.FindAll("[data-testid=rb-detail]"));
    }

    [Fact]
    public void Ranking_on_the_wall_screen_says_under_each_name_how_its_tasks_stand()
    {
        var cut = Render<RankingPanel>(p => p.Add(x => x.Scores, _model.UnitScores).Add(x => x.Details, true));

        // 甲局 leads T1 and T6 green, T2 yellow.
        Assert.Equal("牵头3项 · 完成0 · 滞后1 · 红灯0", cut.Find("[data-testid=red-list] [data-testid=rb-detail]").TextContent);
    }

    [Fact]
    public void Leader_portfolios_are_listed_with_their_scores_and_parts_on_hover()
    {
        var cut = Render<RankingPanel>(p => p.Add(x => x.Scores, _model.LeaderScores).Add(x => x.Subject, "领导").Add(x => x.Board, false).Add(x => x.Full, true));

        var rows = cut.FindAll("[data-testid=score-row]");
        Assert.Equal(["1", "2"], rows.Select(r => r.GetAttribute("data-id")));
        Assert.Equal("张市长", rows[0].QuerySelectorAll("td")[1].TextContent);
        Assert.Equal("3", rows[0].QuerySelectorAll("td")[2].TextContent); // T1, T2, T6; T7 came after the date
        var title = rows[0].QuerySelector(".score")!.GetAttribute("title")!;
        Assert.Contains("完成率：已完成0项/应计3项 × 20，+0.0分", title);
        Assert.EndsWith($"合计：{rows[0].QuerySelector(".score")!.TextContent}分", title);
        Assert.Contains("领导", cut.Find("th:nth-child(2)").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=red-list]"));
    }

    [Fact]
    public void Black_list_holds_the_five_lowest_worst_first()
    {
        var cards = Enumerable.Range(1, 12)
            .Select(i => new ScoreCard(i, $"单位{i}", 3, 0, 3, 0, 0, 100m - i, i, [new ScorePart("按进度推进", "", 100m - i)]))
            .ToList();

        var cut = Render<RankingPanel>(p => p.Add(x => x.Scores, cards));

        Assert.Equal(["单位1", "单位2", "单位3", "单位4", "单位5"], cut.FindAll("[data-testid=red-list] .rb-name").Select(n => n.TextContent));
        Assert.Equal(["单位12", "单位11", "单位10", "单位9", "单位8"], cut.FindAll("[data-testid=black-list] .rb-name").Select(n => n.TextContent));
    }

    [Fact]
    public void Activity_shows_the_latest_events_in_china_time()
    {
        var cut = Render<ActivityPanel>(p => p.Add(x => x.Model, _model));

        var items = cut.FindAll("[data-testid=activity-item]");
        Assert.Equal(3, items.Count); // the directory edit is not task news
        Assert.Equal("6月30日 10:00", items[0].QuerySelector(".activity-time")!.TextContent);
        Assert.Contains("2026年6月进展经主要领导审批后报送", items[0].TextContent);
        var task = items[0].QuerySelector("a.activity-task")!;
        Assert.Equal("ZD-003 老旧小区改造", task.TextContent);
        Assert.Equal("/tasks/3", task.GetAttribute("href"));
    }

    [Fact]
    public void Activity_on_the_wall_screen_names_the_task_without_a_link()
    {
        var cut = Render<ActivityPanel>(p => p.Add(x => x.Model, _model).Add(x => x.Links, false).Add(x => x.Take, 2));

        Assert.Equal(2, cut.FindAll("[data-testid=activity-item]").Count);
        Assert.Empty(cut.FindAll("a"));
        Assert.Equal("ZD-003 老旧小区改造", cut.Find(".activity-task").TextContent);
    }

    [Fact]
    public void Deadline_panel_lists_overdue_reports()
    {
        var cut = Render<DeadlinePanel>(p => p.Add(x => x.Model, _model));

        var overdue = cut.Find("[data-testid=overdue-item]");
        Assert.Contains("逾期26天", overdue.TextContent);
        Assert.Contains("老旧小区改造 · 2026年5月", overdue.TextContent);
        Assert.Contains("近期没有到期的任务", cut.Find("[data-testid=upcoming]").TextContent);
    }

    [Fact]
    public void Unit_dashboard_shows_to_do_returned_items_and_own_rank()
    {
        var model = DashboardSample.Model(scope: new DashboardScope(false, 2));

        var cut = Render<UnitDashboard>(p => p.Add(x => x.Result, DashboardSample.Result(model)));

        Assert.Contains("乙区", cut.Find("h1").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=count-total] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=todo-review] .stat-value").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=todo-overdue] .stat-value").TextContent);
        Assert.Equal("/todo", cut.Find("[data-testid=todo-overdue]").GetAttribute("href"));
        Assert.Equal("/feedback", cut.Find("[data-testid=todo-review]").GetAttribute("href"));
        Assert.Contains("老旧小区改造 · 2026年4月", cut.Find("[data-testid=returned-item]").TextContent);
        var rank = cut.Find("[data-testid=own-rank]");
        Assert.Contains("第2名/ 共2个单位", string.Concat(rank.TextContent.Where(c => !char.IsWhiteSpace(c))).Replace("/共", "/ 共", StringComparison.Ordinal));
        Assert.Contains("5.0分", rank.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=filter-source]")); // a unit is not offered office filters
    }

    [Fact]
    public void Unit_without_tasks_is_told_it_is_not_ranked()
    {
        var model = DashboardSample.Model(scope: new DashboardScope(false, 3));

        var cut = Render<UnitDashboard>(p => p.Add(x => x.Result, DashboardSample.Result(model)));

        Assert.Equal("0", cut.Find("[data-testid=count-total] .stat-value").TextContent);
        Assert.Contains("不参与排名", cut.Find("[data-testid=own-rank-none]").TextContent);
        Assert.Contains("暂无督查任务", cut.Find("[data-testid=light-board]").TextContent);
    }

    [Fact]
    public void Office_dashboard_switches_the_chart_grouping()
    {
        ChartGrouping? picked = null;
        var cut = Render<OfficeDashboard>(p => p
            .Add(x => x.Result, DashboardSample.Result(_model))
            .Add(x => x.Grouping, ChartGrouping.Unit)
            .Add(x => x.OnGrouping, g => picked = g));

        Assert.Equal("Unit", cut.Find("[data-testid=progress-chart]").GetAttribute("data-grouping"));
        Assert.Contains("on", cut.Find("[data-testid=group-Unit]").ClassList);
        cut.Find("[data-testid=group-Leader]").Click();
        Assert.Equal(ChartGrouping.Leader, picked);
    }

    [Fact]
    public void Office_dashboard_names_ignored_filter_values()
    {
        var result = DashboardSample.Result(_model) with { Ignored = ["类别「999」不在2026年的类别中，已忽略。"] };

        var cut = Render<OfficeDashboard>(p => p.Add(x => x.Result, result));

        Assert.Contains("类别「999」不在2026年的类别中，已忽略。", cut.Find("[data-testid=ignored]").TextContent);
    }

    [Fact]
    public void Filters_offer_only_leaders_with_tasks_and_report_changes()
    {
        (string Name, string? Value)? change = null;
        var cut = Render<DashboardFilters>(p => p
            .Add(x => x.Result, DashboardSample.Result(_model))
            .Add(x => x.OnChange, c => change = c));

        Assert.Equal(["全部领导", "张市长", "李副市长"], cut.FindAll("[data-testid=filter-leader] option").Select(o => o.TextContent));
        cut.Find("[data-testid=filter-category]").Change("11");
        Assert.Equal(("category", "11"), change);
    }

    [Fact]
    public async Task A_shared_panel_whose_render_failed_is_rendered_again_on_the_next_request()
    {
        var markup = Services.GetRequiredService<PanelMarkup>();
        var anchor = new object();
        var parameters = SharedPanel.With((nameof(FailingOncePanel.Anchor), anchor));

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => markup.GetAsync(typeof(FailingOncePanel), parameters));
        var html = await markup.GetAsync(typeof(FailingOncePanel), parameters);

        Assert.Equal("<p>第2次</p>", html.Html);
        Assert.Same(html, await markup.GetAsync(typeof(FailingOncePanel), parameters)); // a good render is kept
    }

    // Fails its first render, as a panel might on a model it cannot show, and renders from then on.
    private sealed class FailingOncePanel : Microsoft.AspNetCore.Components.ComponentBase
    {
        private static int _renders;

        [Microsoft.AspNetCore.Components.Parameter]
        public object? Anchor { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            var render = Interlocked.Increment(ref _renders);
            if (render == 1)
                throw new InvalidOperationException("第一次渲染失败");
            builder.AddMarkupContent(0, $"<p>第{render}次</p>");
        }
    }
}
