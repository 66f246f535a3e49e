using Microsoft.Extensions.Options;
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

            var aside = await BackupService.RestoreAsync(file!, database, TimeProvider.System, options.Value.PostgresTools);
            var target = database.IsPostgres ? Supervision.Core.Data.Postgres.Postgres.Describe(database.ConnectionString) : Sqlite.FilePathOf(database.ConnectionString);
            await output.WriteLineAsync($"已从 {file} 恢复数据库 {target}。"
                + (aside is null ? "" : $"恢复前的数据库已另存为 {aside}。"));
            return 0;
        }
        catch (Exception ex) when (ex is DomainException or DatabaseStartupException)
        {
            await output.WriteLineAsync($"失败：{ex.Message}");
            return 1;
        }
    }
}
