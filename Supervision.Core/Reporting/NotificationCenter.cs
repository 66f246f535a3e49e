using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// Live signal for the notification centre: every page showing an unread count subscribes and is told when its
/// audience got or read something. One instance per app (in-process, like the Blazor circuits it serves). It hears of
/// changes from the <see cref="IChangeFeed"/> only — a save that adds or reads a notification announces its audience
/// there once committed (<see cref="ChangeFeedInterceptor"/>), and with several web nodes the feed brings in those of
/// the other nodes — so no service tells it anything by hand.
/// </summary>
public sealed class NotificationCenter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly IDisposable _feed;

    public NotificationCenter(IChangeFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _feed = feed.Subscribe(OnChanges);
    }

    /// <summary>Calls <paramref name="changed"/> whenever <paramref name="audience"/>'s notifications change; dispose to stop.</summary>
    public IDisposable Subscribe(Audience audience, Func<Task> changed)
    {
        var subscription = new Subscription(this, audience, changed);
        lock (_lock)
            _subscribers.Add(subscription);
        return subscription;
    }

    /// <summary>
    /// Calls <paramref name="changed"/> whenever any audience's notifications change (the webhook push listens so a
    /// message reaches the group robot at once, not at the next run of the periodic job); dispose to stop.
    /// </summary>
    public IDisposable SubscribeAll(Func<Task> changed)
    {
        var subscription = new Subscription(this, null, changed);
        lock (_lock)
            _subscribers.Add(subscription);
        return subscription;
    }

    /// <summary>Stops listening to the change feed.</summary>
    public void Dispose() => _feed.Dispose();

    private void OnChanges(IReadOnlyList<ChangeNotice> changes)
    {
        // Notices may have been missed (a node lost its connection): every count is looked at again.
        if (changes.Any(c => c.Action == ChangeNotice.ResyncAction))
        {
            Deliver(null);
            return;
        }

        var audiences = changes.Where(c => c.To is not null).Select(c => c.To!.Value).ToHashSet();
        if (audiences.Count > 0)
            Deliver(audiences);
    }

    /// <summary>Tells the subscribers of each audience (all of them when null); failures of one subscriber never reach the publisher.</summary>
    private void Deliver(HashSet<Audience>? audiences)
    {
        Subscription[] targets;
        lock (_lock)
            targets = _subscribers.Where(s => audiences is null || s.Audience is not { } a || audiences.Contains(a)).ToArray();
        foreach (var target in targets)
            _ = Notify(target);
    }

    private static async Task Notify(Subscription target)
    {
        try
        {
            await target.Callback();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A closed browser tab disposes late; its failure must not disturb the others.
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
            _subscribers.Remove(subscription);
    }

    private sealed class Subscription(NotificationCenter owner, Audience? audience, Func<Task> callback) : IDisposable
    {
        /// <summary>Null: every audience.</summary>
        public Audience? Audience { get; } = audience;

        public Func<Task> Callback { get; } = callback;

        public void Dispose() => owner.Remove(this);
    }
}
