using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Tests.Demo;

/// <summary>A migrated SQLite database in its own temp file, deleted on dispose; hands out contexts like the app's factory.</summary>
public sealed class TestDatabase : IDbContextFactory<SupervisionDbContext>, IAsyncDisposable
{
    private readonly string _directory;

    private TestDatabase(string directory)
    {
        _directory = directory;
        ConnectionString = Sqlite.ConnectionStringFor(Path.Combine(directory, "demo.db"));
    }

    public string ConnectionString { get; }

    /// <summary>A fresh, empty, fully migrated database.</summary>
    public static async Task<TestDatabase> CreateAsync(CancellationToken ct = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "supervision-demo-" + Path.GetRandomFileName());
        Directory.CreateDirectory(directory);
        var database = new TestDatabase(directory);
        await using var context = database.CreateDbContext();
        await context.Database.MigrateAsync(ct);
        return database;
    }

    public SupervisionDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<SupervisionDbContext>();
        builder.UseSupervisionSqlite(ConnectionString);
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
            // A connection still closing; the OS cleans the temp folder later.
        }

        return ValueTask.CompletedTask;
    }
}
