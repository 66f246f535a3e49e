using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>Who a notification is for: a unit's accounts, the office, or the city leaders.</summary>
public readonly record struct Audience(int? UnitId, bool Leaders)
{
    public static Audience Office { get; } = new(null, false);

    public static Audience CityLeaders { get; } = new(null, true);

    public static Audience OfUnit(int unitId) => new(unitId, false);

    /// <summary>The audience whose notifications <paramref name="actor"/> reads; null when none (e.g. an anonymous actor).</summary>
    public static Audience? Of(Actor actor)
    {
        if (actor.UnitId is { } unit)
            return OfUnit(unit);
        if (actor.IsIn(Roles.Inspector) || actor.IsIn(Roles.Admin))
            return Office;
        if (actor.IsIn(Roles.CityLeader))
            return CityLeaders;
        return null;
    }
}

/// <summary>
/// Live signal for the notification centre: every page showing an unread count subscribes and is told when its
/// audience got or read something. One instance per app (in-process, like the Blazor circuits it serves); with
/// several web nodes the changes travel between them over the database (see <see cref="ChangedHere"/>).
/// </summary>
public sealed class NotificationCenter
{
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscribers = [];

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

    /// <summary>
    /// Raised with the audiences of every change made on this server (not of those <see cref="Deliver"/> brings in),
    /// so that with several web nodes the change can be passed on to the others (<c>Cluster.PostgresChangeFeed</c>).
    /// </summary>
    public event Action<IReadOnlyCollection<Audience>>? ChangedHere;

    /// <summary>Tells the subscribers of each audience; failures of one subscriber never reach the caller.</summary>
    public void Changed(IEnumerable<Audience> audiences)
    {
        var set = audiences.ToHashSet();
        if (set.Count == 0)
            return;
        Deliver(set);
        ChangedHere?.Invoke(set);
    }

    /// <summary>Tells this server's subscribers of a change made elsewhere (another web node).</summary>
    public void Deliver(IReadOnlyCollection<Audience> audiences)
    {
        Subscription[] targets;
        lock (_lock)
            targets = _subscribers.Where(s => s.Audience is not { } a || audiences.Contains(a)).ToArray();
        foreach (var target in targets)
            _ = Notify(target);
    }

    /// <summary>Tells every subscriber to look again: changes from elsewhere may have been missed (a lost connection).</summary>
    public void DeliverToAll()
    {
        Subscription[] targets;
        lock (_lock)
            targets = _subscribers.ToArray();
        foreach (var target in targets)
            _ = Notify(target);
    }

    internal int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscribers.Count;
        }
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
