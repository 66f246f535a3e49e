using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Dashboard;

/// <summary>
/// Serves dashboards and keeps them live. One instance per server: it loads a year's data once, judges it once
/// per as-of date and computes each distinct view once, sharing the result with every open dashboard that shows
/// the same thing; any committed change on the <see cref="IChangeFeed"/> drops the cache and tells subscribers
/// to ask again.
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
    private const int MaxRefreshed = 200;
    private const int MaxChangesKept = 10_000;

    private readonly IDbContextFactory<SupervisionDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<RuleThresholds> _thresholds;
    private readonly IOptionsMonitor<ScoringWeights> _weights;
    private readonly ILogger<DashboardService> _logger;
    private readonly IDisposable _feedSubscription;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<object, Lazy<Task<object>>> _cache = new();

    // The last model handed out for each view (and the last year list), kept across generations so a new one can
    // reuse its unchanged parts: see ModelReuse.
    private readonly ConcurrentDictionary<object, DashboardModel> _shown = new();
    private IReadOnlyList<int>? _years;

    // The last data loaded for each year with the generation it reflects, and the tasks each generation's changes
    // named (null: something without a task, such as the unit directory). Together they let a refresh read only
    // the tasks changed since. Both under _gate.
    private readonly Dictionary<int, (long Generation, DashboardYearData Data)> _loaded = [];
    private readonly List<(long Generation, int? TaskId)> _changes = [];

    private readonly List<(int Year, DateOnly AsOf)> _toWarm = [];
    private Action<long>[] _subscribers = [];
    private long _generation;
    private DateTimeOffset _lastNotified = DateTimeOffset.MinValue;
    private ITimer? _pendingNotify;

    public DashboardService(
        IDbContextFactory<SupervisionDbContext> dbFactory,
        IChangeFeed feed,
        TimeProvider clock,
        IOptionsMonitor<RuleThresholds> thresholds,
        IOptionsMonitor<ScoringWeights> weights,
        ILogger<DashboardService> logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _dbFactory = dbFactory;
        _clock = clock;
        _thresholds = thresholds;
        _weights = weights;
        _logger = logger;
        _feedSubscription = feed.Subscribe(OnChanges);
    }

    /// <summary>Counts every change seen; a dashboard computed under an older generation is out of date.</summary>
    public long Generation => Interlocked.Read(ref _generation);

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

        var years = await Cached(ct, ("years", generation), async () =>
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            var list = (await DashboardDataQuery.YearsAsync(db, CancellationToken.None)).ToList();
            if (!list.Contains(today.Year))
                list.Add(today.Year);
            IReadOnlyList<int> sorted = list.OrderByDescending(y => y).ToList();
            return _years = ModelReuse.Same(_years, sorted);
        });

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

        var data = await YearDataAsync(year, generation, ct);
        var filter = ValidateFilter(request, scope, data, ignored);
        var thresholds = _thresholds.CurrentValue;
        var weights = _weights.CurrentValue;

        var evaluation = await EvaluationAsync(data, generation, asOf, thresholds, ct);
        var activity = await ActivityAsync(generation, asOf, ct);
        // Thresholds and weights are part of the keys, so a configuration change applies at the next request.
        var view = (year, asOf, scope, filter, thresholds, weights);
        var model = await Cached(ct, ("model", generation, view), () =>
        {
            if (_shown.Count > MaxCachedViews)
                _shown.Clear();
            var computed = DashboardCalculator.Compute(evaluation, scope, filter, activity, weights);
            return Task.FromResult(_shown[view] = computed.Reusing(_shown.GetValueOrDefault(view)));
        });
        return new DashboardResult(model, years, today, ignored);
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
        _feedSubscription.Dispose();
        lock (_gate)
        {
            _pendingNotify?.Dispose();
            _pendingNotify = null;
        }
    }

    private Task<DashboardEvaluation> EvaluationAsync(DashboardYearData data, long generation, DateOnly asOf, RuleThresholds thresholds, CancellationToken ct) =>
        Cached(ct, new EvaluationKey(generation, data.Year, asOf, thresholds), () => Task.FromResult(DashboardCalculator.Evaluate(data, asOf, thresholds)));

    private Task<IReadOnlyList<ActivityItem>> ActivityAsync(long generation, DateOnly asOf, CancellationToken ct) =>
        Cached(ct, ("activity", generation, asOf), async () =>
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            return await DashboardDataQuery.ActivityAsync(db, asOf, ActivityDepth, CancellationToken.None);
        });

    private Task<DashboardYearData> YearDataAsync(int year, long generation, CancellationToken ct) =>
        Cached(ct, ("year", generation, year), async () =>
        {
            var (previous, changed) = ChangedSince(year, generation);
            if (previous is not null && changed is { Count: 0 })
            {
                Loaded(year, generation, previous); // nothing changed since: the cache was only emptied
                return previous;
            }

            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            var data = previous is not null && changed is not null
                ? await DashboardDataQuery.RefreshAsync(db, previous, changed, CancellationToken.None)
                : null;
            data ??= await DashboardDataQuery.LoadAsync(db, year, CancellationToken.None);
            Loaded(year, generation, data);
            return data;
        });

    // The year as last loaded and the tasks changed between then and generation; no data when only a full load will
    // do (nothing loaded yet, a change without a task, too many tasks to be worth it).
    private (DashboardYearData? Previous, HashSet<int>? Changed) ChangedSince(int year, long generation)
    {
        lock (_gate)
        {
            if (!_loaded.TryGetValue(year, out var last) || last.Generation > generation)
                return (null, null);
            var changed = new HashSet<int>();
            foreach (var (g, taskId) in _changes)
            {
                if (g <= last.Generation || g > generation)
                    continue;
                if (taskId is null || changed.Count >= MaxRefreshed)
                    return (null, null);
                changed.Add(taskId.Value);
            }

            return (last.Data, changed);
        }
    }

    private void Loaded(int year, long generation, DashboardYearData data)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(year, out var last) && last.Generation >= generation)
                return;
            _loaded[year] = (generation, data);
            var oldest = _loaded.Values.Min(l => l.Generation);
            _changes.RemoveAll(c => c.Generation <= oldest);
        }
    }

    private static DashboardFilter ValidateFilter(DashboardRequest request, DashboardScope scope, DashboardYearData data, List<string> ignored)
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
            if (scope.All && DashboardRequest.TryId(request.Leader, out var id) && data.Tasks.Any(t => t.Row.ResponsibleLeaderId == id))
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

    // Loads are shared by every viewer, so they never run under one viewer's token; each caller only stops waiting.
    private async Task<T> Cached<T>(CancellationToken ct, object key, Func<Task<T>> load)
    {
        // Counting takes every lock of the dictionary, so only a miss (about to add) counts: hundreds of dashboards
        // asking at once for what is cached must not queue on each other.
        if (!_cache.TryGetValue(key, out var cached) && _cache.Count > MaxCachedViews)
            _cache.Clear();
        // Started on the pool, not on the asking circuit's dispatcher: hundreds of circuits wait for the same load,
        // and its continuations must not queue behind their work.
        var lazy = cached ?? _cache.GetOrAdd(key, _ => new Lazy<Task<object>>(() => Task.Run(async () => (object)(await load().ConfigureAwait(false))!)));
        try
        {
            return (T)await lazy.Value.WaitAsync(ct);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            // A failed load (database busy, cancelled request) must not be served to everyone until the next change.
            _cache.TryRemove(new KeyValuePair<object, Lazy<Task<object>>>(key, lazy));
            throw;
        }
    }

    private void OnChanges(IReadOnlyList<ChangeNotice> changes)
    {
        // Sign-ins and other access records change nothing a dashboard shows.
        if (changes.All(IsAccess))
            return;
        // The dates open dashboards were judged at, so the new figures are ready before they are asked for.
        var warm = _cache.Keys.OfType<EvaluationKey>().Select(k => (k.Year, k.AsOf)).Distinct().Take(MaxWarmed).ToList();
        lock (_gate)
        {
            // Counted and noted together, so a load for the new generation always sees what it changed.
            var generation = Interlocked.Increment(ref _generation);
            foreach (var taskId in changes.Where(c => !IsAccess(c)).Select(c => c.TaskId).Distinct())
                _changes.Add((generation, taskId));
            if (_changes.Count > MaxChangesKept)
            {
                // Nobody has loaded for a long while: start again from full loads.
                _changes.Clear();
                _loaded.Clear();
            }

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
        List<(int Year, DateOnly AsOf)> warm;
        lock (_gate)
        {
            warm = [.. _toWarm];
            _toWarm.Clear();
        }

        var generation = Generation;
        var thresholds = _thresholds.CurrentValue;
        foreach (var (year, asOf) in warm)
        {
            try
            {
                var data = await YearDataAsync(year, generation, CancellationToken.None).ConfigureAwait(false);
                await EvaluationAsync(data, generation, asOf, thresholds, CancellationToken.None).ConfigureAwait(false);
                await ActivityAsync(generation, asOf, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The dashboards load it themselves (and show what went wrong); the announcement must still go out.
                _logger.LogWarning(ex, "Warming the dashboard of {Year} as of {AsOf} failed", year, asOf);
            }
        }

        Announce(generation);
    }

    private void Announce(long generation)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(generation);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Dashboard subscriber failed");
            }
        }
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

    private static bool IsAccess(ChangeNotice change) =>
        change.TaskId is null && change.Action.StartsWith("access.", StringComparison.Ordinal);

    private sealed record EvaluationKey(long Generation, int Year, DateOnly AsOf, RuleThresholds Thresholds);

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
