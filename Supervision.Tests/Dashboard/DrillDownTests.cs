using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Tests.Security;
using Supervision.Web.Components.Dashboard;
using Supervision.Web.Hosting;
using Supervision.Web;

namespace Supervision.Tests.Dashboard;

/// <summary>The demo city behind the real host's services (not started: no background jobs change it meanwhile).</summary>
public sealed class DrillDownFixture : IAsyncLifetime
{
    public SecurityHost Host { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Host = await SecurityHost.CreateAsync(demo: true);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// A count or a 双过半 bar opens the ledger (/tasks) with filters; the real ledger, given the filters read back from
/// the link, must list exactly the tasks the dashboard counted, with the same lights — today and as of a past date.
/// </summary>
public sealed class DrillDownTests(DrillDownFixture fixture) : IClassFixture<DrillDownFixture>
{
    private static readonly Actor _inspector = new("inspector", "赵文清", new HashSet<string> { Roles.Inspector }, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => fixture.Host.Services;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_count_and_bar_of_the_office_dashboard_opens_the_ledger_on_exactly_its_tasks(bool pastDate)
    {
        var model = await DashboardAsync(_inspector, pastDate);
        var tiles = model.Board.SelectMany(g => g.Tiles).ToDictionary(t => t.TaskId);
        Assert.NotEmpty(tiles);

        var links = new List<(string Link, IReadOnlyCollection<int> Expected)> { (LedgerLinks.ForLight(model, null), tiles.Keys) };
        foreach (var light in Enum.GetValues<TrafficLight>())
            links.Add((LedgerLinks.ForLight(model, light), tiles.Values.Where(t => t.Light == light).Select(t => t.TaskId).ToList()));
        foreach (var chart in new[] { model.ByCategory, model.ByUnit, model.ByLeader })
        {
            Assert.NotEmpty(chart.Bars);
            foreach (var bar in chart.Bars)
                links.Add((LedgerLinks.ForBar(model, chart.Grouping, bar), bar.TaskIds));
        }

        foreach (var (link, expected) in links)
        {
            var rows = await LedgerRowsAsync(_inspector, link);
            Assert.True(expected.Order().SequenceEqual(rows.Select(r => r.Id).Order()), $"{link}: expected {expected.Count} tasks, the ledger listed {rows.Count}");
            Assert.All(rows, r => Assert.Equal(tiles[r.Id].Light, r.Light));
        }
    }

    [Fact]
    public async Task Uncategorised_tasks_have_their_own_bars_by_source_and_each_opens_only_its_tasks()
    {
        var model = await DashboardAsync(_inspector, pastDate: false);

        var bySource = model.ByCategory.Bars.Where(b => b.Id is null).ToList();
        Assert.Contains(bySource, b => b.Source == TaskSource.LeaderInstruction && b.Label == "领导批示件");
        Assert.DoesNotContain(model.Board, g => g.Name == "其他");
        foreach (var bar in bySource)
            Assert.Equal(bar.TaskIds.Order(), (await LedgerRowsAsync(_inspector, LedgerLinks.ForBar(model, ChartGrouping.Category, bar))).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_unit_accounts_counts_open_the_ledger_on_the_tasks_it_leads_or_assists_on()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        var unitId = await db.Units.Where(u => u.ShortName == "市发展改革委").Select(u => u.Id).SingleAsync(Ct);
        var unit = new Actor("fgw", "联络员", new HashSet<string> { Roles.UnitOperator }, unitId);
        var model = await DashboardAsync(unit, pastDate: false);
        var tiles = model.Board.SelectMany(g => g.Tiles).ToList();
        Assert.NotEmpty(tiles);

        Assert.Equal(tiles.Select(t => t.TaskId).Order(), (await LedgerRowsAsync(unit, LedgerLinks.ForLight(model, null))).Select(r => r.Id).Order());
        foreach (var light in tiles.Select(t => t.Light).Distinct())
            Assert.Equal(tiles.Where(t => t.Light == light).Select(t => t.TaskId).Order(), (await LedgerRowsAsync(unit, LedgerLinks.ForLight(model, light))).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Unit_bar_lists_the_tasks_the_unit_leads_not_those_it_only_assists_on()
    {
        var model = await DashboardAsync(_inspector, pastDate: false);
        // A unit that assists on some task it does not lead, so "lead only" makes a difference.
        var assisted = await AssistingUnitsAsync();
        var bar = model.ByUnit.Bars.First(b => b.Id is { } id && assisted.Contains(id));

        var link = LedgerLinks.ForBar(model, ChartGrouping.Unit, bar);

        Assert.Contains("lead=1", link, StringComparison.Ordinal);
        Assert.Equal(bar.TaskIds.Order(), (await LedgerRowsAsync(_inspector, link)).Select(r => r.Id).Order());
        var withAssisting = await LedgerRowsAsync(_inspector, link.Replace("&lead=1", "", StringComparison.Ordinal));
        Assert.True(withAssisting.Count > bar.TaskIds.Count, "without 仅牵头 the ledger also lists the tasks the unit assists on");
    }

    private async Task<HashSet<int>> AssistingUnitsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        return (await db.Tasks.SelectMany(t => t.AssistingUnits.Select(a => a.UnitId)).Distinct().ToListAsync(Ct)).ToHashSet();
    }

    private async Task<DashboardModel> DashboardAsync(Actor actor, bool pastDate)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        // Half-way through the year so far: lights then differ from today's, and later tasks did not exist yet.
        var asOf = new DateOnly(today.Year, 1, 1).AddDays((today.DayOfYear - 1) / 2);
        var request = pastDate ? new DashboardRequest(AsOf: asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : new DashboardRequest();
        var result = await Services.GetRequiredService<DashboardService>().GetAsync(actor, request, Ct);
        Assert.Empty(result.Ignored);
        return result.Model;
    }

    // Reads the link back as the ledger page does and runs the real ledger query.
    private async Task<IReadOnlyList<LedgerRow>> LedgerRowsAsync(Actor actor, string link)
    {
        Assert.StartsWith("/tasks?", link, StringComparison.Ordinal);
        var query = new QueryCollection(QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..]));
        var filter = Routes.LedgerFilterFrom(query, ChinaTime.Today(TimeProvider.System).Year);
        await using var scope = Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<LedgerQueryService>().PageAsync(actor, filter, 0, 500, Ct);
        Assert.Equal(page.Total, page.Rows.Count);
        return page.Rows;
    }
}
