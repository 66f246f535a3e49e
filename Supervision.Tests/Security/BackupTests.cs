using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Backup;
using Supervision.Core.Domain;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Security;

public sealed class BackupTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private static async Task AddUnitAsync(TestDatabase database, string name)
    {
        await using var db = database.CreateDbContext();
        db.Units.Add(new Unit(name, UnitKind.Department, 1));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<string>> UnitNamesAsync(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<Supervision.Core.Data.SupervisionDbContext>();
        Supervision.Core.Data.Sqlite.UseSupervisionSqlite(builder, connectionString);
        await using var db = new Supervision.Core.Data.SupervisionDbContext(builder.Options);
        return await db.Units.OrderBy(u => u.Name).Select(u => u.Name).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static BackupService Service(TestDatabase database, string folder, int keep = 14, TimeProvider? clock = null) =>
        new(database.ConnectionString, Options.Create(new BackupOptions { Folder = folder, Keep = keep }), clock ?? Clock);

    [Fact]
    public async Task An_online_backup_is_a_checked_copy_taken_while_the_database_is_in_use()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddUnitAsync(database, "市发展和改革委员会");
        var folder = Path.Combine(Path.GetDirectoryName(database.Path)!, "backups");

        // A reader mid-transaction, as the running app would have.
        await using var live = new SqliteConnection(database.ConnectionString);
        await live.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await live.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var file = await Service(database, folder).CreateAsync(Actor.System, TestContext.Current.CancellationToken);
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(file.Path));
        Assert.Null(BackupService.IntegrityProblem(file.Path));
        Assert.Equal(["市发展和改革委员会"], await UnitNamesAsync(Supervision.Core.Data.Sqlite.ConnectionStringFor(file.Path)));
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
    }

    [Fact]
    public async Task Only_the_newest_backups_are_kept()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Path.Combine(Path.GetDirectoryName(database.Path)!, "backups");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));
        var service = Service(database, folder, keep: 2, clock: clock);
        var made = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            made.Add((await service.CreateAsync(Actor.System, TestContext.Current.CancellationToken)).Name);
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([made[3], made[2]], service.List(Actor.System).Select(b => b.Name));
    }

    [Fact]
    public async Task Only_the_admin_may_take_a_backup()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Path.Combine(Path.GetDirectoryName(database.Path)!, "backups");
        var error = await Assert.ThrowsAsync<DomainException>(() => Service(database, folder).CreateAsync(TestData.Inspector, TestContext.Current.CancellationToken));
        Assert.Equal("只有督查室管理员可以备份数据库。", error.Message);
        Assert.Empty(Service(database, folder).List(SecurityHost.AdminActor()));
        var listing = Assert.Throws<DomainException>(() => Service(database, folder).List(TestData.Inspector));
        Assert.Equal("只有督查室管理员可以查看数据库备份。", listing.Message);
    }

    [Fact]
    public async Task Restore_is_refused_while_the_app_runs_and_then_brings_back_the_backup_keeping_the_replaced_database_aside()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Path.Combine(Path.GetDirectoryName(database.Path)!, "backups");
        await AddUnitAsync(database, "甲单位");
        var backup = await Service(database, folder).CreateAsync(Actor.System, TestContext.Current.CancellationToken);
        await AddUnitAsync(database, "乙单位（备份之后）");

        using (var running = RunningLock.TryAcquire(database.Path))
        {
            Assert.NotNull(running);
            var refused = await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(backup.Path, database.ConnectionString, Clock, TestContext.Current.CancellationToken));
            Assert.Equal("督查管理系统正在使用该数据库运行。请先停止应用，再执行恢复。", refused.Message);
        }

        Assert.Equal(["乙单位（备份之后）", "甲单位"], await UnitNamesAsync(database.ConnectionString));
        SqliteConnection.ClearAllPools();
        var aside = await BackupService.RestoreAsync(backup.Path, database.ConnectionString, Clock, TestContext.Current.CancellationToken);

        Assert.Equal(["甲单位"], await UnitNamesAsync(database.ConnectionString));
        Assert.Null(BackupService.IntegrityProblem(database.Path));
        Assert.Equal(["乙单位（备份之后）", "甲单位"], await UnitNamesAsync(Supervision.Core.Data.Sqlite.ConnectionStringFor(aside!)));
    }

    [Fact]
    public async Task A_file_that_is_not_a_sound_backup_is_never_restored()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddUnitAsync(database, "甲单位");
        var junk = Path.Combine(Path.GetDirectoryName(database.Path)!, "junk.db");
        await File.WriteAllBytesAsync(junk, new byte[8192], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(junk, database.ConnectionString, Clock, TestContext.Current.CancellationToken));
        Assert.StartsWith($"备份文件“{junk}”不能用于恢复：", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(junk + ".missing", database.ConnectionString, Clock, TestContext.Current.CancellationToken));
        Assert.Equal(["甲单位"], await UnitNamesAsync(database.ConnectionString));
    }

    [Fact]
    public async Task The_documented_command_line_backup_and_restore_work_and_restore_refuses_a_running_app()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddUnitAsync(database, "甲单位");
        var folder = Path.Combine(Path.GetDirectoryName(database.Path)!, "cli-backups");
        string[] config = [.. RecordConfig(database), "--Backup:Folder", folder];

        var output = new StringWriter();
        Assert.Equal(0, await BackupCommands.TryRunAsync(["backup", .. config], output));
        var file = Assert.Single(Directory.GetFiles(folder, "supervision-*.db"));
        Assert.Contains($"已备份到 {file}", output.ToString());
        await AddUnitAsync(database, "乙单位");

        using (RunningLock.TryAcquire(database.Path))
        {
            output = new StringWriter();
            Assert.Equal(1, await BackupCommands.TryRunAsync(["restore", file, .. config], output));
            Assert.Contains("请先停止应用", output.ToString());
        }

        SqliteConnection.ClearAllPools();
        output = new StringWriter();
        Assert.Equal(0, await BackupCommands.TryRunAsync(["restore", file, .. config], output));
        Assert.Contains("已从", output.ToString());
        Assert.Equal(["甲单位"], await UnitNamesAsync(database.ConnectionString));

        Assert.Equal(2, await BackupCommands.TryRunAsync(["restore"], new StringWriter()));
        Assert.Null(await BackupCommands.TryRunAsync(["--urls", "http://127.0.0.1:5104"], new StringWriter()));
    }

    /// <summary>The database, and checkpoints and signing key in the test's own folder (never the account's configuration folder).</summary>
    private static string[] RecordConfig(SqliteTestDatabase database)
    {
        var folder = Path.GetDirectoryName(database.Path)!;
        return ["--ConnectionStrings:Supervision", database.ConnectionString, "--Reporting:AuditCheckpointFolder", Path.Combine(folder, "audit-checkpoints"), "--Reporting:AuditKeyFile", Path.Combine(folder, "keys", "audit-signing.key")];
    }

    private static async Task<(long Count, string Head, string Action, string Summary)> HeadAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var head = await db.AuditEvents.OrderByDescending(e => e.Sequence).FirstAsync(TestContext.Current.CancellationToken);
        return (head.Sequence, head.Hash!, head.Action, head.Summary);
    }

    [Fact]
    public async Task A_restore_records_itself_naming_the_backup_and_its_chain_head_and_the_record_then_verifies_and_checkpoints_go_on()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        string[] config = [.. RecordConfig(database), "--Backup:Folder", Path.Combine(Path.GetDirectoryName(database.Path)!, "cli-backups")];
        var access = new Supervision.Core.Security.AccessAudit(database, TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;
        await access.RecordAsync(AccessActions.BackupCreated, "admin", "备份前的第一件事", Actor.System, ct);
        Assert.Equal(0, await ReportingCommands.TryRunAsync(["checkpoint-audit", .. config], new StringWriter()));
        Assert.Equal(0, await BackupCommands.TryRunAsync(["backup", .. config], new StringWriter()));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(database.Path)!, "cli-backups"), "supervision-*.db"));
        var backedUp = await HeadAsync(database);

        // The record goes on after the backup and is checkpointed beyond it: those checkpoints describe a record the
        // restore replaces.
        await access.RecordAsync(AccessActions.BackupCreated, "admin", "备份之后的事", Actor.System, ct);
        await access.RecordAsync(AccessActions.BackupCreated, "admin", "备份之后的又一件事", Actor.System, ct);
        Assert.Equal(0, await ReportingCommands.TryRunAsync(["checkpoint-audit", .. config], new StringWriter()));
        var replaced = await HeadAsync(database);
        Assert.True(replaced.Count > backedUp.Count);

        SqliteConnection.ClearAllPools();
        var output = new StringWriter();
        Assert.Equal(0, await BackupCommands.TryRunAsync(["restore", file, .. config], output));
        var restored = await HeadAsync(database);
        Assert.Equal(backedUp.Count + 1, restored.Count);
        Assert.Contains($"审计记录第{restored.Count}条记下了这次恢复", output.ToString());
        Assert.Equal(Supervision.Core.Audit.AuditRecordActions.Restored, restored.Action);
        Assert.Contains($"从备份文件{Path.GetFileName(file)}恢复数据库：备份中的审计记录共{backedUp.Count}条，链头哈希{backedUp.Head[..16]}", restored.Summary);
        Assert.Contains($"被替换的数据库当时共{replaced.Count}条，链头哈希{replaced.Head[..16]}", restored.Summary);

        // Verifiable from the first moment, and honest: the restore is in the record, the checkpoints start again from it.
        var verify = new StringWriter();
        Assert.Equal(0, await ReportingCommands.TryRunAsync(["verify-audit", .. config], verify));
        await access.RecordAsync(AccessActions.BackupCreated, "admin", "恢复之后的事", Actor.System, ct);
        var checkpoint = new StringWriter();
        Assert.Equal(0, await ReportingCommands.TryRunAsync(["checkpoint-audit", .. config], checkpoint));
        Assert.Contains($"已写入检查点：第{restored.Count + 1}条", checkpoint.ToString());
        Assert.Equal(0, await ReportingCommands.TryRunAsync(["verify-audit", .. config], new StringWriter()));
    }

    [Fact]
    public async Task The_running_app_holds_the_lock_that_makes_restore_refuse()
    {
        await using var host = await SecurityHost.CreateAsync(start: true);
        Assert.Null(RunningLock.TryAcquire(host.DatabasePath));
        var error = await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(host.DatabasePath, Supervision.Core.Data.Sqlite.ConnectionStringFor(host.DatabasePath), Clock, TestContext.Current.CancellationToken));
        Assert.Contains("请先停止应用", error.Message);
    }
}
