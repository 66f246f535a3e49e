using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Tests;

/// <summary>
/// A real SQLite database file in a temp folder, migrated, deleted on dispose. Its contexts publish what they commit on
/// <see cref="Feed"/>, as the web host's do, so services that cache judged tasks see every write a test makes.
/// </summary>
public sealed class SqliteTestDatabase : IDbContextFactory<SupervisionDbContext>, IAsyncDisposable
{
    private readonly string _directory;

    private SqliteTestDatabase(string directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory, "supervision.db");
        ConnectionString = Sqlite.ConnectionStringFor(Path);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>The change feed every context of this database publishes its committed audit events on.</summary>
    public IChangeFeed Feed { get; } = new InProcessChangeFeed();

    /// <summary>A fresh database with the schema applied.</summary>
    public static async Task<SqliteTestDatabase> CreateAsync(bool migrate = true)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supervision-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = new SqliteTestDatabase(directory);
        if (migrate)
            await DatabaseStartup.PrepareAsync(database.ConnectionString, [DatabaseStartup.MigrationOf(database.CreateDbContext)]);
        return database;
    }

    public SupervisionDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<SupervisionDbContext>();
        builder.UseSupervisionSqlite(ConnectionString);
        builder.AddInterceptors(new ChangeFeedInterceptor(Feed));
        return new SupervisionDbContext(builder.Options);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a finishing connection; the temp folder is cleaned by the OS later.
        }

        return ValueTask.CompletedTask;
    }
}
