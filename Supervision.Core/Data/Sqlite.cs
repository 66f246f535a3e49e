using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Supervision.Core.Data;

/// <summary>How the product talks to SQLite: one place for the connection string and per-connection pragmas.</summary>
public static class Sqlite
{
    /// <summary>How long a writer waits for another writer before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Builds the connection string for a database file.</summary>
    public static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
    }.ToString();

    /// <summary>The database file a connection string points to (null for in-memory databases).</summary>
    public static string? FilePathOf(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal)
            ? null
            : Path.GetFullPath(source);
    }

    /// <summary>
    /// Opens the context's connection so that its writes wait up to <paramref name="wait"/> for another writer instead of
    /// the usual <see cref="BusyTimeout"/>: for work that knows another instance may hold the write lock for long, such
    /// as seeding a new file that a second instance started at the same moment is already seeding. Other providers
    /// queue writers themselves; for them this only opens the connection.
    /// </summary>
    public static async Task OpenWaitingForWritersAsync(this DbContext db, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            sqlite.DefaultTimeout = (int)Math.Ceiling(wait.TotalSeconds);
    }

    /// <summary>Applies the product's SQLite settings to an options builder.</summary>
    public static DbContextOptionsBuilder UseSupervisionSqlite(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString)
            .AddInterceptors(PragmaInterceptor.Instance);

    /// <summary>Applies the product's SQLite settings to an already open connection (tests use in-memory ones).</summary>
    public static DbContextOptionsBuilder UseSupervisionSqlite(this DbContextOptionsBuilder builder, DbConnection connection) =>
        builder.UseSqlite(connection)
            .AddInterceptors(PragmaInterceptor.Instance);

    /// <summary>
    /// synchronous=FULL and the busy timeout are per connection, so they are set whenever one opens.
    /// WAL is a property of the file and is set once at start-up (see <see cref="DatabaseStartup"/>).
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        private static readonly string _pragmas =
            $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Used by <c>dotnet ef</c> only.</summary>
internal sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SupervisionDbContext>
{
    public SupervisionDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SupervisionDbContext>();
        builder.UseSupervisionSqlite("Data Source=design.db");
        return new SupervisionDbContext(builder.Options);
    }
}
