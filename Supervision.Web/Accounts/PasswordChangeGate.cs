namespace Supervision.Web.Accounts;

/// <summary>
/// Holds an account whose password an administrator set (a new account, a reset) at <c>/account/password</c> until
/// its owner has chosen one only they know: every page sends them there, every other request is refused. Static
/// files, sign-out and the password page itself pass.
/// </summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string PagePath = "/account/password";

    private static readonly string[] Open = ["/account/password", "/account/logout", "/account/login", "/_framework/", "/_content/", "/css/", "/img/", "/js/", "/healthz"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true || !AccountPasswords.MustChangeNow(context.User) || IsOpen(context.Request.Path))
            return next(context);

        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{PagePath}?returnUrl={Uri.EscapeDataString(here)}");
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("请先修改密码。");
    }

    private static bool IsOpen(PathString path)
    {
        var value = path.Value ?? "/";
        return value.EndsWith(".ico", StringComparison.OrdinalIgnoreCase)
            || Open.Any(p => p.EndsWith('/') ? value.StartsWith(p, StringComparison.OrdinalIgnoreCase) : value.Equals(p, StringComparison.OrdinalIgnoreCase));
    }
}
