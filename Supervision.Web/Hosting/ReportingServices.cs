using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Supervision.Core.Audit;
using Supervision.Core.Cluster;
using Supervision.Core.Data;
using Supervision.Core.Reporting;
using Supervision.Core.Publishing;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>Where the reporting feature keeps files outside the database (configuration section "Reporting").</summary>
public sealed class ReportingOptions
{
    /// <summary>Folder of uploaded attachments (by content hash). Default: <c>attachments</c> next to the database file.</summary>
    public string? AttachmentFolder { get; set; }

    /// <summary>Folder of the audit checkpoints. Default: <c>audit-checkpoints</c> next to the database file.</summary>
    public string? AuditCheckpointFolder { get; set; }

    /// <summary>How often the head of the audit chain is checkpointed. Default 1 hour.</summary>
    public TimeSpan AuditCheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Also checkpoint as soon as this many events were written since the last checkpoint. Default 200; 0 turns it off.</summary>
    public int AuditCheckpointEvery { get; set; } = 200;

    /// <summary>
    /// The key that signs checkpoints. Default: <c>supervision/audit-signing.key</c> in the account's configuration folder
    /// (<c>~/.config</c> on Linux), i.e. outside the database folder; generated on the first checkpoint.
    /// </summary>
    public string? AuditKeyFile { get; set; }

    /// <summary>Run the chasing, webhook and checkpoint job. Default true.</summary>
    public bool JobsEnabled { get; set; } = true;
}

/// <summary>Registration of 落实反馈与督办: the report chain, chasing, notifications, webhooks and the audit chain.</summary>
public static class ReportingServices
{
    /// <param name="dataFolder">Where attachments and checkpoints go unless configured (see <see cref="DatabaseServices.DataFolder"/>).</param>
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string dataFolder)
    {
        services.AddOptions<ReportingOptions>().Bind(configuration.GetSection("Reporting"));
        services.AddOptions<ChasingOptions>().Bind(configuration.GetSection("Chasing"));
        services.AddSingleton(sp => new AttachmentStore(FolderOf(sp.GetRequiredService<IOptions<ReportingOptions>>().Value.AttachmentFolder, dataFolder, "attachments", environment)));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReportingOptions>>().Value;
            return new AuditCheckpointStore(FolderOf(options.AuditCheckpointFolder, dataFolder, "audit-checkpoints", environment), KeyFileOf(options, environment));
        });
        services.AddSingleton<NotificationCenter>();
        services.AddSingleton<AuditService>();
        services.AddHostedService<AuditLifecycle>();
        // Reports: reading, the chain's steps and their files, one service each.
        services.AddScoped<ReportQueries>();
        services.AddScoped<ReportChainService>();
        services.AddScoped<ReportAttachmentService>();
        // 督办 (follow-up): one service per workflow, all running their commands through FollowUpCommands.
        services.AddScoped<FollowUpCommands>();
        services.AddScoped<FollowUpViewService>();
        services.AddScoped<EscalationService>();
        services.AddScoped<CoordinationService>();
        services.AddScoped<ExtensionService>();
        services.AddScoped<CompletionService>();
        services.AddScoped<TaskCancellationService>();
        services.AddScoped<LeaderRemarkService>();
        services.AddScoped<SpotCheckService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<TodoService>();
        services.AddScoped<ChasingService>();
        services.AddHttpClient<WebhookSender>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<ReportingJobs>();
        return services;
    }

    /// <summary>Attachment downloads; access is decided from the signed-in actor by the service.</summary>
    public static IEndpointRouteBuilder MapReportingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.AttachmentTemplate, async (int id, HttpContext http, ReportAttachmentService attachments, CancellationToken ct) =>
        {
            var file = await attachments.OpenAttachmentAsync(CurrentActor.FromPrincipal(http.User), id, ct);
            if (file is not { } f)
                return Results.NotFound();
            // Like every other download: the name goes out as RFC 5987 (Results.File does that), never cached.
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(f.Content, f.MediaType, f.Name);
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The configured signing key file, or the default outside the database folder.</summary>
    public static string KeyFileOf(ReportingOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.AuditKeyFile))
            return Path.GetFullPath(options.AuditKeyFile, environment.ContentRootPath);
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(config)
            ? Path.Combine(environment.ContentRootPath, "App_Keys", "audit-signing.key")
            : Path.Combine(config, "supervision", "audit-signing.key");
    }

    private static string FolderOf(string? configured, string dataFolder, string name, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(dataFolder, name)
            : Path.GetFullPath(configured, environment.ContentRootPath);
}

/// <summary>
/// The periodic work of the feature: chasing (时限提醒 / 催办), pushing notifications to webhooks, and
/// checkpointing the audit chain outside the database — every <see cref="ReportingOptions.AuditCheckpointInterval"/>
/// and as soon as <see cref="ReportingOptions.AuditCheckpointEvery"/> events were written. Runs at start and then every
/// <see cref="ChasingOptions.Interval"/> on the injected <see cref="TimeProvider"/>. With several web nodes each job
/// runs only on the node holding its lease (<see cref="IJobLeases"/>); the others skip it until that node is gone.
/// </summary>
public sealed class ReportingJobs(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ChasingOptions> chasing, IOptions<ReportingOptions> options, IOptions<OfficeOptions> office, NotificationCenter center, IChangeFeed feed, AuditService audit, ILogger<ReportingJobs> logger, IJobLeases? leases = null) : BackgroundService
{
    private readonly IJobLeases _leases = leases ?? new LocalJobLeases();

    private readonly SemaphoreSlim _pushing = new(1, 1);
    private readonly SemaphoreSlim _checkpointing = new(1, 1);
    private readonly Channel<bool> _pushRequested = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _checkpointRequested = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;
    private int _eventsSinceCheckpoint;

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    /// <summary>Checkpoints written because enough events had been written (for tests and diagnostics).</summary>
    public int EventCheckpoints { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.JobsEnabled)
            return;
        await Task.Yield();

        // A new notification is pushed to the webhooks at once; the periodic run retries what failed.
        using var subscription = center.SubscribeAll(() =>
        {
            _pushRequested.Writer.TryWrite(true);
            return Task.CompletedTask;
        });

        // Every committed event counts towards the next checkpoint: the window in which a tail could be rewritten
        // unnoticed is at most AuditCheckpointEvery events, not a whole interval.
        var every = options.Value.AuditCheckpointEvery;
        using var events = feed.Subscribe(changes =>
        {
            var written = changes.Count(c => !c.IsNotification);
            if (every > 0 && written > 0 && Interlocked.Add(ref _eventsSinceCheckpoint, written) >= every)
                _checkpointRequested.Writer.TryWrite(true);
        });
        var pushing = PushWhenAskedAsync(stoppingToken);
        var checkpointing = CheckpointWhenAskedAsync(stoppingToken);
        using var timer = new PeriodicTimer(chasing.Value.Interval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
        await pushing;
        await checkpointing;
    }

    private async Task PushWhenAskedAsync(CancellationToken ct)
    {
        try
        {
            while (await _pushRequested.Reader.WaitToReadAsync(ct))
            {
                _pushRequested.Reader.TryRead(out _);
                await PushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CheckpointWhenAskedAsync(CancellationToken ct)
    {
        try
        {
            while (await _checkpointRequested.Reader.WaitToReadAsync(ct))
            {
                _checkpointRequested.Reader.TryRead(out _);
                // Every node hears every event; only the node holding the checkpoint lease writes.
                if (await Lease(JobNames.AuditCheckpoint, ct) && await CheckpointAsync(CheckpointKind.Events, ct))
                    EventCheckpoints++;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PushAsync(CancellationToken ct)
    {
        // One delivery at a time: the periodic run and a prompt push must not both send the same message.
        await _pushing.WaitAsync(ct);
        try
        {
            if (!await Lease(JobNames.Webhooks, ct))
                return;
            await using var scope = scopes.CreateAsyncScope();
            await Guard("webhooks", async () => await scope.ServiceProvider.GetRequiredService<WebhookSender>().DeliverPendingAsync(office.Value.Name, ct));
        }
        finally
        {
            _pushing.Release();
        }
    }

    /// <summary>One round of every job; a failing job is logged and does not stop the others.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var auditing = await Lease(JobNames.AuditCheckpoint, ct);
        if (await Lease(JobNames.Chasing, ct))
        {
            await using var scope = scopes.CreateAsyncScope();
            await Guard("chasing", async () => await scope.ServiceProvider.GetRequiredService<ChasingService>().RunAsync(ct));
        }

        await PushAsync(ct);
        if (auditing && clock.GetUtcNow() - _lastCheckpoint >= options.Value.AuditCheckpointInterval)
        {
            await CheckpointAsync(CheckpointKind.Periodic, ct);
            _lastCheckpoint = clock.GetUtcNow();
        }

        Runs++;
    }

    private async Task<bool> Lease(string job, CancellationToken ct)
    {
        try
        {
            return await _leases.HoldAsync(job, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not ask for the lease of job {Job}", job);
            return false;
        }
    }

    private async Task<bool> CheckpointAsync(CheckpointKind kind, CancellationToken ct)
    {
        await _checkpointing.WaitAsync(ct);
        try
        {
            Interlocked.Exchange(ref _eventsSinceCheckpoint, 0);
            var written = false;
            await Guard("audit checkpoint", async () =>
            {
                var (checkpoint, refused) = await audit.CheckpointTailAsync(kind, ct);
                if (refused is not null)
                    logger.LogCritical("Audit record not checkpointed: {Message}", refused);
                written = checkpoint is not null;
            });
            return written;
        }
        finally
        {
            _checkpointing.Release();
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task Guard(string name, Func<Task> job)
    {
        try
        {
            await job();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reporting job {Job} failed", name);
        }
    }
}

/// <summary>
/// Brackets the time the app runs in the audit record: when the app has stopped normally (the server and every other
/// background service are done), a shutdown checkpoint records the head (with several nodes, only the last to stop); the next start checks that nothing was added
/// or changed in between (<see cref="AuditService.StartAsync"/>, called by <see cref="SupervisionHost.PrepareAsync"/>).
/// </summary>
internal sealed class AuditLifecycle(IHostApplicationLifetime lifetime, AuditService audit, ILogger<AuditLifecycle> logger) : IHostedService
{
    private CancellationTokenRegistration _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopped = lifetime.ApplicationStopped.Register(() =>
        {
            try
            {
                var (_, refused) = audit.ShutdownAsync(CancellationToken.None).GetAwaiter().GetResult();
                if (refused is not null)
                    logger.LogCritical("Audit record not checkpointed at shutdown: {Message}", refused);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or System.Data.Common.DbException)
            {
                logger.LogError(ex, "Shutdown checkpoint failed");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Command-line verbs of the web app for the audit record: <c>verify-audit</c>, <c>checkpoint-audit</c>.</summary>
public static class ReportingCommands
{
    /// <summary>Runs the verb in <paramref name="args"/>[0] if it is one of ours; null otherwise.</summary>
    /// <returns>0 when the record is intact, 2 when it is broken, 1 when it cannot be read.</returns>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length == 0 || args[0] is not ("verify-audit" or "checkpoint-audit"))
            return null;
        await using var app = SupervisionHost.Build(args[1..]);
        var audit = app.Services.GetRequiredService<AuditService>();
        try
        {
            AuditVerification verification;
            if (args[0] == "checkpoint-audit")
            {
                var (checked_, written) = await audit.CheckpointAsync(CheckpointKind.Manual);
                verification = checked_;
                await output.WriteLineAsync(verification.Describe());
                await output.WriteLineAsync(written is not null
                    ? $"已写入检查点：第{written.Count}条（{written.File}）。"
                    : verification.ChainIntact ? "记录自上次检查点以来没有变化，未写入新检查点。" : "记录已被篡改，未写入检查点。");
            }
            else
            {
                verification = await audit.VerifyAsync();
                await output.WriteLineAsync(verification.Describe());
            }

            await output.WriteLineAsync($"外部检查点目录：{audit.Checkpoints.Folder}");
            await output.WriteLineAsync($"签名密钥：{audit.Checkpoints.KeyFile}");
            return verification.Intact ? 0 : 2;
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"无法写入检查点：{ex.Message}");
            return 2;
        }
        catch (System.Data.Common.DbException ex)
        {
            await error.WriteLineAsync($"无法读取审计记录：{ex.Message}（数据库是否存在且已升级到当前版本？）");
            return 1;
        }
    }
}
