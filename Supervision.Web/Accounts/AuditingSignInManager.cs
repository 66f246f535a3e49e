using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Security;

namespace Supervision.Web.Accounts;

/// <summary>
/// Identity's sign-in with the product's rules: an unknown user name gets the same answer after the same work as a
/// wrong password (and is "locked" after the same failures, see <see cref="SignInDecoy"/>); a disabled account cannot
/// sign in (checked only after the password, so the answer reveals nothing to someone who does not know it) and its
/// cookie stops validating; every sign-in gets a session id that signing out ends on the server; and sign-ins,
/// failures (aggregated per burst) and lockouts are written to the audit record.
/// </summary>
public sealed class AuditingSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    AccessAudit audit,
    SignInDecoy decoy,
    EndedSessions endedSessions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        return user is null
            ? await UnknownUserAsync(userName, password)
            : await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var wasLockedOut = await UserManager.IsLockedOutAsync(user);
        if (wasLockedOut)
        {
            // Identity refuses a locked account before hashing anything; the hash work is done anyway, so a locked
            // account answers no faster than any other attempt.
            decoy.HashWork(UserManager.PasswordHasher, password);
        }

        var attempt = await CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        var name = user.UserName ?? user.Id;
        var actor = ActorOf(user);
        if (attempt.Succeeded && user.IsDisabled)
        {
            await RecordAsync(AccessActions.DisabledLogin, name, $"已停用账户 {name} 尝试登录，被拒绝", actor);
            return SignInResult.NotAllowed;
        }

        if (attempt.Succeeded)
        {
            var result = await SignInOrTwoFactorAsync(user, isPersistent);
            await RecordAsync(AccessActions.LoginSucceeded, name, $"{user.DisplayName}（{name}）登录", actor);
            return result;
        }

        if (attempt.IsLockedOut)
        {
            if (wasLockedOut)
                await audit.RecordFailureAsync(name, $"账户 {name} 处于锁定期，登录被拒绝", actor, Client);
            else
                await RecordAsync(AccessActions.LockedOut, name, $"账户 {name} 连续{Options.Lockout.MaxFailedAccessAttempts}次密码错误，已锁定", actor);
            return attempt;
        }

        await audit.RecordFailureAsync(name, $"账户 {name} 登录失败：密码错误（已连续{await UserManager.GetAccessFailedCountAsync(user)}次）", actor, Client);
        return attempt;
    }

    /// <summary>
    /// An unknown user name: the same password hash work, the same answer, the same lockout after the same failures.
    /// The access record says what really happened (the name does not exist).
    /// </summary>
    private async Task<SignInResult> UnknownUserAsync(string userName, string password)
    {
        var name = UserManager.NormalizeName(userName) ?? "";
        var actor = Anonymous(userName);
        var lockedBefore = decoy.IsLockedOut(name);
        decoy.HashWork(UserManager.PasswordHasher, password);
        if (lockedBefore)
        {
            await audit.RecordFailureAsync(userName, $"登录失败：用户名“{Clip(userName)}”不存在（处于按锁定处理的期间）", actor, Client);
            return SignInResult.LockedOut;
        }

        if (decoy.Fail(name))
        {
            await RecordAsync(AccessActions.LockedOut, userName, $"登录失败：用户名“{Clip(userName)}”不存在，连续{Options.Lockout.MaxFailedAccessAttempts}次，按锁定处理（与真实账户的回应相同）", actor);
            return SignInResult.LockedOut;
        }

        await audit.RecordFailureAsync(userName, $"登录失败：用户名“{Clip(userName)}”不存在", actor, Client);
        return SignInResult.Failed;
    }

    /// <summary>Every sign-in carries a new random session id, so that signing out can end exactly this session.</summary>
    public override Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims) =>
        base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims.Where(c => c.Type != SupervisionClaims.SessionId), new Claim(SupervisionClaims.SessionId, NewSessionId())]);

    /// <summary>A cookie of a disabled account fails the periodic check like one with an old security stamp.</summary>
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: true } ? null : user;
    }

    /// <summary>Signs out and ends the session on the server: the same cookie, replayed, is refused from now on.</summary>
    public override async Task SignOutAsync()
    {
        var principal = Context.User;
        if (principal.FindFirstValue(SupervisionClaims.SessionId) is { } sessionId)
            await endedSessions.EndAsync(sessionId, principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", CancellationToken.None);
        await base.SignOutAsync();
        if (principal.Identity?.IsAuthenticated == true)
        {
            var actor = CurrentActor.FromPrincipal(principal);
            await RecordAsync(AccessActions.Logout, principal.Identity.Name ?? actor.UserId, $"{actor.Name}退出登录", actor);
        }
    }

    private static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // The base class keeps the accessor too; read through it only when a request is there (the sign-in service also runs without one).
    private string? Client
    {
        get
        {
            try
            {
                return Context.Connection.RemoteIpAddress?.ToString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    private static Actor ActorOf(AppUser user) => new(user.Id, user.DisplayName.Length > 0 ? user.DisplayName : user.UserName ?? user.Id, new HashSet<string>(), user.UnitId);

    private static Actor Anonymous(string typed) => new("", $"未知用户（{Clip(typed)}）", new HashSet<string>(), null);

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private Task RecordAsync(string action, string subject, string summary, Actor actor) =>
        // Not the request's token: a client hanging up must not erase the trace of its attempt.
        audit.RecordAsync(action, subject, summary, actor, CancellationToken.None, Client);
}
