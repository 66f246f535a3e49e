using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Backup;

/// <summary>Configuration section <c>Backup</c>.</summary>
public sealed class BackupOptions
{
    /// <summary>Take scheduled backups (on-demand ones work regardless).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder for backup files; empty = <c>backups</c> next to the database file.</summary>
    public string? Folder { get; set; }

    /// <summary>Time between scheduled backups.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delay after start-up before the first scheduled backup.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many backup files to keep; older ones are deleted after each successful backup.</summary>
    public int Keep { get; set; } = 14;

    /// <summary>PostgreSQL only: the folder of <c>pg_dump</c> and <c>pg_restore</c>; empty = the newest installed.</summary>
    public string? PostgresTools { get; set; }
}

/// <summary>A backup file.</summary>
public sealed record BackupFile(string Path, long Length, DateTime CreatedAt)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// Online backups with retention. SQLite: the backup API, a consistent copy of the live database (WAL included) taken
/// while the app keeps working, checked with <c>PRAGMA integrity_check</c>. PostgreSQL: <c>pg_dump</c>, checked by
/// listing the dump (see <see cref="PostgresBackups"/>). Restoring is a separate, offline step (<see cref="RestoreAsync(string, string, TimeProvider, CancellationToken)"/>).
/// </summary>
public sealed class BackupService
{
    private const string Prefix = "supervision-";
    private readonly DatabaseSettings _database;
    private readonly IOptions<BackupOptions> _options;
    private readonly TimeProvider _clock;
    private readonly string? _dataFolder;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Backups of the SQLite database at <paramref name="connectionString"/>.</summary>
    public BackupService(string connectionString, IOptions<BackupOptions> options, TimeProvider clock)
        : this(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), options, clock)
    {
    }

    /// <summary>Backups of <paramref name="database"/>; <paramref name="dataFolder"/> holds the default backup folder when the database is no file.</summary>
    public BackupService(DatabaseSettings database, IOptions<BackupOptions> options, TimeProvider clock, string? dataFolder = null)
    {
        _database = database;
        _options = options;
        _clock = clock;
        _dataFolder = dataFolder;
    }

    private string Extension => _database.IsPostgres ? ".dump" : ".db";

    /// <summary>The folder backups go to.</summary>
    public string Folder => !string.IsNullOrWhiteSpace(_options.Value.Folder) || !_database.IsPostgres
        ? FolderFor(_database.ConnectionString, _options.Value)
        : Path.Combine(_dataFolder ?? throw new InvalidOperationException("No data folder for PostgreSQL backups."), "backups");

    /// <summary>Takes a backup now; returns the file. Only the office administrator (or the system) may.</summary>
    public async Task<BackupFile> CreateAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor, "备份数据库");
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Folder);
            var now = _clock.GetUtcNow().UtcDateTime;
            var path = Path.Combine(Folder, $"{Prefix}{now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}Z{Extension}");
            var partial = path + ".partial";
            if (_database.IsPostgres)
            {
                await PostgresBackups.DumpAsync(_database.ConnectionString, partial, _options.Value.PostgresTools, ct);
                var dumpProblem = await PostgresBackups.ProblemOfAsync(partial, _options.Value.PostgresTools, ct);
                if (dumpProblem is not null)
                {
                    File.Delete(partial);
                    throw new DomainException($"备份文件校验失败：{dumpProblem}");
                }

                File.Move(partial, path);
                Prune();
                return new BackupFile(path, new FileInfo(path).Length, now);
            }

            var connectionString = _database.ConnectionString;
            await Task.Run(() =>
            {
                using (var source = new SqliteConnection(connectionString))
                using (var target = new SqliteConnection(Sqlite.ConnectionStringFor(partial)))
                {
                    source.Open();
                    target.Open();
                    source.BackupDatabase(target);
                }

                SqliteConnection.ClearAllPools();
                var problem = IntegrityProblem(partial);
                if (problem is not null)
                {
                    File.Delete(partial);
                    throw new DomainException($"备份文件校验失败：{problem}");
                }

                // Only a complete, checked file gets the final name, so a crash never leaves a half backup that looks whole.
                File.Move(partial, path);
            }, ct);
            Prune();
            return new BackupFile(path, new FileInfo(path).Length, now);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The backups present, newest first. Only the office administrator (or the system) may see them.</summary>
    public IReadOnlyList<BackupFile> List(Actor actor)
    {
        RequireAdmin(actor, "查看数据库备份");
        return ListIn(Folder, Extension);
    }

    private static void RequireAdmin(Actor actor, string what)
    {
        if (actor != Actor.System && !actor.IsIn(Roles.Admin))
            throw new DomainException($"只有督查室管理员可以{what}。");
    }

    private void Prune()
    {
        foreach (var old in ListIn(Folder, Extension).Skip(Math.Max(1, _options.Value.Keep)))
            File.Delete(old.Path);
    }

    private static IReadOnlyList<BackupFile> ListIn(string folder, string extension) =>
        !Directory.Exists(folder)
            ? []
            : Directory.GetFiles(folder, Prefix + "*" + extension)
                .Select(p => new FileInfo(p))
                .OrderByDescending(f => f.Name, StringComparer.Ordinal)
                .Select(f => new BackupFile(f.FullName, f.Length, f.LastWriteTimeUtc))
                .ToList();

    /// <summary>The backup folder for a database and options.</summary>
    public static string FolderFor(string connectionString, BackupOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Folder))
            return Path.GetFullPath(options.Folder);
        var database = Sqlite.FilePathOf(connectionString) ?? throw new InvalidOperationException("内存数据库无法备份。");
        return Path.Combine(Path.GetDirectoryName(database)!, "backups");
    }

    /// <summary>Null when <paramref name="path"/> is a sound SQLite database, else what is wrong (Chinese).</summary>
    public static string? IntegrityProblem(string path)
    {
        if (!File.Exists(path))
            return "文件不存在";
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            var result = command.ExecuteScalar() as string;
            if (result != "ok")
                return $"数据库完整性检查未通过（{result}）";
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='__EFMigrationsHistory';";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1 ? null : "不是督查管理系统的数据库";
        }
        catch (SqliteException ex)
        {
            return $"无法作为数据库打开（{ex.Message}）";
        }
    }

    /// <summary>
    /// Restores <paramref name="backupPath"/> over the database of <paramref name="targetConnectionString"/>. Refused while
    /// the app runs on that database (<see cref="RunningLock"/>) and when the backup fails its integrity check. The
    /// current database is first copied aside (returned), so a restore can itself be undone.
    /// </summary>
    public static async Task<string?> RestoreAsync(string backupPath, string targetConnectionString, TimeProvider clock, CancellationToken ct = default)
        => await RestoreAsync(backupPath, new DatabaseSettings(DatabaseProvider.Sqlite, targetConnectionString), clock, null, ct);

    /// <summary>
    /// Restores <paramref name="backupPath"/> over <paramref name="target"/>: for SQLite as above; for PostgreSQL with
    /// <c>pg_restore</c> in one transaction, refused while any web node is connected, the current database dumped aside
    /// next to the backup first.
    /// </summary>
    public static async Task<string?> RestoreAsync(string backupPath, DatabaseSettings target, TimeProvider clock, string? postgresTools, CancellationToken ct = default)
    {
        if (target.IsPostgres)
            return await PostgresBackups.RestoreAsync(backupPath, target.ConnectionString, Path.GetDirectoryName(Path.GetFullPath(backupPath))!, clock.GetUtcNow().UtcDateTime, postgresTools, ct);
        return await RestoreSqliteAsync(backupPath, target.ConnectionString, clock, ct);
    }

    private static async Task<string?> RestoreSqliteAsync(string backupPath, string targetConnectionString, TimeProvider clock, CancellationToken ct)
    {
        var target = Sqlite.FilePathOf(targetConnectionString) ?? throw new DomainException("目标不是数据库文件。");
        var problem = IntegrityProblem(backupPath);
        if (problem is not null)
            throw new DomainException($"备份文件“{backupPath}”不能用于恢复：{problem}。");
        using var running = RunningLock.TryAcquire(target)
            ?? throw new DomainException("督查管理系统正在使用该数据库运行。请先停止应用，再执行恢复。");

        string? aside = null;
        await Task.Run(() =>
        {
            if (File.Exists(target))
            {
                aside = $"{target}.before-restore-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}Z.db";
                using var current = new SqliteConnection(Sqlite.ConnectionStringFor(target));
                using var copy = new SqliteConnection(Sqlite.ConnectionStringFor(aside));
                current.Open();
                copy.Open();
                current.BackupDatabase(copy);
            }

            // The backup API writes page by page inside the target's own transaction and journal (WAL kept
            // consistent), so a crash mid-restore leaves the old database, never a mixture.
            using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backupPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            using (var destination = new SqliteConnection(Sqlite.ConnectionStringFor(target)))
            {
                source.Open();
                destination.Open();
                source.BackupDatabase(destination);
            }

            SqliteConnection.ClearAllPools();
        }, ct);

        var after = IntegrityProblem(target);
        if (after is not null)
            throw new DomainException($"恢复后的数据库校验失败：{after}。原数据库已保存在 {aside}。");
        return aside;
    }
}

/// <summary>
/// An exclusive lock file next to the database, held by the running app for its lifetime, so an offline step such
/// as a restore can tell that the app is still running on that database.
/// </summary>
public sealed class RunningLock : IDisposable
{
    private readonly FileStream _stream;

    private RunningLock(FileStream stream) => _stream = stream;

    /// <summary>The lock of <paramref name="databasePath"/>, or null when another holder (the running app) has it.</summary>
    public static RunningLock? TryAcquire(string databasePath)
    {
        var path = databasePath + ".running";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new RunningLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
