using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Core.Backup;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Data;

/// <summary>What only PostgreSQL has: start-up against a server, the trigram index behind search, pg_dump backups.</summary>
public sealed class PostgresDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unreachable_server_or_a_missing_database_stops_start_up_with_a_chinese_message_and_no_password()
    {
        var port = FreePort();
        var nobody = new DatabaseSettings(DatabaseProvider.Postgres, $"Host=127.0.0.1;Port={port};Database=supervision;Username=app;Password=secret;Timeout=3");
        var server = await PostgresServer.GetAsync();
        var missing = new DatabaseSettings(DatabaseProvider.Postgres, server.ConnectionString("no_such_database"));

        var unreachable = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseStartup.PrepareAsync(nobody, [], Ct));
        var absent = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseStartup.PrepareAsync(missing, [], Ct));

        Assert.StartsWith($"无法连接 PostgreSQL 数据库 127.0.0.1:{port}/supervision", unreachable.Message);
        Assert.DoesNotContain("secret", unreachable.Message);
        Assert.StartsWith("PostgreSQL 数据库", absent.Message);
        Assert.Contains("no_such_database 不存在", absent.Message);
    }

    [Fact]
    public void Provider_and_connection_string_are_read_and_a_wrong_value_is_refused_in_chinese()
    {
        var environment = new Environment();
        static IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        var postgres = DatabaseServices.Settings(Config(("Database:Provider", "postgres"), ("ConnectionStrings:Supervision", "Host=db;Database=supervision"), ("Cluster:NodeName", "node-7")), environment);
        var sqlite = DatabaseServices.Settings(Config(), environment);

        Assert.Equal(DatabaseProvider.Postgres, postgres.Provider);
        Assert.Equal("supervision:node-7", new NpgsqlConnectionStringBuilder(postgres.ConnectionString).ApplicationName);
        Assert.Equal(DatabaseProvider.Sqlite, sqlite.Provider);
        Assert.Contains("只能是 sqlite（默认）或 postgres", Assert.Throws<DatabaseStartupException>(() => DatabaseServices.Settings(Config(("Database:Provider", "oracle")), environment)).Message);
        Assert.Contains("必须设置 ConnectionStrings__Supervision", Assert.Throws<DatabaseStartupException>(() => DatabaseServices.Settings(Config(("Database:Provider", "postgres")), environment)).Message);
    }

    [Fact]
    public async Task Three_character_terms_are_answered_from_the_trigram_indexes()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var connection = (NpgsqlConnection)await db.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
            await off.ExecuteNonQueryAsync(Ct);
        await using var context = db.CreateDbContext();
        var sql = Supervision.Core.Ledger.LedgerSearch.Apply(context, context.Tasks, "老旧小区").Select(t => t.Id).ToQueryString();
        // ToQueryString declares its parameters in comments ("-- p0='…'"); put the values in for EXPLAIN.
        foreach (System.Text.RegularExpressions.Match declared in System.Text.RegularExpressions.Regex.Matches(sql, "^-- @?(\\w+)=('[^']*')", System.Text.RegularExpressions.RegexOptions.Multiline))
            sql = sql.Replace("@" + declared.Groups[1].Value, declared.Groups[2].Value, StringComparison.Ordinal);

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
                plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("IX_Tasks_SearchText", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("IX_ReportRevisions_SearchText", StringComparison.Ordinal));
        Assert.Null(await DatabaseStartup.SearchLocaleProblemAsync(db.Settings, Ct));
    }

    [Fact]
    public async Task A_backup_is_a_checked_pg_dump_and_restores_only_while_no_node_is_connected()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var folder = Path.Combine(Path.GetTempPath(), "supervision-pg-backup-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        try
        {
            await AddUnitAsync(db, "市发展和改革委员会");
            var backups = new BackupService(db.Settings, Options.Create(new BackupOptions { Folder = folder }), clock);
            var file = await backups.CreateAsync(Actor.System, Ct);
            await AddUnitAsync(db, "备份之后新增的单位");

            Assert.EndsWith(".dump", file.Path);
            Assert.Equal([file.Path], backups.List(Actor.System).Select(b => b.Path));
            Assert.Empty(Directory.GetFiles(folder, "*.partial"));

            // A node still connected (it names its connections supervision:NODE) makes the restore refuse.
            var node = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "supervision:node-1", Pooling = false }.ToString();
            await using (var running = new NpgsqlConnection(node))
            {
                await running.OpenAsync(Ct);
                var refused = await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(file.Path, db.Settings, clock, null, Ct));
                Assert.Contains("node-1", refused.Message);
            }

            var aside = await BackupService.RestoreAsync(file.Path, db.Settings, clock, null, Ct);

            Assert.Equal(["市发展和改革委员会"], await UnitNamesAsync(db));
            Assert.True(File.Exists(aside));
            await File.WriteAllTextAsync(Path.Combine(folder, "junk.dump"), "不是备份", Ct);
            var junk = await Assert.ThrowsAsync<DomainException>(() => BackupService.RestoreAsync(Path.Combine(folder, "junk.dump"), db.Settings, clock, null, Ct));
            Assert.Contains("不能用于恢复", junk.Message);
            // After the restore the record still verifies and the append-only triggers are back in force.
            Assert.True((await Supervision.Core.Audit.AuditVerifier.VerifyAsync(db.Settings, [], Ct)).Intact);
            await using var check = (NpgsqlConnection)await db.OpenConnectionAsync();
            await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("""TRUNCATE "AuditEvents" """, check).ExecuteNonQueryAsync(Ct));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AddUnitAsync(TestDatabase database, string name)
    {
        await using var db = database.CreateDbContext();
        db.Units.Add(new Unit(name, UnitKind.Department, 1));
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<List<string>> UnitNamesAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Units.OrderBy(u => u.Name).Select(u => u.Name).ToListAsync(Ct);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Supervision.Web";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
