using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data.Postgres;

namespace Supervision.Core.Data;

/// <summary>The database cannot be used; the message is Chinese, names the file and says what to do.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Brings the database to the current schema before the app serves anyone. It first proves the database usable —
/// for SQLite a healthy, writable file, for PostgreSQL a server that answers — and only then migrates, so a corrupt,
/// locked or read-only file or an unreachable server is refused with a clear message and nothing is overwritten.
/// </summary>
public static class DatabaseStartup
{
    /// <summary>Checks the SQLite file, switches it to WAL and applies pending migrations of every given context.</summary>
    /// <param name="connectionString">The product's SQLite connection string.</param>
    /// <param name="migrate">Migration steps to run in order (the supervision schema, then the accounts schema).</param>
    public static Task PrepareAsync(string connectionString, IReadOnlyList<Func<CancellationToken, Task>> migrate, CancellationToken cancellationToken = default) =>
        PrepareAsync(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), migrate, cancellationToken);

    /// <summary>
    /// Proves the database usable (SQLite: a healthy, writable file; PostgreSQL: a server that answers) and applies
    /// pending migrations of every given context.
    /// </summary>
    public static async Task PrepareAsync(DatabaseSettings database, IReadOnlyList<Func<CancellationToken, Task>> migrate, CancellationToken cancellationToken = default)
    {
        string where;
        if (database.IsPostgres)
        {
            where = Postgres.Postgres.Describe(database.ConnectionString);
            await using (await PostgresStartup.ConnectAsync(database.ConnectionString, cancellationToken))
            {
            }
        }
        else
        {
            var path = Sqlite.FilePathOf(database.ConnectionString);
            if (path is not null)
                await CheckFileAsync(path, database.ConnectionString, cancellationToken);
            where = path ?? "内存数据库";
        }

        foreach (var step in migrate)
        {
            try
            {
                await step(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new DatabaseStartupException(
                    $"数据库升级失败：{where}。升级在事务中进行，数据库未被改动。请保留{(database.IsPostgres ? "该数据库" : "该文件")}并联系管理员。原因：{ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Held while a node migrates and seeds: on PostgreSQL a session advisory lock, so web nodes starting together
    /// take turns (the second finds the schema current and the demo city seeded); SQLite has one node.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldStartupLockAsync(DatabaseSettings database, CancellationToken cancellationToken = default) =>
        database.IsPostgres ? await PostgresStartup.LockAsync(database.ConnectionString, cancellationToken) : NoLock.Instance;

    /// <summary>Null when search works at full speed on this database, else a warning to log (PostgreSQL locale).</summary>
    public static Task<string?> SearchLocaleProblemAsync(DatabaseSettings database, CancellationToken cancellationToken = default) =>
        database.IsPostgres ? PostgresStartup.SearchLocaleProblemAsync(database.ConnectionString, cancellationToken) : Task.FromResult<string?>(null);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static async Task CheckFileAsync(string path, string connectionString, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseStartupException($"无法创建数据库目录：{directory}。请检查目录权限。", ex);
        }

        if (!File.Exists(path))
            return;

        if (new FileInfo(path).Attributes.HasFlag(FileAttributes.ReadOnly) || !CanWrite(path))
            throw new DatabaseStartupException($"数据库文件是只读的：{path}。请为运行本系统的账户授予该文件及其目录的写权限后再启动。");

        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        try
        {
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken);
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check;";
                var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
                    throw new DatabaseStartupException($"数据库文件已损坏：{path}（完整性检查：{result}）。系统未改动该文件，请从备份恢复。");
            }

            // Taking the write lock briefly proves nobody else holds the file exclusively.
            await using (var probe = connection.CreateCommand())
            {
                probe.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                await probe.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            throw new DatabaseStartupException($"数据库文件已损坏或不是本系统的数据库：{path}。系统未改动该文件，请从备份恢复或改用其他路径。", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            throw new DatabaseStartupException($"数据库文件正被其他程序占用：{path}。请关闭占用它的程序（或另一个正在运行的本系统）后再启动。", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14)
        {
            throw new DatabaseStartupException($"无法写入数据库文件：{path}。请检查文件及其目录的写权限。", ex);
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            // Held by another process: the lock probe reports that more precisely.
            return true;
        }
    }

    /// <summary>Migrates one context created by <paramref name="create"/>.</summary>
    public static Func<CancellationToken, Task> MigrationOf<TContext>(Func<TContext> create)
        where TContext : DbContext =>
        async ct =>
        {
            await using var context = create();
            await context.Database.MigrateAsync(ct);
        };
}
