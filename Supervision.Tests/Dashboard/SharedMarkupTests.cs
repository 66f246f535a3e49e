using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Supervision.Core.Dashboard;
using Supervision.Web.Components.Dashboard;

namespace Supervision.Tests.Dashboard;

public sealed class SharedMarkupTests : BunitContext
{
    private static readonly SharingCache<string> Shared = new(10_000);

    private static string Intern(string run) => Shared.GetOrAdd(run, static r => r);

    public SharedMarkupTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<PanelMarkup>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_panel_cut_into_pieces_draws_the_same_document_as_its_whole_html()
    {
        var html = Tiles(40, changed: -1) +
            """<svg viewBox="0 0 10 10" width="100%"><g class="row" data-id="1"><a href="/tasks?year=2026&amp;light=2"><title>甲 &lt;乙&gt; &quot;丙&quot; &#x27;丁&#x27;</title><rect x="0" y="1" width="5" height="2"></rect><text x="1" y="2">50%</text></a></g></svg><br><p title="a &amp; b">文字 &amp; 符号</p>""" +
            string.Concat(Enumerable.Range(0, 20).Select(i => $"""<tr><td class="num">{i}</td><td>单位{i}</td></tr>""")).Insert(0, "<table><tbody>") + "</tbody></table>";
        var markup = SharedMarkup.Of(html, Intern);

        var cut = Render(markup.Content);

        Assert.True(markup.Leaves > 10, $"{markup.Leaves} pieces");
        Assert.All(markup.Runs, r => Assert.True(r.Length <= SharedMarkup.Leaf, r));
        cut.MarkupMatches(html);
        Assert.Equal("/tasks?year=2026&light=2", cut.Find("svg a").GetAttribute("href"));
    }

    [Fact]
    public void After_one_tile_changed_only_its_piece_is_a_new_string()
    {
        var before = SharedMarkup.Of(Tiles(60, changed: -1), Intern).Runs.ToList();
        var after = SharedMarkup.Of(Tiles(60, changed: 17), Intern).Runs.ToList();

        Assert.Equal(before.Count, after.Count);
        var changed = before.Zip(after).Where(p => !ReferenceEquals(p.First, p.Second)).ToList();
        var only = Assert.Single(changed);
        Assert.Contains("light-red", only.Second);
    }

    [Fact]
    public void Html_it_cannot_follow_is_kept_whole()
    {
        var html = "<div>" + new string('字', SharedMarkup.Leaf) + "<span>未闭合</div>";

        var markup = SharedMarkup.Of(html, Intern);

        Assert.Equal([html], markup.Runs);
    }

    [Fact]
    public async Task Shared_panels_draw_as_the_panels_themselves_would()
    {
        var model = DashboardSample.Model();
        var markup = Services.GetRequiredService<PanelMarkup>();

        foreach (var (component, parameters) in new (Type, IReadOnlyList<KeyValuePair<string, object?>>)[]
        {
            (typeof(CountsPanel), SharedPanel.With((nameof(CountsPanel.Model), model))),
            (typeof(ProgressChartPanel), SharedPanel.With((nameof(ProgressChartPanel.Model), model), (nameof(ProgressChartPanel.Chart), model.Chart(ChartGrouping.Category)))),
            (typeof(RankingPanel), SharedPanel.With((nameof(RankingPanel.Scores), model.UnitScores), (nameof(RankingPanel.Full), true))),
        })
        {
            var shared = await markup.GetAsync(component, parameters);
            var cut = Render<SharedPanel>(p => p.Add(x => x.Component, component).Add(x => x.Parameters, parameters));

            Assert.True(shared.Leaves > 1, $"{component.Name}: {shared.Leaves} pieces");
            cut.MarkupMatches(shared.Html);
        }
    }

    // A category's light tiles as the board writes them, one of them (changed) turned red.
    private static string Tiles(int count, int changed) =>
        "<section class=\"board-group\"><header class=\"board-group-head\"><span class=\"board-group-name\">重点工作</span></header><div class=\"board-tiles\">" +
        string.Concat(Enumerable.Range(0, count).Select(i =>
            $"""<a class="board-tile {(i == changed ? "light-red" : "light-green")}" data-testid="tile" data-task="{i}" href="/tasks/{i}" title="任务{i}：按计划推进 &amp; 已报送"><span class="tile-number">ZD-{i:000}</span></a>""")) +
        "</div></section>";
}
