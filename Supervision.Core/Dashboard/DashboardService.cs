using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Dashboard;

/// <summary>
/// Serves dashboards and keeps them live. One instance per server: the judged tasks come from the one
/// <see cref="JudgementService"/>; this service computes each distinct view once and shares the result with every open
/// dashboard that shows the same thing, and after any committed change it warms the figures open dashboards show and
/// then tells its subscribers to ask again.
/// </summary>
/// <remarks>
/// Bursts are coalesced: the first change after a quiet spell is announced at once, later ones at most once per
/// <see cref="NotifyWindow"/>, so a batch import does not make every dashboard recompute a hundred times.
/// </remarks>
public sealed class DashboardService : IDisposable
{
    /// <summary>Minimum spacing between two change announcements to subscribers.</summary>
    public static readonly TimeSpan NotifyWindow = TimeSpan.FromMilliseconds(250);

    private const int ActivityDepth = 300;
    private const int MaxCachedViews = 512;
    private const int MaxWarmed = 8;

    private readonly JudgementService _judgement;
    private readonly IDbContextFactory<SupervisionDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<ScoringWeights> _weights;
    private readonly ILogger<DashboardService> _logger;
    private readonly IDisposable _changes;
    private readonly Lock _gate = new();
    private readonly SharedCache _cache = new(MaxCachedViews);

    // The last model handed out for each view (and the last year list), kept across generations so a new one can
    // reuse its unchanged parts: see ModelReuse.
    private readonly ConcurrentDictionary<object, DashboardModel> _shown = new();
    private IReadOnlyList<int>? _years;

    private readonly List<(int Year, JudgementPoint Point)> _toWarm = [];
    private readonly List<View> _recentViews = [];
    private Action<long>[] _subscribers = [];
    private DateTimeOffset _lastNotified = DateTimeOffset.MinValue;
    private ITimer? _pendingNotify;

    public DashboardService(
        JudgementService judgement,
        IDbContextFactory<SupervisionDbContext> dbFactory,
        TimeProvider clock,
        IOptionsMonitor<ScoringWeights> weights,
        ILogger<DashboardService> logger)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        _judgement = judgement;
        _dbFactory = dbFactory;
        _clock = clock;
        _weights = weights;
        _logger = logger;
        _changes = judgement.OnChanged(OnChanged);
    }

    /// <summary>Counts every change seen; a dashboard computed under an older generation is out of date.</summary>
    public long Generation => _judgement.Generation;

    /// <summary>How many dashboards are subscribed.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>
    /// The dashboard <paramref name="actor"/> may see for <paramref name="request"/>: year, date and filters are
    /// checked against what is offered, anything else is ignored and named in <see cref="DashboardResult.Ignored"/>.
    /// </summary>
    public async Task<DashboardResult> GetAsync(Actor actor, DashboardRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var generation = Generation;
        var today = ChinaTime.Today(_clock);
        var scope = DashboardScope.For(actor);
        var ignored = new List<string>();

        var years = _years = ModelReuse.Same(_years, await _judgement.YearsAsync(ct));
        var year = today.Year;
        if (!string.IsNullOrEmpty(request.Year))
        {
            if (DashboardRequest.TryYear(request.Year, out var y) && years.Contains(y))
                year = y;
            else
                ignored.Add($"年度「{Clip(request.Year)}」无督查任务，已显示{year}年。");
        }

        var latest = year < today.Year ? new DateOnly(year, 12, 31) : today;
        var earliest = new DateOnly(year, 1, 1) < latest ? new DateOnly(year, 1, 1) : latest;
        var asOf = latest;
        if (!string.IsNullOrEmpty(request.AsOf))
        {
            if (DashboardRequest.TryDate(request.AsOf, out var d) && d >= earliest && d <= latest)
                asOf = d;
            else
                ignored.Add($"日期「{Clip(request.AsOf)}」不在{DisplayNames.Date(earliest)}至{DisplayNames.Date(latest)}之间，已显示截至{DisplayNames.Date(latest)}的情况。");
        }

        var point = _judgement.PointFor(asOf);
        var judged = await _judgement.JudgeAsync(year, point, ct);
        var filter = ValidateFilter(request, scope, judged.Data, ignored);
        var model = await ModelAsync(generation, new View(year, point, scope, filter), ct);
        return new DashboardResult(model, years, today, ignored);
    }

    // The model of one view in one generation, computed once for every dashboard that shows it.
    private async Task<DashboardModel> ModelAsync(long generation, View view, CancellationToken ct)
    {
        var judged = await _judgement.JudgeAsync(view.Year, view.Point, ct);
        var weights = _weights.CurrentValue;
        var activity = await ActivityAsync(generation, view.Point.AsOf, ct);
        // What waits on a unit is about now, and the same list its 待办 page shows.
        var todo = !view.Scope.All && view.Scope.UnitId is { } unitId ? UnitTodo.From(await _judgement.ReportWorkAsync(unitId, ct)) : null;
        // Thresholds and weights are part of the keys, so a configuration change applies at the next request.
        var key = (view, judged.Thresholds, weights);
        return await _cache.GetAsync(("model", generation, key), () =>
        {
            if (_shown.Count > MaxCachedViews)
                _shown.Clear();
            lock (_gate)
            {
                // The views shown lately, newest first: after a change they are computed before the dashboards are told.
                _recentViews.Remove(view);
                _recentViews.Insert(0, view);
                if (_recentViews.Count > MaxWarmed)
                    _recentViews.RemoveAt(_recentViews.Count - 1);
            }

            var computed = DashboardCalculator.Compute(judged, view.Scope, view.Filter, activity, weights, todo);
            return Task.FromResult(_shown[key] = computed.Reusing(_shown.GetValueOrDefault(key)));
        }, ct);
    }

    /// <summary>Calls <paramref name="onChanged"/> (with the new generation) whenever dashboards may be out of date, until disposed.</summary>
    /// <remarks>The callback runs on a pool thread: components marshal with <c>InvokeAsync</c>.</remarks>
    public IDisposable Subscribe(Action<long> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
            _subscribers = [.. _subscribers, onChanged];
        return new Subscription(this, onChanged);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _changes.Dispose();
        lock (_gate)
        {
            _pendingNotify?.Dispose();
            _pendingNotify = null;
        }
    }

    private Task<IReadOnlyList<ActivityItem>> ActivityAsync(long generation, DateOnly asOf, CancellationToken ct) =>
        _cache.GetAsync(("activity", generation, asOf), async () =>
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            return await DashboardActivity.LoadAsync(db, asOf, ActivityDepth, CancellationToken.None);
        }, ct);

    private static DashboardFilter ValidateFilter(DashboardRequest request, DashboardScope scope, YearFacts data, List<string> ignored)
    {
        TaskSource? source = null;
        int? leader = null;
        int? category = null;
        if (!string.IsNullOrEmpty(request.Source))
        {
            if (scope.All && DashboardRequest.TrySource(request.Source, out var s))
                source = s;
            else
                ignored.Add($"任务来源「{Clip(request.Source)}」不在可选范围内，已忽略。");
        }

        if (!string.IsNullOrEmpty(request.Leader))
        {
            if (scope.All && DashboardRequest.TryId(request.Leader, out var id) && data.Tasks.Any(t => t.ResponsibleLeaderId == id))
                leader = id;
            else
                ignored.Add($"责任领导「{Clip(request.Leader)}」不在可选范围内，已忽略。");
        }

        if (!string.IsNullOrEmpty(request.Category))
        {
            if (scope.All && DashboardRequest.TryId(request.Category, out var id) && data.Categories.Any(c => c.Id == id))
                category = id;
            else
                ignored.Add($"类别「{Clip(request.Category)}」不在{data.Year}年的类别中，已忽略。");
        }

        return new DashboardFilter(source, leader, category);
    }

    // Echoing browser input back: keep it short so a crafted value cannot flood the page.
    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";

    // Runs on the saving thread right after the judgement service noted the change: only note what to warm and when to tell.
    private void OnChanged(long generation)
    {
        // The points open dashboards were judged at, so the new figures are ready before they are asked for.
        var warm = _judgement.RecentPoints(MaxWarmed);
        lock (_gate)
        {
            _cache.Clear();
            foreach (var view in warm)
            {
                if (!_toWarm.Contains(view))
                    _toWarm.Add(view);
            }

            if (_pendingNotify is not null)
                return; // an announcement is already due and will cover this change
            var now = _clock.GetUtcNow();
            var wait = _lastNotified + NotifyWindow - now;
            if (wait <= TimeSpan.Zero)
            {
                _lastNotified = now;
                _ = Task.Run(AnnounceAsync);
            }
            else
            {
                _pendingNotify = _clock.CreateTimer(static s => ((DashboardService)s!).AnnounceDelayed(), this, wait, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void AnnounceDelayed()
    {
        lock (_gate)
        {
            _pendingNotify?.Dispose();
            _pendingNotify = null;
            _lastNotified = _clock.GetUtcNow();
        }

        _ = Task.Run(AnnounceAsync);
    }

    private async Task AnnounceAsync()
    {
        // Load and judge the year once, then tell the dashboards: were they told first, every circuit would queue
        // on the pool while that one load runs, and the load's own work would wait behind them.
        List<(int Year, JudgementPoint Point)> warm;
        lock (_gate)
        {
            warm = [.. _toWarm];
            _toWarm.Clear();
        }

        var generation = Generation;
        List<View> views;
        lock (_gate)
            views = [.. _recentViews];
        var timing = _logger.IsEnabled(LogLevel.Debug) ? new WarmTiming() : null;
        // The list of years beside the rest: every dashboard asks for it, but nothing below needs it.
        var years = Task.Run(() => _judgement.YearsAsync(CancellationToken.None));
        foreach (var (year, point) in warm)
        {
            try
            {
                // The feed's read beside the judgement, on another thread: SQLite's reads run synchronously even when
                // awaited, so one after the other they would add up on the way to the announcement.
                var reading = Task.Run(() => ActivityAsync(generation, point.AsOf, CancellationToken.None));
                await _judgement.JudgeAsync(year, point, CancellationToken.None).ConfigureAwait(false);
                timing?.Mark("judged");
                await reading.ConfigureAwait(false);
                timing?.Mark("activity");
                // The views open dashboards show, so each circuit told only re-renders: a hundred circuits waiting on
                // one computation would each wake, queue and be sent later.
                foreach (var view in views.Where(v => v.Year == year && v.Point == point))
                    await ModelAsync(generation, view, CancellationToken.None).ConfigureAwait(false);
                timing?.Mark("views");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The dashboards load it themselves (and show what went wrong); the announcement must still go out.
                _logger.LogWarning(ex, "Warming the dashboard of {Year} as of {AsOf} failed", year, point.AsOf);
            }
        }

        try
        {
            await years.ConfigureAwait(false);
            timing?.Mark("years");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Warming the list of years failed");
        }

        if (timing is not null)
            _logger.LogDebug("Warmed generation {Generation}: {Timing}", generation, timing);
        Announce(generation);
    }

    private void Announce(long generation)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        // With JudgementService's "Change noted", this splits a refresh into warming and the dashboards' own re-render.
        if (_logger.IsEnabled(LogLevel.Debug))
            _logger.LogDebug("Announced generation {Generation} to {Count} dashboards", generation, subscribers.Length);
        // A circuit that is idle runs its refresh and render right away on the thread that tells it (Blazor's dispatcher
        // executes inline when it can), so told one after another from here, a hundred dashboards would render in
        // sequence on one thread while the other cores wait. Every processor takes the next one until all are told.
        var next = -1;
        void TellRest()
        {
            for (var i = Interlocked.Increment(ref next); i < subscribers.Length; i = Interlocked.Increment(ref next))
            {
                try
                {
                    subscribers[i](generation);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Dashboard subscriber failed");
                }
            }
        }

        var helpers = Math.Min(Environment.ProcessorCount, subscribers.Length) - 1;
        for (var h = 0; h < helpers; h++)
            ThreadPool.UnsafeQueueUserWorkItem(static tell => tell(), (Action)TellRest, preferLocal: false);
        TellRest();
    }

    private void Unsubscribe(Action<long> onChanged)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, onChanged);
            if (index >= 0)
                _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
        }
    }

    // Where the warming's time went (the live bench reads it from the debug log), in ms since the announcement began.
    private sealed class WarmTiming
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();
        private readonly List<string> _marks = [];

        public void Mark(string what) =>
            _marks.Add($"{what} {System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalMilliseconds:0.0}");

        public override string ToString() => string.Join(", ", _marks);
    }

    private sealed record View(int Year, JudgementPoint Point, DashboardScope Scope, DashboardFilter Filter);

    private sealed class Subscription(DashboardService owner, Action<long> onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Unsubscribe(onChanged);
        }
    }
}
