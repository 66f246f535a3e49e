using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Supervision.Core.Audit;
using Supervision.Core.Cluster;
using Supervision.Core.Data;
using Supervision.Core.Reporting;
using Supervision.Core.Services;
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
        services.AddSingleton(sp => new AuditCheckpointStore(FolderOf(sp.GetRequiredService<IOptions<ReportingOptions>>().Value.AuditCheckpointFolder, dataFolder, "audit-checkpoints", environment)));
        services.AddSingleton<NotificationCenter>();
        services.AddScoped<AuditService>();
        services.AddScoped<ReportService>();
        services.AddScoped<TaskFollowUpService>();
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
        app.MapGet("/files/attachments/{id:int}", async (int id, HttpContext http, ReportService reports, CancellationToken ct) =>
        {
            var file = await reports.OpenAttachmentAsync(CurrentActor.FromPrincipal(http.User), id, ct);
            if (file is not { } f)
                return Results.NotFound();
            // Like every other download: the name goes out as RFC 5987 (Results.File does that), never cached.
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(f.Content, f.MediaType, f.Name);
        }).RequireAuthorization();
        return app;
    }

    private static string FolderOf(string? configured, string dataFolder, string name, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(dataFolder, name)
            : Path.GetFullPath(configured, environment.ContentRootPath);
}

/// <summary>
/// The periodic work of the feature: chasing (时限提醒 / 催办), pushing notifications to webhooks, and
/// checkpointing the audit chain outside the database. Runs at start and then every
/// <see cref="ChasingOptions.Interval"/> on the injected <see cref="TimeProvider"/>. With several web nodes each job
/// runs only on the node holding its lease (<see cref="IJobLeases"/>); the others skip it until that node is gone.
/// </summary>
public sealed class ReportingJobs(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ChasingOptions> chasing, IOptions<ReportingOptions> options, IOptions<OfficeOptions> office, NotificationCenter center, ILogger<ReportingJobs> logger, IJobLeases? leases = null) : BackgroundService
{
    private readonly IJobLeases _leases = leases ?? new LocalJobLeases();

    private readonly SemaphoreSlim _pushing = new(1, 1);
    private readonly Channel<bool> _pushRequested = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

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
        var pushing = PushWhenAskedAsync(stoppingToken);
        using var timer = new PeriodicTimer(chasing.Value.Interval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
        await pushing;
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
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var auditing = await Lease(JobNames.AuditCheckpoint, ct);
        if (auditing)
            await Guard("audit seal", async () => await services.GetRequiredService<AuditService>().SealLegacyAsync(ct));
        if (await Lease(JobNames.Chasing, ct))
            await Guard("chasing", async () => await services.GetRequiredService<ChasingService>().RunAsync(ct));
        await PushAsync(ct);
        if (auditing && clock.GetUtcNow() - _lastCheckpoint >= options.Value.AuditCheckpointInterval)
        {
            await Guard("audit checkpoint", async () =>
            {
                var (verification, _) = await services.GetRequiredService<AuditService>().CheckpointAsync(ct);
                if (!verification.Intact)
                    logger.LogCritical("Audit record broken: {Message}", verification.Describe());
                _lastCheckpoint = clock.GetUtcNow();
            });
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

/// <summary>Command-line verbs of the web app for the audit record: <c>verify-audit</c>, <c>checkpoint-audit</c>.</summary>
public static class ReportingCommands
{
    /// <summary>Runs the verb in <paramref name="args"/>[0] if it is one of ours; null otherwise.</summary>
    /// <returns>0 when the record is intact, 2 when it is broken, 1 when it cannot be read.</returns>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("verify-audit" or "checkpoint-audit"))
            return null;
        var app = SupervisionHost.Build(args[1..]);
        await using var scope = app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditService>();
        try
        {
            var verification = args[0] == "checkpoint-audit"
                ? (await audit.CheckpointAsync()).Verification
                : await audit.VerifyAsync();
            Console.WriteLine(verification.Describe());
            Console.WriteLine($"外部检查点目录：{audit.Checkpoints.Folder}");
            return verification.Intact ? 0 : 2;
        }
        catch (System.Data.Common.DbException ex)
        {
            await Console.Error.WriteLineAsync($"无法读取审计记录：{ex.Message}（数据库是否存在且已升级到当前版本？）");
            return 1;
        }
    }
}
