using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Core.Domain;

namespace Supervision.Core.Cluster;

/// <summary>
/// The change feed across web nodes, over PostgreSQL's LISTEN/NOTIFY — no component beyond the database. Every audit
/// event is announced by the database itself from the transaction that wrote it (<see cref="PostgresSchema"/>), so each
/// node hears of exactly the committed changes, whoever made them; <see cref="Publish"/> only tells this node's own
/// subscribers at once (read your own writes). Notification changes (<see cref="ChangeNotice.IsNotification"/>) are
/// not audit events: <see cref="Publish"/> passes those published here on to the other nodes on a second channel, after
/// the commit that made them, and each node hands the ones it hears to its own subscribers (the notification centre).
/// One connection per node listens; when it breaks
/// (the database restarted, the network dropped) the feed reconnects and then tells every subscriber to reload in full,
/// since notices sent in the meantime are lost — a dashboard or an unread count is never left stale.
/// </summary>
public sealed class PostgresChangeFeed : IChangeFeed, IAsyncDisposable
{
    /// <summary>The channel notification changes travel on between nodes.</summary>
    public const string NotificationChannel = "supervision_notifications";

    private static readonly TimeSpan _firstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan _lastRetry = TimeSpan.FromSeconds(5);

    private readonly InProcessChangeFeed _local;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresChangeFeed> _logger;
    private readonly string _listenConnectionString;
    private readonly string _sendConnectionString;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Channel<IReadOnlyCollection<Audience>> _outgoing = Channel.CreateUnbounded<IReadOnlyCollection<Audience>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<ChangeNotice> _arrived = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _publishedHere = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private volatile bool _listening;
    private int _resyncs;

    public PostgresChangeFeed(DatabaseSettings database, ClusterOptions node, TimeProvider clock, ILogger<PostgresChangeFeed> logger, ILogger<InProcessChangeFeed> localLogger)
    {
        _local = new InProcessChangeFeed(localLogger);
        _clock = clock;
        _logger = logger;
        _listenConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            ApplicationName = $"supervision:{node.Node}:listen",
            // The connection only waits; keepalives make a vanished server show up as an error instead of a silent wait.
            KeepAlive = 15,
        }.ToString();
        _sendConnectionString = database.ConnectionString;
    }

    /// <summary>True while the listening connection is up.</summary>
    public bool IsListening => _listening;

    /// <summary>How many times subscribers were told to reload in full (each (re)connection counts once).</summary>
    public int Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>How long to wait before reconnecting the first time after a failure (then doubling, up to 5 s).</summary>
    public TimeSpan RetryDelay { get; init; } = _firstRetry;

    /// <summary>Starts listening and passing notification changes on; returns at once.</summary>
    public void Start()
    {
        var ct = _stopping.Token;
        _running = Task.WhenAll(Task.Run(() => ListenAsync(ct), ct), Task.Run(() => SendAsync(ct), ct));
    }

    /// <summary>
    /// This node's own commits are handed to its subscribers at once, as on one server: a page that just saved must not
    /// read a cache that waits for the round trip through the database. The database's announcement of the same events
    /// then reaches only the other nodes' subscribers (here it is recognised by the event id and skipped). Notification
    /// changes have no audit event for the database to announce: they are sent to the other nodes from here.
    /// </summary>
    public void Publish(IReadOnlyList<ChangeNotice> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // An echo that overtook its own publication is delivered twice (harmless) and its id would stay: keep the set small.
        if (_publishedHere.Count > 10_000)
            _publishedHere.Clear();
        List<Audience>? audiences = null;
        foreach (var change in changes)
        {
            if (change.To is { } to)
                (audiences ??= []).Add(to);
            else if (change.EventId > 0)
                _publishedHere.TryAdd(change.EventId, 0);
        }

        _local.Publish(changes);
        if (audiences is not null)
            _outgoing.Writer.TryWrite(audiences.Distinct().ToArray());
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<IReadOnlyList<ChangeNotice>> handler) => _local.Subscribe(handler);

    private async Task ListenAsync(CancellationToken ct)
    {
        var delay = RetryDelay;
        var failing = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await Postgres.OpenAsync(_listenConnectionString, ct, dedicated: true);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchema.ChangeChannel}; LISTEN {NotificationChannel};", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                _listening = true;
                if (failing)
                    _logger.LogInformation("Change feed listening again");
                failing = false;
                delay = RetryDelay;

                // Whatever was committed while nobody listened (before the first connection, or while reconnecting) was
                // announced to no one here: every subscriber reloads.
                Resync();
                while (true)
                {
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(10), ct))
                    {
                        // Quiet for a while: prove the server is still there.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(ct);
                    }

                    Flush();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _listening = false;
                Flush();
                if (!failing)
                    _logger.LogWarning(ex, "Change feed lost its connection; reconnecting");
                failing = true;
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _lastRetry.Ticks));
            }
        }

        _listening = false;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            if (e.Channel == PostgresSchema.ChangeChannel)
            {
                using var json = JsonDocument.Parse(e.Payload);
                var root = json.RootElement;
                var task = root.GetProperty("task");
                var id = root.GetProperty("id").GetInt64();
                if (_publishedHere.TryRemove(id, out _))
                    return;
                _arrived.Add(new ChangeNotice(
                    id,
                    root.GetProperty("action").GetString() ?? "",
                    task.ValueKind == JsonValueKind.Null ? null : task.GetInt32(),
                    DateTime.UnixEpoch.AddTicks(root.GetProperty("at").GetInt64() * 10)));
            }
            else if (e.Channel == NotificationChannel)
            {
                var (from, audiences) = Decode(e.Payload);
                if (from == _instance)
                    return;
                var at = _clock.GetUtcNow().UtcDateTime;
                foreach (var audience in audiences)
                    _arrived.Add(ChangeNotice.Notifications(audience, at));
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            _logger.LogError(ex, "Unreadable notice on {Channel}: {Payload}", e.Channel, e.Payload);
        }
    }

    // Notices that arrived together are handed over as one batch, so a bulk import does not make every subscriber
    // react a hundred times.
    private void Flush()
    {
        if (_arrived.Count == 0)
            return;
        var batch = _arrived.ToArray();
        _arrived.Clear();
        _local.Publish(batch);
    }

    private void Resync()
    {
        // Echoes of what was published while nobody listened never come; everything is reloaded anyway.
        _publishedHere.Clear();
        _local.Publish([ChangeNotice.Resync(_clock.GetUtcNow().UtcDateTime)]);
        Interlocked.Increment(ref _resyncs);
    }

    private async Task SendAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var audiences in _outgoing.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await using var connection = await Postgres.OpenAsync(_sendConnectionString, ct);
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", NotificationChannel);
                    notify.Parameters.AddWithValue("payload", Encode(_instance, audiences));
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The other nodes are most likely cut off too and reload in full when they reconnect.
                    _logger.LogWarning(ex, "Could not pass a notification change on to the other nodes");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The wire form of a notification change: sender and audiences (<c>u12</c> a unit, <c>o</c> the office, <c>l</c> the leaders).</summary>
    internal static string Encode(string from, IReadOnlyCollection<Audience> audiences) => JsonSerializer.Serialize(new
    {
        from,
        to = audiences.Select(a => a.UnitId is { } unit ? $"u{unit}" : a.Leaders ? "l" : "o").ToArray(),
    });

    internal static (string From, IReadOnlyCollection<Audience> Audiences) Decode(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var audiences = new List<Audience>();
        foreach (var item in json.RootElement.GetProperty("to").EnumerateArray())
        {
            var code = item.GetString() ?? "";
            audiences.Add(code switch
            {
                "o" => Audience.Office,
                "l" => Audience.CityLeaders,
                _ when code.StartsWith('u') && int.TryParse(code.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var unit) => Audience.OfUnit(unit),
                _ => throw new FormatException($"Unknown audience {code}"),
            });
        }

        return (json.RootElement.GetProperty("from").GetString() ?? "", audiences);
    }

    /// <summary>Stops listening and sending.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        await _stopping.CancelAsync();
        _outgoing.Writer.TryComplete();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }
}
