using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Supervision.Core.Data.Postgres;

/// <summary>How the product talks to PostgreSQL: context options, connections and the database-wide locks.</summary>
public static class Postgres
{
    /// <summary>
    /// Applies the product's PostgreSQL settings. <paramref name="serializeWrites"/> makes every transaction wait for
    /// the database's write lock first (see <see cref="WriteLock"/>); the accounts context does not need it.
    /// </summary>
    public static DbContextOptionsBuilder UseSupervisionPostgres(this DbContextOptionsBuilder builder, string connectionString, bool serializeWrites = true)
    {
        builder.UseNpgsql(connectionString);
        return serializeWrites ? builder.AddInterceptors(WriteLock.Instance) : builder;
    }

    /// <summary>Host, port and database of a connection string, without credentials (for messages and logs).</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Opens a plain connection (verification, checks). <paramref name="dedicated"/> bypasses the pool: a connection
    /// holding a session lock or listening must really close when disposed, so the server lets go at once.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct, bool dedicated = false)
    {
        var connection = new NpgsqlConnection(dedicated ? new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString() : connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SQLite lets one writer at a time in from <c>BEGIN</c> on, and the product's invariants lean on that: the audit
    /// chain's head, the bulletin and notice sequences, the demo seed's emptiness check. On PostgreSQL every
    /// transaction the product begins takes one transaction-scoped advisory lock as its first statement, so writers
    /// queue exactly as they do on SQLite — across every web node — while readers never wait. Taking it first, before
    /// any row lock, also means two writers can never deadlock on it.
    /// </summary>
    internal sealed class WriteLock : DbTransactionInterceptor
    {
        public static readonly WriteLock Instance = new();

        public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            using var command = connection.CreateCommand();
            command.Transaction = result;
            command.CommandText = PostgresLocks.TakeWriteLockSql;
            command.ExecuteNonQuery();
            return result;
        }

        public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = result;
            command.CommandText = PostgresLocks.TakeWriteLockSql;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return result;
        }
    }
}

/// <summary>
/// The product's PostgreSQL advisory locks. All use the two-key form with one class id, so they cannot collide with
/// another application's locks; advisory locks are per database, so two installations on one server do not meet.
/// </summary>
public static class PostgresLocks
{
    /// <summary>First key of every lock of the product ("SUPV").</summary>
    public const int ClassId = 0x53555056;

    /// <summary>The write lock every transaction takes first (transaction-scoped).</summary>
    public const int Write = 1;

    /// <summary>Held while a node migrates and seeds at start-up (session-scoped), so nodes starting together queue.</summary>
    public const int Startup = 2;

    /// <summary>Held shared by every running node (session-scoped), so a stopping node can tell whether it is the last.</summary>
    public const int Running = 3;

    /// <summary>Held while a node writes an audit checkpoint (session-scoped): the shared checkpoint folder has one writer.</summary>
    public const int Checkpoints = 4;

    /// <summary>Statement taking the write lock inside the current transaction.</summary>
    public static readonly string TakeWriteLockSql = $"SELECT pg_advisory_xact_lock({ClassId}, {Write})";

    /// <summary>
    /// Takes lock <paramref name="key"/> (waiting for it) on a connection of its own, shared or exclusive; disposing the
    /// returned connection releases it.
    /// </summary>
    public static async Task<NpgsqlConnection> HoldAsync(string connectionString, int key, bool shared, CancellationToken ct)
    {
        var connection = await Postgres.OpenAsync(connectionString, ct, dedicated: true);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock{(shared ? "_shared" : "")}({ClassId}, {key})";
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many sessions other than <paramref name="connection"/>'s hold lock <paramref name="key"/> in this database.</summary>
    public static async Task<int> OtherHoldersAsync(NpgsqlConnection connection, int key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = {ClassId} AND objid = {key} AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND pid <> pg_backend_pid()
            """;
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The second key of a background job's lock (see <c>Cluster.PostgresJobLeases</c>).</summary>
    public static int JobKey(string job)
    {
        // Stable across processes and versions (string.GetHashCode is randomised): FNV-1a over the UTF-8 name,
        // kept away from the fixed keys above.
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(job))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash | 0x40000000u) & int.MaxValue;
    }
}
