using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>
/// The one cache of judged tasks. It loads a year's facts once (<see cref="YearFactsQuery"/>), judges them once per
/// <see cref="JudgementPoint"/> (<see cref="Judge.Year"/>) and shares the result with every surface: 看板, 大屏, 台账,
/// 待办, scores, period documents. Every committed change on the <see cref="IChangeFeed"/> starts a new generation;
/// the next request reloads only the tasks the changes named.
/// </summary>
public sealed class JudgementService : IDisposable
{
    private const int MaxCached = 512;
    private const int MaxRefreshed = 200;
    private const int MaxChangesKept = 10_000;

    private readonly IDbContextFactory<SupervisionDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<RuleThresholds> _thresholds;
    private readonly ILogger<JudgementService> _logger;
    private readonly IDisposable _feedSubscription;
    private readonly Lock _gate = new();
    private readonly SharedCache _cache = new(MaxCached);

    // The last facts loaded for each year with the generation they reflect, and the tasks each generation's changes
    // named (null: something without a task, such as the unit directory). Together they let a refresh read only the
    // tasks changed since. Both under _gate.
    private readonly Dictionary<int, (long Generation, YearFacts Facts)> _loaded = [];
    private readonly List<(long Generation, int? TaskId)> _changes = [];
    private Action<long>[] _listeners = [];
    private long _generation;

    public JudgementService(
        IDbContextFactory<SupervisionDbContext> dbFactory,
        IChangeFeed feed,
        TimeProvider clock,
        IOptionsMonitor<RuleThresholds> thresholds,
        ILogger<JudgementService> logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _dbFactory = dbFactory;
        _clock = clock;
        _thresholds = thresholds;
        _logger = logger;
        _feedSubscription = feed.Subscribe(OnChanges);
    }

    /// <summary>Counts every change seen; anything judged under an older generation is out of date.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The thresholds in force (a configuration change applies at the next request).</summary>
    public RuleThresholds Thresholds => _thresholds.CurrentValue;

    /// <summary>Today in China.</summary>
    public DateOnly Today => ChinaTime.Today(_clock);

    /// <summary>
    /// The point for <paramref name="asOf"/> as seen now: today's live point, or a past date with the reports accepted
    /// by its cut-off (or by now). A date after today is judged as today.
    /// </summary>
    public JudgementPoint PointFor(DateOnly? asOf)
    {
        var today = Today;
        return asOf is { } day && day < today ? JudgementPoint.At(day, today, Thresholds) : JudgementPoint.Live(today);
    }

    /// <summary>
    /// Calls <paramref name="onChanged"/> (with the new generation) right after a change was noted, until disposed. It
    /// runs on the publisher's thread and must only note the change.
    /// </summary>
    public IDisposable OnChanged(Action<long> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
            _listeners = [.. _listeners, onChanged];
        return new Listener(this, onChanged);
    }

    /// <summary>Years that have tasks or categories, and the current one, newest first.</summary>
    public Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default) =>
        Cached(ct, ("years", Generation), async () =>
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            var list = (await YearFactsQuery.YearsAsync(db, CancellationToken.None)).ToList();
            if (!list.Contains(Today.Year))
                list.Add(Today.Year);
            IReadOnlyList<int> sorted = list.OrderByDescending(y => y).ToList();
            return sorted;
        });

    /// <summary>The facts of <paramref name="year"/> as they stand.</summary>
    public Task<YearFacts> FactsAsync(int year, CancellationToken ct = default) => FactsAsync(year, Generation, ct);

    /// <summary>Every task of <paramref name="year"/> registered by the point's as-of date, judged at <paramref name="point"/>.</summary>
    public async Task<JudgedYear> JudgeAsync(int year, JudgementPoint point, CancellationToken ct = default)
    {
        var generation = Generation;
        var thresholds = Thresholds;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var facts = await FactsAsync(year, generation, ct);
        var loaded = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        // Thresholds are part of the key, so a configuration change applies at the next request.
        return await Cached(ct, new JudgedKey(generation, year, point, thresholds), () =>
        {
            var judged = Judge.Year(facts, point, thresholds);
            // With "Change noted", this splits the live bench's warming into reading the changed tasks and judging the year.
            if (_logger.IsEnabled(LogLevel.Debug))
                _logger.LogDebug("Judged {Year} at generation {Generation}: facts after {Facts:0.0} ms, judged after {Judged:0.0} ms", year, generation, loaded.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Task.FromResult(judged);
        });
    }

    /// <summary>The year judged as of <paramref name="asOf"/> (null: today), at <see cref="PointFor"/>.</summary>
    public Task<JudgedYear> JudgeAsync(int year, DateOnly? asOf, CancellationToken ct = default) => JudgeAsync(year, PointFor(asOf), ct);

    /// <summary>The points judged in the current generation, newest first (what open screens show, worth warming after a change).</summary>
    public IReadOnlyList<(int Year, JudgementPoint Point)> RecentPoints(int max) =>
        _cache.Keys.OfType<JudgedKey>().Select(k => (k.Year, k.Point)).Distinct().Take(max).ToList();

    /// <summary>The reports <paramref name="unitId"/> has to move now, over every year (see <see cref="ReportWork"/>).</summary>
    public async Task<IReadOnlyList<ReportWorkItem>> ReportWorkAsync(int unitId, CancellationToken ct = default)
    {
        var generation = Generation;
        var today = Today;
        var thresholds = Thresholds;
        return await Cached(ct, ("work", generation, unitId, today, thresholds), async () =>
        {
            var items = new List<ReportWorkItem>();
            foreach (var year in await YearsAsync(CancellationToken.None))
                items.AddRange(ReportWork.Of(await FactsAsync(year, generation, CancellationToken.None), unitId, today, thresholds));
            IReadOnlyList<ReportWorkItem> ordered = items.OrderByDescending(i => i.Overdue).ThenBy(i => i.DueDate).ThenBy(i => i.Task.Number, StringComparer.Ordinal).ToList();
            return ordered;
        });
    }

    /// <inheritdoc />
    public void Dispose() => _feedSubscription.Dispose();

    private Task<YearFacts> FactsAsync(int year, long generation, CancellationToken ct) =>
        Cached(ct, ("facts", generation, year), async () =>
        {
            var (previous, changed) = ChangedSince(year, generation);
            if (previous is not null && changed is { Count: 0 })
            {
                Loaded(year, generation, previous); // nothing changed since: the cache was only emptied
                return previous;
            }

            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            var facts = previous is not null && changed is not null
                // Every change since named a task (ChangedSince): the directory is as it was.
                ? await YearFactsQuery.RefreshAsync(db, previous, changed, CancellationToken.None, directoryUnchanged: true)
                : null;
            facts ??= await YearFactsQuery.LoadAsync(db, year, CancellationToken.None);
            Loaded(year, generation, facts);
            return facts;
        });

    // The year as last loaded and the tasks changed between then and generation; no facts when only a full load will
    // do (nothing loaded yet, a change without a task, too many tasks to be worth it).
    private (YearFacts? Previous, HashSet<int>? Changed) ChangedSince(int year, long generation)
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

            return (last.Facts, changed);
        }
    }

    private void Loaded(int year, long generation, YearFacts facts)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(year, out var last) && last.Generation >= generation)
                return;
            _loaded[year] = (generation, facts);
            var oldest = _loaded.Values.Min(l => l.Generation);
            _changes.RemoveAll(c => c.Generation <= oldest);
        }
    }

    private Task<T> Cached<T>(CancellationToken ct, object key, Func<Task<T>> load) => _cache.GetAsync(key, load, ct);

    private void OnChanges(IReadOnlyList<ChangeNotice> changes)
    {
        // Sign-ins and other access records, and notifications, change nothing that is judged.
        if (changes.All(ChangesNothingJudged))
            return;
        long generation;
        lock (_gate)
        {
            // Counted and noted together, so a load for the new generation always sees what it changed.
            generation = Interlocked.Increment(ref _generation);
            foreach (var taskId in changes.Where(c => !ChangesNothingJudged(c)).Select(c => c.TaskId).Distinct())
                _changes.Add((generation, taskId));
            if (_changes.Count > MaxChangesKept)
            {
                // Nobody has loaded for a long while: start again from full loads.
                _changes.Clear();
                _loaded.Clear();
            }
        }

        // The moment a commit reached the judged model: the live bench measures every screen's refresh from here.
        if (_logger.IsEnabled(LogLevel.Debug))
            _logger.LogDebug("Change noted: generation {Generation}, {Actions}", generation, string.Join(",", changes.Select(c => c.Action)));

        // Kept until the listeners have read which points were judged, then dropped.
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener(generation);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A judgement listener failed");
            }
        }

        _cache.Clear();
    }

    private static bool ChangesNothingJudged(ChangeNotice change) =>
        change.IsNotification || (change.TaskId is null && change.Action.StartsWith("access.", StringComparison.Ordinal));

    private void Remove(Action<long> onChanged)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_listeners, onChanged);
            if (index >= 0)
                _listeners = [.. _listeners[..index], .. _listeners[(index + 1)..]];
        }
    }

    private sealed record JudgedKey(long Generation, int Year, JudgementPoint Point, RuleThresholds Thresholds);

    private sealed class Listener(JudgementService owner, Action<long> onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Remove(onChanged);
        }
    }
}
