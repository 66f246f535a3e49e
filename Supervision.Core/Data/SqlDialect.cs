using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Supervision.Core.Data.Postgres;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// The few statements and facts that differ between the providers, for code that talks SQL to whichever database a
/// context is on. Everything else the product writes is the same for both.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The dialect of <paramref name="database"/>'s provider.</summary>
    public static SqlDialect Of(DatabaseFacade database) => database.IsNpgsql() ? PostgresDialect.Instance : SqliteDialect.Instance;

    /// <summary>
    /// Makes the current write transaction the only one appending to the audit chain until it ends, so the head it
    /// reads next cannot move underneath it.
    /// </summary>
    public abstract string AuditAppendLock { get; }

    /// <summary>The ticks <paramref name="value"/> keeps once stored (what a later read returns, and so what is hashed).</summary>
    public abstract long StoredTicks(DateTime value);

    private sealed class SqliteDialect : SqlDialect
    {
        public static readonly SqliteDialect Instance = new();

        // A deferred SQLite transaction that has only read would otherwise read a head a concurrent writer is about
        // to move: a write that changes nothing takes the file's write lock.
        public override string AuditAppendLock => "UPDATE \"AuditEvents\" SET \"Sequence\" = \"Sequence\" WHERE 0";

        // EF Core's SQLite provider stores every tick.
        public override long StoredTicks(DateTime value) => value.Ticks;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public static readonly PostgresDialect Instance = new();

        // Every transaction already takes the write lock first (Postgres.WriteLock); taking it again is free and keeps
        // the chain safe for a transaction begun outside the product's contexts.
        public override string AuditAppendLock => PostgresLocks.TakeWriteLockSql;

        public override long StoredTicks(DateTime value) => PostgresSupervisionDbContext.StoredTicks(value);
    }
}

/// <summary>
/// Numbers given once and never reused (统一编号, 通知单号, 督办单号) from <see cref="NumberSequence"/>: one upsert that
/// bumps and returns the counter inside the caller's write transaction. The same statement works on both providers;
/// the row it bumps stays locked until the transaction ends, so a rolled-back registration gives its number back
/// only together with everything else it wrote.
/// </summary>
internal static class NumberSequences
{
    private const string Sql =
        "INSERT INTO \"NumberSequences\" (\"Key\", \"Last\") VALUES (@key, @count) " +
        "ON CONFLICT (\"Key\") DO UPDATE SET \"Last\" = \"NumberSequences\".\"Last\" + @count RETURNING \"Last\"";

    /// <summary>Reserves <paramref name="count"/> numbers of <paramref name="key"/>; returns the last one.</summary>
    public static async Task<int> ReserveAsync(SupervisionDbContext db, string key, int count, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = Sql;
        var keyParameter = command.CreateParameter();
        keyParameter.ParameterName = "@key";
        keyParameter.Value = key;
        command.Parameters.Add(keyParameter);
        var countParameter = command.CreateParameter();
        countParameter.ParameterName = "@count";
        countParameter.Value = count;
        command.Parameters.Add(countParameter);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
