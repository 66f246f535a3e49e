using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Tests.Data;

public sealed class DatabaseStartupTests : IAsyncLifetime
{
    private TestDatabase _db = default!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync(migrate: false);

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private Task PrepareAsync() => DatabaseStartup.PrepareAsync(_db.ConnectionString, [DatabaseStartup.MigrationOf(_db.CreateDbContext)], Ct);

    [Fact]
    public async Task Empty_location_gets_a_migrated_database()
    {
        await PrepareAsync();

        await using var context = _db.CreateDbContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(0, await context.Tasks.CountAsync(Ct));
    }

    [Fact]
    public async Task Corrupt_file_is_refused_with_its_path_and_left_untouched()
    {
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251)).ToArray();
        await File.WriteAllBytesAsync(_db.Path, garbage, Ct);

        var ex = await Assert.ThrowsAsync<DatabaseStartupException>(PrepareAsync);

        Assert.Contains(_db.Path, ex.Message);
        Assert.Contains("损坏", ex.Message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(_db.Path, Ct));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Read_only_file_is_refused_with_its_path_even_for_root()
    {
        await PrepareAsync();
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(_db.Path, Ct);
        File.SetUnixFileMode(_db.Path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        try
        {
            var ex = await Assert.ThrowsAsync<DatabaseStartupException>(PrepareAsync);
            Assert.Contains(_db.Path, ex.Message);
            Assert.Contains("只读", ex.Message);
            Assert.Equal(before, await File.ReadAllBytesAsync(_db.Path, Ct));
        }
        finally
        {
            File.SetUnixFileMode(_db.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task File_locked_by_another_writer_is_refused_with_its_path()
    {
        await PrepareAsync();
        var holder = new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false, DefaultTimeout = 1 }.ToString();
        await using var locker = new SqliteConnection(holder);
        await locker.OpenAsync(Ct);
        await using (var command = locker.CreateCommand())
        {
            command.CommandText = "BEGIN IMMEDIATE; CREATE TABLE held_by_another_writer(x);";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var fast = new SqliteConnectionStringBuilder(_db.ConnectionString) { DefaultTimeout = 1 }.ToString();
        var ex = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseStartup.PrepareAsync(fast, [], Ct));

        Assert.Contains(_db.Path, ex.Message);
        Assert.Contains("占用", ex.Message);
    }

    [Fact]
    public async Task Failed_migration_is_reported_and_leaves_the_database_as_it_was()
    {
        await PrepareAsync();
        var before = await CountTablesAsync();

        var ex = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseStartup.PrepareAsync(
            _db.ConnectionString,
            [_ => throw new InvalidOperationException("迁移脚本错误")],
            Ct));

        Assert.Contains("数据库升级失败", ex.Message);
        Assert.Contains(_db.Path, ex.Message);
        Assert.Equal(before, await CountTablesAsync());
    }

    private async Task<long> CountTablesAsync()
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table';";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
