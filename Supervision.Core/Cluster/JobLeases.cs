using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;

namespace Supervision.Core.Cluster;

/// <summary>This web node (configuration section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>The node's name in <c>/healthz</c>, logs and the database's connection list. Default: the machine name.</summary>
    public string? NodeName { get; set; }

    /// <summary><see cref="NodeName"/>, or the machine name when it is not set.</summary>
    public string Node => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName.Trim();
}

/// <summary>The background jobs that must run on one node only.</summary>
public static class JobNames
{
    public const string Chasing = "chasing";
    public const string Webhooks = "webhooks";
    public const string AuditCheckpoint = "audit-checkpoint";
    public const string Backups = "backups";
}

/// <summary>
/// Decides which node runs a background job. A job's loop asks before each run; only the node holding the job's lease
/// runs it, the others skip that round and ask again at their next one — so when the holder dies, another node takes the
/// job over within one interval.
/// </summary>
public interface IJobLeases
{
    /// <summary>True when this node holds (or has just taken) the lease of <paramref name="job"/> and should run it now.</summary>
    ValueTask<bool> HoldAsync(string job, CancellationToken ct);

    /// <summary>The jobs this node holds now (for <c>/healthz</c>).</summary>
    IReadOnlyCollection<string> Held { get; }
}

/// <summary>One node (SQLite): every job runs here.</summary>
public sealed class LocalJobLeases : IJobLeases
{
    private readonly ConcurrentDictionary<string, bool> _asked = new();

    public ValueTask<bool> HoldAsync(string job, CancellationToken ct)
    {
        _asked[job] = true;
        return ValueTask.FromResult(true);
    }

    public IReadOnlyCollection<string> Held => _asked.Keys.Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Leases as PostgreSQL session advisory locks: the node that takes a job's lock keeps it on a connection of its own for
/// as long as it lives. A node that dies (or loses its connection) loses its locks at once — the server ends the session —
/// and the next node to ask gets them. Each run first proves the connection (and with it the lock) still alive.
/// </summary>
public sealed class PostgresJobLeases(DatabaseSettings database, ClusterOptions node, ILogger<PostgresJobLeases> logger) : IJobLeases, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NpgsqlConnection> _held = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public IReadOnlyCollection<string> Held => _held.Keys.Order(StringComparer.Ordinal).ToList();

    public async ValueTask<bool> HoldAsync(string job, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_held.TryGetValue(job, out var held))
            {
                try
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", held);
                    await ping.ExecuteScalarAsync(ct);
                    return true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _held.TryRemove(job, out _);
                    await held.DisposeAsync();
                    logger.LogWarning(ex, "Node {Node} lost the lease of job {Job}", node.Node, job);
                }
            }

            NpgsqlConnection? connection = null;
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = $"supervision:{node.Node}:job:{job}" }.ToString();
                connection = await Postgres.OpenAsync(connectionString, ct, dedicated: true);
                await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresLocks.ClassId}, {PostgresLocks.JobKey(job)})", connection);
                if (await take.ExecuteScalarAsync(ct) is true)
                {
                    _held[job] = connection;
                    logger.LogInformation("Node {Node} now runs job {Job}", node.Node, job);
                    return true;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Node {Node} could not ask for the lease of job {Job}", node.Node, job);
            }

            if (connection is not null)
                await connection.DisposeAsync();
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var job in _held.Keys.ToList())
        {
            if (_held.TryRemove(job, out var connection))
                await connection.DisposeAsync();
        }
    }
}
