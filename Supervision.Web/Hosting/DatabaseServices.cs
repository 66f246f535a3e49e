using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Supervision.Core.Cluster;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>
/// The database and, on PostgreSQL, what lets several web nodes share it: the provider's contexts, the Data Protection
/// key ring in the database, the change feed over LISTEN/NOTIFY and the leases that keep each background job on one
/// node. See README “部署：多节点 / PostgreSQL”.
/// </summary>
public static class DatabaseServices
{
    /// <summary>
    /// <c>Database:Provider</c> and <c>ConnectionStrings:Supervision</c>. SQLite without a connection string uses
    /// <c>App_Data/supervision.db</c>; PostgreSQL needs one. PostgreSQL connections carry the node's name
    /// (<c>supervision:NODE</c>) unless the connection string names the application, so the server's list of
    /// connections shows which node holds which.
    /// </summary>
    public static DatabaseSettings Settings(IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = DatabaseSettings.ParseProvider(configuration["Database:Provider"]);
        if (provider == DatabaseProvider.Sqlite)
            return new DatabaseSettings(provider, SupervisionHost.ConnectionString(configuration, environment));

        var configured = configuration.GetConnectionString("Supervision");
        if (string.IsNullOrWhiteSpace(configured))
            throw new DatabaseStartupException("Database__Provider=postgres 时必须设置 ConnectionStrings__Supervision（例如 Host=127.0.0.1;Port=5432;Database=supervision;Username=supervision;Password=…）。");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseStartupException($"ConnectionStrings__Supervision 不是有效的 PostgreSQL 连接字符串：{ex.Message}", ex);
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
            builder.ApplicationName = $"supervision:{NodeName(configuration)}";
        return new DatabaseSettings(provider, builder.ToString());
    }

    /// <summary>This node's name: <c>Cluster:NodeName</c>, else the machine name.</summary>
    public static string NodeName(IConfiguration configuration) =>
        new ClusterOptions { NodeName = configuration["Cluster:NodeName"] }.Node;

    /// <summary>
    /// Folder for what lives beside the database: attachments, audit checkpoints and backups by default. SQLite: the
    /// database file's folder; PostgreSQL: <c>App_Data</c> under the content root (with several nodes, point the
    /// folders at shared storage, see README).
    /// </summary>
    public static string DataFolder(DatabaseSettings database, IHostEnvironment environment) =>
        (database.IsPostgres ? null : Path.GetDirectoryName(Sqlite.FilePathOf(database.ConnectionString)))
        ?? Path.Combine(environment.ContentRootPath, "App_Data");

    /// <summary>The supervision and accounts contexts for the provider (and, on PostgreSQL, the shared key ring).</summary>
    public static IServiceCollection AddSupervisionDatabase(this IServiceCollection services, DatabaseSettings database)
    {
        services.AddSingleton(database);
        if (!database.IsPostgres)
        {
            services.AddDbContextFactory<SupervisionDbContext>(o => o.UseSupervisionSqlite(database.ConnectionString));
            services.AddDbContext<AccountsDbContext>(o => o.UseSupervisionSqlite(database.ConnectionString));
            return services;
        }

        // Services ask for SupervisionDbContext; they get the PostgreSQL type, which carries this provider's model and
        // migrations. Whatever was configured for SupervisionDbContext (the change-feed hook) applies to it as well.
        services.AddDbContextFactory<PostgresSupervisionDbContext>((provider, options) =>
        {
            options.UseSupervisionPostgres(database.ConnectionString);
            foreach (var configuration in provider.GetServices<IDbContextOptionsConfiguration<SupervisionDbContext>>())
                configuration.Configure(provider, options);
        });
        services.AddSingleton<IDbContextFactory<SupervisionDbContext>>(provider =>
            new BaseTypeFactory(provider.GetRequiredService<IDbContextFactory<PostgresSupervisionDbContext>>()));
        services.AddDbContext<AccountsDbContext, PostgresAccountsDbContext>(o => o.UseSupervisionPostgres(database.ConnectionString, serializeWrites: false));
        services.AddScoped(provider => (PostgresAccountsDbContext)provider.GetRequiredService<AccountsDbContext>());

        // Every node must read the same key ring, or a cookie or antiforgery token from one node fails on the next.
        services.AddDataProtection()
            .SetApplicationName("Supervision")
            .PersistKeysToDbContext<PostgresAccountsDbContext>();
        return services;
    }

    /// <summary>
    /// Call after <c>AddDashboard</c>: on PostgreSQL the change feed becomes the LISTEN/NOTIFY one and jobs take leases;
    /// on SQLite there is one node and every job runs here.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        var node = new ClusterOptions { NodeName = configuration["Cluster:NodeName"] };
        services.AddSingleton(node);
        if (!database.IsPostgres)
        {
            services.AddSingleton<IJobLeases, LocalJobLeases>();
            return services;
        }

        services.AddSingleton<PostgresJobLeases>();
        services.AddSingleton<IJobLeases>(provider => provider.GetRequiredService<PostgresJobLeases>());
        services.AddSingleton<PostgresChangeFeed>();
        services.Replace(ServiceDescriptor.Singleton<IChangeFeed>(provider => provider.GetRequiredService<PostgresChangeFeed>()));
        services.AddHostedService<ChangeFeedListener>();
        return services;
    }

    /// <summary>
    /// <c>/healthz</c>: 200 with <c>{"status":"Healthy","node":"node-1","database":"postgres",…}</c> while the database
    /// answers, 503 otherwise. On PostgreSQL it also says whether the change feed is listening and which jobs run here.
    /// </summary>
    public static HealthCheckOptions HealthOptions() => new()
    {
        ResponseWriter = async (context, report) =>
        {
            var services = context.RequestServices;
            var database = services.GetRequiredService<DatabaseSettings>();
            var feed = database.IsPostgres ? services.GetRequiredService<PostgresChangeFeed>() : null;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object?>
            {
                ["status"] = report.Status.ToString(),
                ["node"] = services.GetRequiredService<ClusterOptions>().Node,
                ["database"] = database.ProviderName,
                ["changeFeed"] = feed is null ? "in-process" : feed.IsListening ? "listening" : "reconnecting",
                ["jobs"] = services.GetRequiredService<IJobLeases>().Held,
            }, cancellationToken: context.RequestAborted);
        },
    };

    private sealed class BaseTypeFactory(IDbContextFactory<PostgresSupervisionDbContext> inner) : IDbContextFactory<SupervisionDbContext>
    {
        public SupervisionDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<SupervisionDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}

/// <summary>Runs the PostgreSQL change feed's listener for the app's lifetime.</summary>
internal sealed class ChangeFeedListener(PostgresChangeFeed feed) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        feed.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await feed.DisposeAsync();
}
