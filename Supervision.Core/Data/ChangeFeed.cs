using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Core.Data;

/// <summary>One committed change, as the audit record wrote it.</summary>
/// <param name="EventId">The audit event's id (0 when the event was published before it had one).</param>
/// <param name="Action">Stable action code such as <c>report.accepted</c>.</param>
/// <param name="TaskId">The task the change concerns, when it concerns one.</param>
/// <param name="OccurredAt">When it happened (UTC).</param>
public sealed record ChangeNotice(long EventId, string Action, int? TaskId, DateTime OccurredAt);

/// <summary>
/// The live change feed: whatever commits a change publishes it here, and whatever shows live data subscribes.
/// It is the one seam between servers — today an in-process implementation; a second server joins by
/// implementing this interface over a broker (Redis pub/sub, Postgres NOTIFY …) without touching subscribers.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Announces changes that have been committed. Never blocks on subscribers' work.</summary>
    void Publish(IReadOnlyList<ChangeNotice> changes);

    /// <summary>Receives every published batch until the returned handle is disposed.</summary>
    /// <remarks>The handler runs on the publisher's thread: it must only note the change and return.</remarks>
    IDisposable Subscribe(Action<IReadOnlyList<ChangeNotice>> handler);
}

/// <summary>The single-server change feed: delivers each batch to every subscriber synchronously, in process.</summary>
public sealed class InProcessChangeFeed(ILogger<InProcessChangeFeed>? logger = null) : IChangeFeed
{
    private readonly ILogger _logger = logger ?? NullLogger<InProcessChangeFeed>.Instance;
    private readonly Lock _gate = new();

    // Copy-on-write: publishing reads a snapshot without locking, so subscribing never delays a save.
    private Action<IReadOnlyList<ChangeNotice>>[] _handlers = [];

    /// <summary>How many subscriptions are open (for tests and diagnostics).</summary>
    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    /// <inheritdoc />
    public void Publish(IReadOnlyList<ChangeNotice> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
            return;
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(changes);
            }
            catch (Exception ex)
            {
                // One broken subscriber must not stop the others or fail the save that published.
                _logger.LogError(ex, "Change feed subscriber failed");
            }
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<IReadOnlyList<ChangeNotice>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
            _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    private void Unsubscribe(Action<IReadOnlyList<ChangeNotice>> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
        }
    }

    private sealed class Subscription(InProcessChangeFeed feed, Action<IReadOnlyList<ChangeNotice>> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                feed.Unsubscribe(handler);
        }
    }
}
