// The helper was SQLite-only and named so; branches written before that keep compiling.
global using SqliteTestDatabase = Supervision.Tests.TestDatabase;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Web.Accounts;

[assembly: AssemblyFixture(typeof(Supervision.Tests.SqliteTemplateLifetime))]

namespace Supervision.Tests;

/// <summary>
/// A real, migrated database for one test, deleted on dispose: a SQLite file in a temp folder, or a PostgreSQL
/// database copied from the migrated template on the test run's server (<see cref="PostgresServer"/>). Which one
/// comes from the test case: <see cref="DatabaseFactAttribute"/> runs a test once per provider, everything else gets
/// SQLite. Its contexts publish what they commit on <see cref="Feed"/>, as the web host's do, so services that cache
/// judged tasks see every write a test makes.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<SupervisionDbContext>, IAsyncDisposable
{
    private readonly string? _directory;
    private readonly PostgresServer? _server;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseSettings settings, string? directory, PostgresServer? server, string? databaseName)
    {
        Settings = settings;
        _directory = directory;
        _server = server;
        _databaseName = databaseName;
    }

    /// <summary>The provider and connection string, as the app would be configured.</summary>
    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public string ConnectionString => Settings.ConnectionString;

    /// <summary>The change feed every context of this database publishes its committed audit events on.</summary>
    public IChangeFeed Feed { get; } = new InProcessChangeFeed();

    /// <summary>The SQLite file (SQLite-only tests: file-level checks, backups).</summary>
    public string Path => _directory is null
        ? throw new InvalidOperationException("A PostgreSQL test database has no file.")
        : System.IO.Path.Combine(_directory, "supervision.db");

    /// <summary>The provider of the running test case (<see cref="DatabaseFactAttribute"/>), SQLite otherwise.</summary>
    public static DatabaseProvider CurrentProvider =>
        TestContext.Current.TestCase?.Traits.TryGetValue(DatabaseFactAttribute.Trait, out var values) == true
        && values.Contains(DatabaseSettings.NameOf(DatabaseProvider.Postgres))
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>A fresh database of the running test case's provider, with the schema applied.</summary>
    public static Task<TestDatabase> CreateAsync(bool migrate = true) => CreateAsync(CurrentProvider, migrate);

    /// <summary>A fresh database of <paramref name="provider"/>, with the schema applied unless <paramref name="migrate"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            var name = await server.CreateDatabaseAsync(migrated: migrate);
            return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, server.ConnectionString(name)), null, server, name);
        }

        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supervision-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = System.IO.Path.Combine(directory, "supervision.db");
        if (migrate)
            File.Copy(await SqliteTemplateAsync(), file);
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, Sqlite.ConnectionStringFor(file)), directory, null, null);
    }

    /// <summary>
    /// Puts a copy of the migrated template at <paramref name="path"/>, for a web host's database: its start-up then
    /// finds the schema current and only seeds, as on any later start.
    /// </summary>
    internal static async Task CopySqliteTemplateAsync(string path) => File.Copy(await SqliteTemplateAsync(), path);

    internal static void DeleteSqliteTemplate()
    {
        if (Volatile.Read(ref _sqliteTemplate) is not { } file)
            return;
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(file)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static readonly SemaphoreSlim _templateGate = new(1, 1);
    private static string? _sqliteTemplate;

    /// <summary>
    /// A SQLite file migrated once per test run (both migration sets, WAL set, no connection left open); every test
    /// that wants a migrated database gets a copy of it, which is far cheaper than applying the migrations again.
    /// </summary>
    internal static async Task<string> SqliteTemplateAsync()
    {
        if (Volatile.Read(ref _sqliteTemplate) is { } ready)
            return ready;
        await _templateGate.WaitAsync();
        try
        {
            if (_sqliteTemplate is not null)
                return _sqliteTemplate;
            var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supervision-template-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var file = System.IO.Path.Combine(directory, "supervision.db");
            var settings = new DatabaseSettings(DatabaseProvider.Sqlite, Sqlite.ConnectionStringFor(file));
            await MigrateAsync(settings);
            // Closing the last pooled connection checkpoints the WAL into the file, so the file alone is the database.
            SqliteConnection.ClearPool(new SqliteConnection(settings.ConnectionString));
            if (File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0)
                throw new InvalidOperationException("The template database still has an unmerged write-ahead log.");
            Volatile.Write(ref _sqliteTemplate, file);
            return file;
        }
        finally
        {
            _templateGate.Release();
        }
    }

    /// <summary>Applies both migration sets (supervision and accounts) of the provider, as start-up does.</summary>
    internal static Task MigrateAsync(DatabaseSettings settings) =>
        DatabaseStartup.PrepareAsync(settings, [DatabaseStartup.MigrationOf(() => settings.CreateContext()), DatabaseStartup.MigrationOf(() => CreateAccounts(settings))]);

    /// <summary>The accounts context of the provider.</summary>
    internal static AccountsDbContext CreateAccounts(DatabaseSettings settings)
    {
        if (settings.IsPostgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresAccountsDbContext>();
            postgres.UseSupervisionPostgres(settings.ConnectionString, serializeWrites: false);
            return new PostgresAccountsDbContext(postgres.Options);
        }

        var sqlite = new DbContextOptionsBuilder<AccountsDbContext>();
        sqlite.UseSupervisionSqlite(settings.ConnectionString);
        return new AccountsDbContext(sqlite.Options);
    }

    public SupervisionDbContext CreateDbContext() => Settings.CreateContext(new ChangeFeedInterceptor(Feed));

    /// <summary>A context with extra interceptors (a simulated crash), publishing on <see cref="Feed"/> like every other.</summary>
    public SupervisionDbContext CreateDbContext(params IInterceptor[] interceptors) => Settings.CreateContext([new ChangeFeedInterceptor(Feed), .. interceptors]);

    /// <summary>An open ADO.NET connection of the provider, for tests that write SQL by hand (tampering, checks).</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = _server is null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_databaseName!);
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory!, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a finishing connection; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>Deletes the run's SQLite template, if a test made one.</summary>
public sealed class SqliteTemplateLifetime : IDisposable
{
    public void Dispose() => TestDatabase.DeleteSqliteTemplate();
}
