namespace Supervision.Web.Security;

/// <summary>Configuration section <c>Security</c> (see README “安全”).</summary>
public sealed class SecurityOptions
{
    /// <summary>No interaction for this long ends the session: the sign-in cookie expires and open pages close.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often open pages re-check that the account still exists, is enabled and its sessions were not ended.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most open pages (circuits) one account may have at once; opening one more closes the oldest.</summary>
    public int MaxCircuitsPerUser { get; set; } = 5;

    /// <summary>Largest request body (uploads included), in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 30L * 1024 * 1024;

    /// <summary>Send Strict-Transport-Security (outside Development; only meaningful behind HTTPS).</summary>
    public bool Hsts { get; set; } = true;

    /// <summary>Sign-in attempts (and first-run setup posts) one client address may make per minute; more are answered 429.</summary>
    public int SignInPerClientPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts for one user name (existing or not) per minute, from any address.</summary>
    public int SignInPerAccountPerMinute { get; set; } = 10;

    /// <summary>
    /// Behind a reverse proxy: take the client address from <c>X-Forwarded-For</c> (and the scheme from
    /// <c>X-Forwarded-Proto</c>) when the request comes from one of <see cref="KnownProxies"/>. Without it every request
    /// would seem to come from the proxy, and the per-address limit would throttle everyone at once.
    /// </summary>
    public bool BehindProxy { get; set; }

    /// <summary>The proxies whose forwarded headers are believed (IP addresses).</summary>
    public string[] KnownProxies { get; set; } = ["127.0.0.1", "::1"];
}
