using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Supervision.Core.Data;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;
using Supervision.Web.Accounts;
using Supervision.Web.Components;
using Supervision.Web.Components.Account;

namespace Supervision.Web.Hosting;

/// <summary>Builds and prepares the web application; <c>Program</c> and the browser tests share it.</summary>
public static class SupervisionHost
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Creates the application with every service and the request pipeline.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c> and configuration overrides).</param>
    /// <param name="configure">Lets tests replace configuration or services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SupervisionHost).Assembly.GetName().Name,
        });

        // Every environment validates the container as Development does: a scoped service captured by a singleton
        // (or one that cannot be built at all) stops the app here, not on the first request that needs it.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });

        // Outside Development the SDK does not serve package assets (MudBlazor's css/js) from a build
        // output; this makes `dotnet run` in any environment and the in-process browser tests work. A
        // published app has no runtime manifest and this is a no-op there.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);

        CultureInfo.DefaultThreadCurrentCulture = Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Culture;

        var database = DatabaseServices.Settings(builder.Configuration, builder.Environment);
        var dataFolder = DatabaseServices.DataFolder(database, builder.Environment);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<RuleThresholds>().Bind(builder.Configuration.GetSection("Rules"));
        services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection("Demo"));
        services.AddOptions<OfficeOptions>().Bind(builder.Configuration.GetSection("Office"));
        services.AddSupervisionDatabase(database);

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "supervision.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentActor>();
        services.AddSecurity(builder.Configuration, builder.Environment, database, dataFolder);
        services.AddScoped<AccountPasswords>();
        services.AddScoped<Supervision.Core.Security.AccessRecordService>();

        services.AddScoped<PeriodSummaryService>();
        services.AddDocuments(builder.Configuration);
        services.AddLedger(builder.Configuration);
        services.AddDashboard(builder.Configuration);
        services.AddCluster(builder.Configuration, database);
        services.AddReporting(builder.Configuration, builder.Environment, dataFolder);

        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, Supervision.Web.Components.Layout.ChineseMudLocalizer>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // Behind a reverse proxy on this machine (nginx in front of several nodes, or the HTTPS front of one) the
        // original scheme and client address come in these headers.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseSecurity();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Culture),
            SupportedCultures = [Culture],
            SupportedUICultures = [Culture],
        });
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz", DatabaseServices.HealthOptions());
        app.MapAccountEndpoints();
        app.MapAccessRecordEndpoints();
        app.MapSecurityEndpoints();
        app.MapDocumentEndpoints();
        app.MapLedgerEndpoints();
        app.MapReportingEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Brings the database to the current schema and, on an empty database in demo mode, seeds the demo city
    /// and its accounts. Returns false (after printing a Chinese explanation) when the database is unusable.
    /// </summary>
    public static async Task<bool> PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        var services = app.Services;
        IAsyncDisposable? startup = null;
        try
        {
            // Nodes starting together take turns: the first migrates, checks the record and seeds; the next finds it done.
            startup = await DatabaseStartup.HoldStartupLockAsync(database, ct);
            await MigrateAsync(app, ct);
        }
        catch (DatabaseStartupException ex)
        {
            if (startup is not null)
                await startup.DisposeAsync();
            app.Logger.LogCritical(ex, "Database unusable");
            await Console.Error.WriteLineAsync($"无法启动：{ex.Message}");
            return false;
        }

        await using (startup)
        {
            // Before anything is written: the record must be as the last normal shutdown left it, and protected.
            var audit = await services.GetRequiredService<Supervision.Core.Audit.AuditService>().StartAsync(ct);
            foreach (var problem in audit.Problems)
                await Console.Error.WriteLineAsync($"【审计记录告警】{problem}");

            await DemoSetup.RunAsync(services, ct);
            if (database.IsPostgres)
            {
                // The first node makes the shared key ring's first key while it holds the lock, so all nodes use that one.
                services.GetRequiredService<IDataProtectionProvider>().CreateProtector("startup").Protect("key ring");
                if (await DatabaseStartup.SearchLocaleProblemAsync(database, ct) is { } problem)
                    app.Logger.LogWarning("{Problem}", problem);
            }
        }

        return true;
    }

    /// <summary>Checks the database (file or server) and brings both schemas (supervision data, accounts) to the current version.</summary>
    public static Task MigrateAsync(WebApplication app, CancellationToken ct = default)
    {
        var services = app.Services;
        return DatabaseStartup.PrepareAsync(
            services.GetRequiredService<DatabaseSettings>(),
            [
                DatabaseStartup.MigrationOf(() => services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContext()),
                async token =>
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(token);
                },
            ],
            ct);
    }

    /// <summary>
    /// <c>ConnectionStrings:Supervision</c> (env <c>ConnectionStrings__Supervision</c>) when set, otherwise
    /// <c>App_Data/supervision.db</c> under the content root.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Supervision");
        return string.IsNullOrWhiteSpace(configured)
            ? Sqlite.ConnectionStringFor(Path.Combine(environment.ContentRootPath, "App_Data", "supervision.db"))
            : configured;
    }
}

/// <summary>Answers /healthz only when the database answers.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<SupervisionDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("数据库无法连接");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("数据库无法连接", ex);
        }
    }
}
