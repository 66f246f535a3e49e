using System.Collections.Concurrent;

namespace Supervision.Core.Judging;

/// <summary>
/// Loads shared by every caller that asks for the same key at once: the first caller starts the load on the pool, the
/// others wait for the same task. Keys carry the change generation, so nothing stale is ever served once a change has
/// been noted; <see cref="Clear"/> drops what an old generation left.
/// </summary>
public sealed class SharedCache(int maxEntries)
{
    private readonly ConcurrentDictionary<object, Lazy<Task<object>>> _entries = new();

    /// <summary>The keys loaded or loading.</summary>
    public IEnumerable<object> Keys => _entries.Keys;

    /// <summary>The value for <paramref name="key"/>, loading it once with <paramref name="load"/> when it is not there.</summary>
    /// <remarks>
    /// A load is shared by every caller, so it never runs under one caller's token; each caller only stops waiting.
    /// A failed load is dropped, so the next caller tries again instead of everyone getting the failure until the next change.
    /// </remarks>
    public async Task<T> GetAsync<T>(object key, Func<Task<T>> load, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(load);
        // Counting takes every lock of the dictionary, so only a miss (about to add) counts: hundreds of dashboards
        // asking at once for what is cached must not queue on each other.
        if (!_entries.TryGetValue(key, out var cached) && _entries.Count > maxEntries)
            _entries.Clear();
        // Started on the pool, not on the asking circuit's dispatcher: hundreds of circuits wait for the same load,
        // and its continuations must not queue behind their work.
        var lazy = cached ?? _entries.GetOrAdd(key, _ => new Lazy<Task<object>>(() => Task.Run(async () => (object)(await load().ConfigureAwait(false))!)));
        try
        {
            return (T)await lazy.Value.WaitAsync(ct);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _entries.TryRemove(new KeyValuePair<object, Lazy<Task<object>>>(key, lazy));
            throw;
        }
    }

    /// <summary>Drops every entry.</summary>
    public void Clear() => _entries.Clear();
}
