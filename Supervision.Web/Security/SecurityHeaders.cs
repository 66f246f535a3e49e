namespace Supervision.Web.Security;

/// <summary>
/// Response headers every answer carries. The CSP allows exactly what Blazor Server and MudBlazor need: scripts and
/// the SignalR connection (WebSocket included: CSP3 'self' covers ws/wss to the same host) from this origin only,
/// inline styles (MudBlazor sets style attributes), data: images (document previews), and no framing by anyone.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IWebHostEnvironment environment, Microsoft.Extensions.Options.IOptions<SecurityOptions> options)
{
    /// <summary>The Content-Security-Policy value.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>One year, the usual HSTS preload minimum.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.AspNetCore.Components.ResourceAssetCollection, string> _policies = new();

    /// <summary>
    /// The policy for a page: the inline import map Blazor writes into every page (mapping module names to
    /// fingerprinted files) is allowed by its SHA-256, so no inline script of any other content can run.
    /// </summary>
    public static string PolicyFor(Microsoft.AspNetCore.Components.ResourceAssetCollection? assets) =>
        assets is null ? ContentSecurityPolicy : _policies.GetValue(assets, a =>
        {
            var json = Microsoft.AspNetCore.Components.ImportMapDefinition.FromResourceCollection(a).ToString();
            var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
            return ContentSecurityPolicy.Replace("script-src 'self';", $"script-src 'self' 'sha256-{hash}';", StringComparison.Ordinal);
        });

    public Task InvokeAsync(HttpContext context)
    {
        var hsts = options.Value.Hsts && !environment.IsDevelopment() && context.Request.IsHttps;
        // Set when the response starts, so error pages and re-executed status pages carry them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.ResourceAssetCollection>());
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (hsts)
                headers.StrictTransportSecurity = StrictTransportSecurity;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
