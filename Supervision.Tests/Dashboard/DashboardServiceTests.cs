using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Dashboard;

public sealed class DashboardServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));
    private LiveDatabase _live = default!;
    private DashboardService _service = default!;
    private Supervision.Core.Judging.JudgementService _judgement = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _live = await LiveDatabase.CreateAsync();
        _judgement = TestJudgement.For(_live, _live.Feed, _clock);
        _service = new DashboardService(
            _judgement,
            _live,
            _clock,
            new StaticOptions<ScoringWeights>(ScoringWeights.Default),
            NullLogger<DashboardService>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _service.Dispose();
        _judgement.Dispose();
        await _live.DisposeAsync();
    }

    [Fact]
    public async Task Accepting_a_report_tells_subscribers_and_the_next_read_shows_the_new_light()
    {
        var before = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        Assert.Equal(TrafficLight.Unreported, Tile(before).Light); // May's report is overdue, March's waits for review
        var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _service.Subscribe(g => announced.TrySetResult(g));

        await _live.AcceptReportAsync(new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc));
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        var after = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        Assert.Equal(TrafficLight.Done, Tile(after).Light);
        Assert.Equal("report.accepted", after.Model.Activity[0].Action);
    }

    [Fact]
    public async Task Open_dashboards_are_told_of_a_change_only_once_their_new_figures_are_ready()
    {
        var before = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        var ready = new TaskCompletionSource<DashboardResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _service.Subscribe(_ =>
        {
            // Read at once, as a told circuit does: finished already, nothing left to load or compute.
            var read = _service.GetAsync(Inspector, new DashboardRequest(), Ct);
            ready.TrySetResult(read.IsCompletedSuccessfully ? read.Result : null);
        });

        await _live.AcceptReportAsync(new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc));

        var after = await ready.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(after);
        Assert.NotSame(before.Model, after.Model);
        Assert.Equal(TrafficLight.Done, Tile(after).Light);
    }

    [Fact]
    public async Task A_task_registered_after_the_dashboard_was_loaded_is_on_it_at_the_next_read()
    {
        var before = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        Assert.Equal(1, before.Model.Counts.Lights.Total);
        var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _service.Subscribe(g => announced.TrySetResult(g));

        await using (var db = _live.CreateDbContext())
        {
            db.Tasks.Add(SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-002", 2, Definition(_live.UnitId) with { Title = "老旧小区改造" }, Inspector, At));
            await db.SaveChangesAsync(Ct);
        }

        await announced.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var after = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        Assert.Equal(2, after.Model.Counts.Lights.Total);
        Assert.Contains(after.Model.Board.SelectMany(g => g.Tiles), t => t.Title == "老旧小区改造");
    }

    [Fact]
    public async Task A_renamed_unit_shows_its_new_name_though_the_change_names_no_task()
    {
        _ = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _service.Subscribe(g => announced.TrySetResult(g));

        await using (var db = _live.CreateDbContext())
        {
            await db.Units.Where(u => u.Id == _live.UnitId).ExecuteUpdateAsync(u => u.SetProperty(x => x.ShortName, "市住建委"), Ct);
        }

        _live.Feed.Publish([new ChangeNotice(0, "unit.updated", null, At)]);
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var after = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        Assert.Equal("市住建委", Tile(after).LeadUnit);
    }

    [Fact]
    public async Task Viewers_of_the_same_view_share_one_computation_until_something_changes()
    {
        var first = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        var second = await _service.GetAsync(Inspector with { UserId = "another" }, new DashboardRequest(), Ct);
        Assert.Same(first.Model, second.Model);

        _live.Feed.Publish([new ChangeNotice(0, "task.urged", _live.TaskId, At)]);

        var third = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);
        Assert.NotSame(first.Model, third.Model);
    }

    [Fact]
    public async Task A_burst_of_changes_is_announced_at_once_and_then_once_more_after_the_window()
    {
        var announcements = 0;
        using var announced = new SemaphoreSlim(0);
        using var subscription = _service.Subscribe(_ =>
        {
            Interlocked.Increment(ref announcements);
            announced.Release();
        });

        for (var i = 0; i < 5; i++)
            _live.Feed.Publish([new ChangeNotice(i, "report.accepted", _live.TaskId, At)]);
        Assert.True(await announced.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(1, Volatile.Read(ref announcements));

        // Announcements go out from the pool once the new figures are ready, so the second is awaited too.
        _clock.Advance(DashboardService.NotifyWindow);
        Assert.True(await announced.WaitAsync(TimeSpan.FromSeconds(5), Ct));

        Assert.Equal(2, Volatile.Read(ref announcements));
        Assert.Equal(5, _service.Generation);
    }

    [Fact]
    public async Task Sign_ins_do_not_make_dashboards_recompute()
    {
        var first = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        _live.Feed.Publish([new ChangeNotice(0, "access.login", null, At)]);

        Assert.Equal(0, _service.Generation);
        Assert.Same(first.Model, (await _service.GetAsync(Inspector, new DashboardRequest(), Ct)).Model);
    }

    [Fact]
    public void Closed_dashboards_are_released()
    {
        var subscription = _service.Subscribe(_ => { });
        Assert.Equal(1, _service.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(0, _service.SubscriberCount);
    }

    [Fact]
    public async Task Values_that_were_not_offered_are_ignored_and_named()
    {
        var result = await _service.GetAsync(Inspector, new DashboardRequest(Year: "1999", AsOf: "2030-01-01", Source: "7", Leader: "abc", Category: "999"), Ct);

        Assert.Equal(2026, result.Model.Year);
        Assert.Equal(new DateOnly(2026, 7, 1), result.Model.AsOf);
        Assert.True(result.Model.Filter.IsEmpty);
        Assert.Equal(5, result.Ignored.Count);
        Assert.Contains("年度「1999」无督查任务，已显示2026年。", result.Ignored);
        Assert.Contains("任务来源「7」不在可选范围内，已忽略。", result.Ignored);
    }

    [Fact]
    public async Task Offered_values_are_applied()
    {
        var categoryId = (await _service.GetAsync(Inspector, new DashboardRequest(), Ct)).Model.Categories[0].Id;

        var result = await _service.GetAsync(Inspector, new DashboardRequest(Year: "2026", AsOf: "2026-03-31", Source: "AnnualKeyWork", Category: categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);

        Assert.Empty(result.Ignored);
        Assert.Equal(new DateOnly(2026, 3, 31), result.Model.AsOf);
        Assert.Equal(new DashboardFilter(TaskSource.AnnualKeyWork, null, categoryId), result.Model.Filter);
        Assert.Equal(1, result.Model.Counts.Lights.Total);
    }

    [Fact]
    public async Task Unit_account_gets_its_own_scope_and_cannot_filter_its_way_out()
    {
        var outsider = await _service.GetAsync(Operator(_live.OtherUnitId), new DashboardRequest(Source: "AnnualKeyWork"), Ct);
        var owner = await _service.GetAsync(Operator(_live.UnitId), new DashboardRequest(), Ct);

        Assert.Equal(0, outsider.Model.Counts.Lights.Total);
        Assert.Single(outsider.Ignored);
        Assert.Empty(outsider.Model.Activity);
        Assert.Equal(1, owner.Model.Counts.Lights.Total);
        Assert.Equal(1, owner.Model.Unit!.Todo.AwaitingReview);
    }

    [Fact]
    public async Task Past_date_shows_the_dashboard_with_the_reports_accepted_by_its_cut_off()
    {
        await _live.AcceptReportAsync(new DateTime(2026, 6, 30, 2, 0, 0, DateTimeKind.Utc));

        // 6月10日's cut-off is 6月25日: the March report accepted on 6月30日 came too late for it.
        var early = await _service.GetAsync(Inspector, new DashboardRequest(AsOf: "2026-06-10"), Ct);
        // 6月29日's cut-off (7月14日) has not come yet: everything accepted by today counts.
        var late = await _service.GetAsync(Inspector, new DashboardRequest(AsOf: "2026-06-29"), Ct);
        var now = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        Assert.Equal(TrafficLight.Unreported, Tile(early).Light);
        Assert.Equal(new DateOnly(2026, 6, 25), early.Model.Cutoff);
        Assert.Equal(TrafficLight.Done, Tile(late).Light);
        Assert.Equal(new DateOnly(2026, 7, 1), late.Model.Cutoff);
        Assert.Equal(TrafficLight.Done, Tile(now).Light);
        Assert.DoesNotContain(late.Model.Activity, a => a.Action == "report.accepted"); // what happened is still by the date
    }

    [Fact]
    public async Task Activity_leaves_out_the_automatic_reminders_and_keeps_what_people_did()
    {
        await using (var db = _live.CreateDbContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == _live.TaskId, Ct);
            var at = new DateTime(2026, 6, 30, 1, 0, 0, DateTimeKind.Utc);
            // Databases from before the chasing job stopped recording its own 时限提醒 and 催办 hold them as audit
            // events by 系统 (written here the way that version did); an inspector's own 催办 is a person's action.
            db.Add(ChaseRecord.Issued(task, ChaseLevel.Reminder, "「城市更新」2026年6月进展应于2026年7月5日前报送。", null, null, Actor.System, at));
            db.Add(ChaseRecord.Issued(task, ChaseLevel.Urge, "「城市更新」2026年5月进展逾期未报。", null, null, Actor.System, at));
            db.Add(ChaseRecord.Automatic(task, ChaseLevel.Reminder, "「城市更新」2026年7月进展应于2026年8月5日前报送。", "2026-07", "remind:1", at));
            db.Add(ChaseRecord.Issued(task, ChaseLevel.Urge, "请加快推进。", null, null, Inspector, at.AddMinutes(1)));
            await db.SaveChangesAsync(Ct);
        }

        var result = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        var chasing = result.Model.Activity.Where(a => a.Action.StartsWith("chase.", StringComparison.Ordinal)).ToList();
        var urge = Assert.Single(chasing);
        Assert.Equal(Inspector.Name, urge.ActorName);
        Assert.Equal("ZD-001 " + (await TaskTitleAsync()), urge.TaskLabel);
    }

    [Fact]
    public async Task A_new_year_without_tasks_gives_an_empty_dashboard()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 2, 0, 0, TimeSpan.Zero));

        var result = await _service.GetAsync(Inspector, new DashboardRequest(), Ct);

        Assert.Equal(2027, result.Model.Year);
        Assert.Equal(0, result.Model.Counts.Lights.Total);
        Assert.Equal([2027, 2026], result.Years);
    }

    private async Task<string> TaskTitleAsync()
    {
        await using var db = _live.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == _live.TaskId).Select(t => t.Title).SingleAsync(Ct);
    }

    private static BoardTile Tile(DashboardResult result) => result.Model.Board.SelectMany(g => g.Tiles).Single();
}
