using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Web.Security;

/// <summary>
/// Throttles sign-in with ASP.NET Core rate limiting: per client address (sign-in and first-run setup posts) and per
/// user name typed (whether or not the account exists), each a sliding one-minute window. A refused attempt is
/// answered 429 with a Chinese page and <c>Retry-After</c>, costs no password hash and no database write, and is noted in
/// the access record once per address and name per window. See README “安全”.
/// </summary>
internal static class SignInThrottle
{
    private const string SignInPath = "/account/login";
    private const string SetupPath = "/setup";

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services, SecurityOptions security)
    {
        services.AddSingleton<ThrottleNotes>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsThrottled(context, SignInPath) || IsThrottled(context, SetupPath)
                    ? RateLimitPartition.GetSlidingWindowLimiter("client:" + ClientOf(context), _ => PerMinute(security.SignInPerClientPerMinute))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsThrottled(context, SignInPath) && AccountOf(context) is { } name
                    ? RateLimitPartition.GetSlidingWindowLimiter("account:" + name, _ => PerMinute(security.SignInPerAccountPerMinute))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = OnRejectedAsync;
        });
        if (security.BehindProxy)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in security.KnownProxies)
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
            });
        }

        return services;
    }

    /// <summary>Reads the sign-in form before the limiter (so the limiter can see the user name), then limits.</summary>
    public static IApplicationBuilder UseSignInThrottle(this IApplicationBuilder app, SecurityOptions security)
    {
        if (security.BehindProxy)
            app.UseForwardedHeaders();
        app.Use(async (context, next) =>
        {
            // The form is buffered once here; the endpoint reads the same cached form afterwards.
            if (IsThrottled(context, SignInPath) && context.Request.HasFormContentType)
                await context.Request.ReadFormAsync(context.RequestAborted);
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static SlidingWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool IsThrottled(HttpContext context, string path) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase);

    internal static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // The name as Identity compares it, so "Admin", "admin " and "ADMIN" share one allowance.
    private static string? AccountOf(HttpContext context)
    {
        if (!context.Request.HasFormContentType || !context.Request.Form.TryGetValue("Input.UserName", out var typed))
            return null;
        var name = typed.ToString().Trim().ToUpperInvariant();
        return name.Length == 0 ? null : name.Length > 100 ? name[..100] : name;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 10;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";

        var name = AccountOf(context);
        await context.RequestServices.GetRequiredService<ThrottleNotes>().NoteAsync(ClientOf(context), name, context.RequestServices, ct);
        await context.Response.WriteAsync(Page(seconds), ct);
    }

    private static string Page(int seconds) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>登录过于频繁 · 督查管理系统</title><link rel="stylesheet" href="/css/app.css" /></head>
        <body>
        <div class="account-page">
        <div class="login-card">
            <div class="login-emblem" aria-hidden="true"></div>
            <h1>督查管理系统</h1>
            <div class="login-error" role="alert" data-testid="throttled">登录尝试过于频繁，请约{{seconds}}秒后再试。</div>
            <p class="login-subtitle">为保护账户安全，同一地址或同一用户名在一分钟内的登录次数有限制。</p>
            <p><a href="/account/login">返回登录页</a></p>
        </div>
        </div>
        </body>
        </html>
        """;

    /// <summary>
    /// Notes a throttled address in the access record at most once a minute, not once per refused attempt (a flood of
    /// made-up names from one address is one note).
    /// </summary>
    internal sealed class ThrottleNotes(TimeProvider clock, ILogger<ThrottleNotes> logger)
    {
        private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _noted = new(StringComparer.Ordinal);

        public async Task NoteAsync(string client, string? account, IServiceProvider services, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var key = client;
            if (_noted.TryGetValue(key, out var last) && now - last < Quiet)
                return;
            _noted[key] = now;
            if (_noted.Count > 10_000)
            {
                foreach (var old in _noted.Where(n => now - n.Value >= Quiet).Select(n => n.Key).ToList())
                    _noted.TryRemove(old, out _);
            }

            logger.LogWarning("Sign-in throttled for {Client} / {Account}", client, account);
            try
            {
                var stranger = new Actor("", $"未登录（{client}）", new HashSet<string>(), null);
                await services.GetRequiredService<AccessAudit>().RecordAsync(
                    AccessActions.Throttled, account ?? "", $"登录过于频繁，已限流：来自{client}{(account is null ? "" : $"，用户名“{account.ToLowerInvariant()}”")}（此后一分钟内的限流不再逐次记录）", stranger, CancellationToken.None, client);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not record a throttled sign-in");
            }
        }
    }
}
