using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Accounts;
using Supervision.Web.Security;

namespace Supervision.Web.Hosting;

/// <summary>
/// Registration of the security feature: hardened Identity (hashing, passwords, Chinese errors, audited sign-in),
/// first-run administrator, account administration, sessions (revalidation, circuit tracking, cap, idle timeout),
/// upload limits, headers, access audit and backups. See README “安全”.
/// </summary>
public static class SecurityServices
{
    /// <summary>Call after <c>AddIdentityCore</c>/<c>AddIdentityCookies</c>.</summary>
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, DatabaseSettings database, string dataFolder)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection("Security"));
        var security = configuration.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();

        // Accounts
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = PasswordPolicy.HashIterations;
        });
        services.Configure<IdentityOptions>(o =>
        {
            o.Password.RequiredLength = Math.Max(o.Password.RequiredLength, PasswordPolicy.MinimumLength);
            o.Password.RequiredUniqueChars = 4;
            o.Lockout.AllowedForNewUsers = true;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
        });
        services.AddScoped<IPasswordValidator<AppUser>, CommonPasswordValidator>();
        services.Replace(ServiceDescriptor.Scoped<IdentityErrorDescriber, ChineseIdentityErrorDescriber>());
        services.Replace(ServiceDescriptor.Scoped<SignInManager<AppUser>, AuditingSignInManager>());
        services.AddHttpContextAccessor();
        services.AddSingleton<FirstRun>();
        services.AddHostedService<FirstRunStartup>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<SignInDecoy>();
        services.AddSingleton<EndedSessions>();
        services.AddSignInThrottle(security);
        // Stateless over the context factory, so background services (scheduled backups) may hold it.
        services.AddSingleton<AccessAudit>();

        // Sessions: the cookie expires after the idle timeout (sliding) and is re-checked against the account on
        // every request; open pages are tracked, revalidated and closed when idle or ended.
        // Every request re-checks the cookie against the account (a few indexed reads): a disabled account or
        // one whose sessions an admin ended cannot load another page, not even a prerendered one.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            // The refreshed cookie keeps the session id it was signed in with (the claims factory does not know it).
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SupervisionClaims.SessionId) is { } sid && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == sid.Type))
                    identity.AddClaim(new System.Security.Claims.Claim(sid.Type, sid.Value));
                return Task.CompletedTask;
            };
        });
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            o.ExpireTimeSpan = security.IdleTimeout;
            o.SlidingExpiration = true;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // A refused request is answered with a redirect to /account/denied, not a 403: record it there.
            o.Events ??= new Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationEvents();

            // A cookie whose session was signed out is refused, however valid it looks otherwise.
            var validate = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal?.FindFirst(SupervisionClaims.SessionId)?.Value is { } sessionId
                    && await context.HttpContext.RequestServices.GetRequiredService<EndedSessions>().IsEndedAsync(sessionId, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await validate(context);
            };
            var redirect = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToAccessDenied = async context =>
            {
                await RecordRefusalAsync(context.HttpContext, force: true);
                await redirect(context);
            };
        });
        services.AddSingleton<CircuitRegistry>();
        // One instance per circuit, which the router's redirect to the sign-in page also asks why the session ended.
        services.AddScoped<SessionCircuitHandler>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<SessionCircuitHandler>());
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthentication>();
        services.AddHostedService<IdleCircuitMonitor>();
        // Detailed circuit errors would show stack traces to users; only in Development, whatever the configuration says.
        services.PostConfigure<CircuitOptions>(o => o.DetailedErrors = environment.IsDevelopment());

        // Request bodies. Files themselves come in through ReportAttachmentService / TaskImportService, which limit size and
        // count and decide the type from the content (FileInspector).
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = security.MaxRequestBytes);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = security.MaxRequestBytes;
            o.ValueCountLimit = 1024;
        });

        services.AddBackups(configuration, database, dataFolder);
        return services;
    }

    /// <summary>Headers, the first-run redirect and the recording of refusals; call right after <c>Build()</c>.</summary>
    public static IApplicationBuilder UseSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseSignInThrottle(app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value);
        app.Use(async (context, next) =>
        {
            var firstRun = context.RequestServices.GetRequiredService<FirstRun>();
            if (firstRun.Pending && context.Request.Path.Value is "/" or "/account/login")
            {
                context.Response.Redirect("/setup");
                return;
            }

            context.Response.OnCompleted(() => RecordRefusalAsync(context));
            await next(context);
        });
        return app;
    }

    /// <summary>The session keep-alive (renews the sliding cookie while a page is in use).</summary>
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/keepalive", () => Results.NoContent()).RequireAuthorization();
        return endpoints;
    }

    private static async Task RecordRefusalAsync(HttpContext context, bool force = false)
    {
        if ((!force && context.Response.StatusCode != StatusCodes.Status403Forbidden) || context.User.Identity?.IsAuthenticated != true)
            return;
        var actor = CurrentActor.FromPrincipal(context.User);
        var path = context.Request.Path.Value ?? "";
        var query = context.Request.QueryString.Value ?? "";
        var target = (path + query).Length > 200 ? (path + query)[..200] : path + query;
        try
        {
            await context.RequestServices.GetRequiredService<AccessAudit>().RecordAsync(
                AccessActions.Denied, context.User.Identity.Name ?? actor.UserId, $"{actor.Name}访问 {context.Request.Method} {target} 被拒绝", actor, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<ILogger<SecurityOptions>>().LogError(ex, "Could not record a refusal");
        }
    }
}

/// <summary>At start-up: retires demo accounts outside demo mode, then prepares the first-run code if no admin exists.</summary>
internal sealed class FirstRunStartup(FirstRun firstRun, IServiceScopeFactory scopes, IOptions<DemoOptions> demo) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled)
        {
            await using var scope = scopes.CreateAsyncScope();
            await DemoAccountGuard.DisableDemoAccountsAsync(scope.ServiceProvider, cancellationToken);
        }

        await firstRun.PrepareAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
