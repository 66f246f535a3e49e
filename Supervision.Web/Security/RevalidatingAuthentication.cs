using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Supervision.Web.Accounts;

namespace Supervision.Web.Security;

/// <summary>
/// Open pages re-check their account every <see cref="SecurityOptions.RevalidationInterval"/>: a deleted or disabled
/// account, one whose security stamp changed (password reset, sessions ended by an admin), or a session signed out
/// in another tab becomes anonymous, and the router sends the page to the sign-in screen.
/// </summary>
internal sealed class RevalidatingAuthentication(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<SecurityOptions> securityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => securityOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await IsStillValidAsync(users, authenticationState.User, identityOptions.Value, scope.ServiceProvider.GetRequiredService<EndedSessions>());
    }

    /// <summary>The check itself, shared with tests.</summary>
    internal static async Task<bool> IsStillValidAsync(UserManager<AppUser> users, ClaimsPrincipal principal, IdentityOptions options, EndedSessions? endedSessions = null)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
            return false;
        if (endedSessions is not null && principal.FindFirstValue(SupervisionClaims.SessionId) is { } sessionId && await endedSessions.IsEndedAsync(sessionId))
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var claimed = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return claimed == await users.GetSecurityStampAsync(user);
    }
}
