using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Demo;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Judging;

/// <summary>
/// The one query: a refresh reads only the tasks a change named and keeps the rest of the year as loaded — after changes
/// of every kind it must equal a full load, item for item and in the same order; and the facts it loads say what the
/// rules need (交办, the cycle each accepted report is for, which tasks are the indicators counted apart).
/// </summary>
public sealed class YearFactsQueryTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions _json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _ = await DemoCity.SeedAsync(_db, _clock, Ct) ?? throw new InvalidOperationException("An empty database was not seeded.");
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Refreshing_the_changed_tasks_gives_what_a_full_load_gives()
    {
        var before = await LoadAsync();
        var at = _clock.GetUtcNow().UtcDateTime;
        var changed = new HashSet<int>();
        await using (var db = _db.CreateDbContext())
        {
            var submitted = await db.Reports.Include(r => r.Revisions)
                .Where(r => r.Revisions.Any(v => v.State == RevisionState.Submitted))
                .OrderBy(r => r.Id).Take(2).ToListAsync(Ct);
            Assert.Equal(2, submitted.Count);
            submitted[0].Accept(Inspector, at, "同意");
            submitted[1].Return(Inspector, at, "数据与上月不一致，请核实后重报。");
            var accepted = await db.Reports.Include(r => r.Revisions)
                .Where(r => r.Revisions.Any(v => v.State == RevisionState.Accepted) && !submitted.Select(s => s.Id).Contains(r.Id))
                .OrderByDescending(r => r.Id).FirstAsync(Ct);
            db.SpotChecks.Add(new SpotCheck(accepted, accepted.Current.Number, SpotCheckMethod.Phone, SpotCheckResult.False, new DateOnly(2026, 7, 10), "电话核实，与报送不符。", null, Inspector, at));
            var cancelled = await db.Tasks.Where(t => t.Year == 2026 && t.State == TaskState.InProgress).OrderByDescending(t => t.Id).FirstAsync(Ct);
            cancelled.Cancel("因政策调整", Inspector, at);
            await db.SaveChangesAsync(Ct);
            changed.UnionWith([submitted[0].TaskId, submitted[1].TaskId, accepted.TaskId, cancelled.Id]);
        }

        await using var context = _db.CreateDbContext();
        var refreshed = await YearFactsQuery.RefreshAsync(context, before, changed, Ct);
        var keepingDirectory = await YearFactsQuery.RefreshAsync(context, before, changed, Ct, directoryUnchanged: true);
        var full = await YearFactsQuery.LoadAsync(context, 2026, Ct);

        Assert.NotNull(refreshed);
        Assert.NotEqual(Json(before), Json(full)); // the changes did change the year
        Assert.Equal(Json(full), Json(refreshed));
        Assert.Equal(Json(full), Json(keepingDirectory));
    }

    [Fact]
    public async Task A_task_new_to_the_year_asks_for_a_full_load()
    {
        var before = await LoadAsync();
        await using var db = _db.CreateDbContext();
        var moved = await db.Tasks.Where(t => t.Year == 2026).OrderBy(t => t.Id).FirstAsync(Ct);
        var without = before with { Tasks = before.Tasks.Where(t => t.Id != moved.Id).ToList() };

        Assert.Null(await YearFactsQuery.RefreshAsync(db, without, new HashSet<int> { moved.Id }, Ct));
    }

    [Fact]
    public async Task A_changed_task_of_another_year_leaves_the_year_as_it_was()
    {
        var before = await LoadAsync();
        await using var db = _db.CreateDbContext();

        var refreshed = await YearFactsQuery.RefreshAsync(db, before, new HashSet<int> { int.MaxValue }, Ct);

        Assert.Equal(Json(before), Json(refreshed));
    }

    [Fact]
    public async Task The_indicators_counted_apart_are_the_main_economic_ones_and_every_accepted_value_knows_its_cycle()
    {
        var year = await LoadAsync();

        var indicators = year.Tasks.Where(t => t.Facts.Indicator is not null).ToList();
        var main = year.Categories.Single(c => c.IsMainIndicators).Id;
        Assert.True(indicators.Count > 8, "the demo city also measures some 重点工作 by an indicator");
        Assert.Equal(indicators.Where(t => t.CategoryId == main).Select(t => t.Id).Order(), indicators.Where(t => t.Facts.CountsAsIndicator).Select(t => t.Id).Order());
        Assert.Equal(8, indicators.Count(t => t.Facts.CountsAsIndicator));

        var points = year.Tasks.SelectMany(t => t.Facts.Progress).ToList();
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.True(p.PeriodStart != default && p.PeriodEnd >= p.PeriodStart && p.RevisionId > 0));
        Assert.All(year.Tasks.Where(t => t.State != TaskState.Registered), t => Assert.NotNull(t.Facts.AssignedOn));
        Assert.All(year.Tasks.SelectMany(t => t.Facts.DueReports), d => Assert.NotNull(d.PeriodKey));
    }

    private async Task<YearFacts> LoadAsync()
    {
        await using var db = _db.CreateDbContext();
        return await YearFactsQuery.LoadAsync(db, 2026, Ct);
    }

    private static string Json(YearFacts? data) => JsonSerializer.Serialize(data, _json);
}
