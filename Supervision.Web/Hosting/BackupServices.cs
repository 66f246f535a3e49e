using Microsoft.Extensions.Options;
using Supervision.Core.Audit;
using Supervision.Core.Backup;
using Supervision.Core.Cluster;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Web.Hosting;

/// <summary>Registration of online backups (scheduled and on demand) and the running lock that guards restores.</summary>
public static class BackupServices
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database, string dataFolder)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection("Backup"));
        services.AddSingleton(sp => new BackupService(database, sp.GetRequiredService<IOptions<BackupOptions>>(), sp.GetRequiredService<TimeProvider>(), dataFolder));
        // PostgreSQL: a restore checks the server's connection list for running nodes instead.
        if (!database.IsPostgres)
            services.AddHostedService(sp => new RunningLockHolder(database.ConnectionString));
        services.AddHostedService<ScheduledBackups>();
        return services;
    }
}

/// <summary>Holds <see cref="RunningLock"/> while the app runs, so <c>restore</c> refuses to run underneath it.</summary>
internal sealed class RunningLockHolder(string connectionString) : IHostedService
{
    private RunningLock? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Sqlite.FilePathOf(connectionString) is { } path)
            _lock = RunningLock.TryAcquire(path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _lock?.Dispose();
        _lock = null;
        return Task.CompletedTask;
    }
}

/// <summary>
/// Takes a backup every <see cref="BackupOptions.Interval"/> (after <see cref="BackupOptions.FirstDelay"/>); with several
/// web nodes, only the node holding the job's lease does.
/// </summary>
internal sealed class ScheduledBackups(BackupService backups, AccessAudit audit, IOptions<BackupOptions> options, TimeProvider clock, ILogger<ScheduledBackups> logger, IJobLeases leases) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || options.Value.Interval <= TimeSpan.Zero)
            return;
        try
        {
            await Task.Delay(options.Value.FirstDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            do
            {
                try
                {
                    if (!await leases.HoldAsync(JobNames.Backups, stoppingToken))
                        continue;
                    var file = await backups.CreateAsync(Actor.System, stoppingToken);
                    await audit.RecordAsync(AccessActions.BackupCreated, "system", $"定时备份数据库：{file.Name}（{file.Length / 1024}KB）", Actor.System, CancellationToken.None);
                    logger.LogInformation("Backup written to {Path}", file.Path);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed backup must not stop the app or the next attempt; it is logged loudly.
                    logger.LogError(ex, "Scheduled backup failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// Command-line verbs handled before the web app starts: <c>backup</c> takes a backup of the configured database,
/// <c>restore &lt;file&gt;</c> restores one (refused while the app runs). Both take the usual configuration
/// (<c>--ConnectionStrings:Supervision …</c>, environment variables).
/// </summary>
public static class BackupCommands
{
    // The head of the record about to be replaced, so the restore event can name it.
    private static async Task<(long Count, string? Head)> AuditHeadOfAsync(DatabaseSettings database)
    {
        const string Sql = "SELECT \"Sequence\", \"Hash\" FROM \"AuditEvents\" ORDER BY \"Sequence\" DESC LIMIT 1";
        try
        {
            System.Data.Common.DbConnection connection;
            if (database.IsPostgres)
            {
                connection = await Supervision.Core.Data.Postgres.Postgres.OpenAsync(database.ConnectionString, CancellationToken.None);
            }
            else
            {
                var path = Sqlite.FilePathOf(database.ConnectionString);
                if (path is null || !File.Exists(path))
                    return (0, null);
                connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                await connection.OpenAsync();
            }

            await using (connection)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Sql;
                await using var reader = await command.ExecuteReaderAsync();
                return await reader.ReadAsync() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : (0, null);
            }
        }
        catch (System.Data.Common.DbException)
        {
            // No database yet, or one without a record: nothing is replaced.
            return (0, null);
        }
    }

    /// <summary>Runs a verb and returns its exit code, or null when <paramref name="args"/> is not a verb.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        if (args.Length == 0 || args[0] is not ("backup" or "restore"))
            return null;
        var verb = args[0];
        var rest = args.Skip(1).ToList();
        string? file = null;
        if (verb == "restore")
        {
            if (rest.Count == 0 || rest[0].StartsWith('-'))
            {
                await output.WriteLineAsync("用法：restore <备份文件路径> [--ConnectionStrings:Supervision \"Data Source=…\"]");
                return 2;
            }

            file = Path.GetFullPath(rest[0]);
            rest.RemoveAt(0);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = rest.ToArray(),
            ApplicationName = typeof(SupervisionHost).Assembly.GetName().Name,
        });
        try
        {
            var database = DatabaseServices.Settings(builder.Configuration, builder.Environment);
            var options = Options.Create(builder.Configuration.GetSection("Backup").Get<BackupOptions>() ?? new BackupOptions());
            if (verb == "backup")
            {
                var backup = await new BackupService(database, options, TimeProvider.System, DatabaseServices.DataFolder(database, builder.Environment)).CreateAsync(Actor.System);
                await output.WriteLineAsync($"已备份到 {backup.Path}（{backup.Length / 1024}KB）。");
                return 0;
            }

            var replaced = await AuditHeadOfAsync(database);
            var aside = await BackupService.RestoreAsync(file!, database, TimeProvider.System, options.Value.PostgresTools);
            var target = database.IsPostgres ? Supervision.Core.Data.Postgres.Postgres.Describe(database.ConnectionString) : Sqlite.FilePathOf(database.ConnectionString);

            // The restored record must hold on its own and agree with the checkpoints up to its end; then the restore
            // is written into it, and the checkpoints start a new period from there.
            await using var app = SupervisionHost.Build([.. rest, "--Reporting:JobsEnabled=false", "--Backup:Enabled=false"]);
            await SupervisionHost.MigrateAsync(app);
            var audit = app.Services.GetRequiredService<AuditService>();
            if (await audit.CheckRestoredAsync() is { } problem)
            {
                if (aside is not null)
                    await BackupService.RestoreAsync(aside, database, TimeProvider.System, options.Value.PostgresTools);
                await output.WriteLineAsync($"失败：备份“{file}”中的审计记录不可信，未恢复（原数据库已放回）。{problem}");
                return 1;
            }

            var sequence = await audit.RecordRestoreAsync(Path.GetFileName(file!), replaced, aside);
            await output.WriteLineAsync($"已从 {file} 恢复数据库 {target}。"
                + (aside is null ? "" : $"恢复前的数据库已另存为 {aside}。")
                + $"审计记录第{sequence}条记下了这次恢复，外部检查点自此重新起算。");
            return 0;
        }
        catch (Exception ex) when (ex is DomainException or DatabaseStartupException)
        {
            await output.WriteLineAsync($"失败：{ex.Message}");
            return 1;
        }
    }
}
