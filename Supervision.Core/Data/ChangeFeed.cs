using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// One committed change: an event the audit record wrote, or (with <paramref name="To"/>) a change to the notifications
/// of one audience — some were added or read.
/// </summary>
/// <param name="EventId">The audit event's id (0 when the event was published before it had one, and for notifications).</param>
/// <param name="Action">Stable action code such as <c>report.accepted</c>, or <see cref="NotificationAction"/>.</param>
/// <param name="TaskId">The task the change concerns, when it concerns one (never for notifications).</param>
/// <param name="OccurredAt">When it happened (UTC).</param>
/// <param name="To">For a notification change: whose notifications changed.</param>
public sealed record ChangeNotice(long EventId, string Action, int? TaskId, DateTime OccurredAt, Audience? To = null)
{
    /// <summary>Action of a notification change.</summary>
    public const string NotificationAction = "notification.changed";

    /// <summary>Action of <see cref="Resync"/>.</summary>
    public const string ResyncAction = "feed.resync";

    /// <summary>True for a change to an audience's notifications (not an audit event): it changes nothing that is judged.</summary>
    public bool IsNotification => To is not null;

    /// <summary>The notifications of <paramref name="to"/> changed (some were added or read).</summary>
    public static ChangeNotice Notifications(Audience to, DateTime at) => new(0, NotificationAction, null, at, to);

    /// <summary>
    /// "Anything may have changed": announced when notices may have been missed (a feed across nodes was disconnected).
    /// It names no task and no audience, so a subscriber that refreshes by task or audience reloads everything instead.
    /// </summary>
    public static ChangeNotice Resync(DateTime at) => new(0, ResyncAction, null, at);
}

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
