using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Web.Accounts;

/// <summary>
/// Identity's sign-in with the product's rules: a disabled account cannot sign in (checked only after the password,
/// so the answer reveals nothing to someone who does not know it), a disabled account's cookie stops validating,
/// and every sign-in, failure and lockout is written to the audit record.
/// </summary>
public sealed class AuditingSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    AccessAudit audit)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            await RecordAsync(AccessActions.LoginFailed, userName, $"登录失败：用户名“{Clip(userName)}”不存在", Anonymous(userName));
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var wasLockedOut = await UserManager.IsLockedOutAsync(user);
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
            await RecordAsync(
                AccessActions.LockedOut,
                name,
                wasLockedOut ? $"账户 {name} 处于锁定期，登录被拒绝" : $"账户 {name} 连续{Options.Lockout.MaxFailedAccessAttempts}次密码错误，已锁定",
                actor);
            return attempt;
        }

        await RecordAsync(AccessActions.LoginFailed, name, $"账户 {name} 登录失败：密码错误（已连续{await UserManager.GetAccessFailedCountAsync(user)}次）", actor);
        return attempt;
    }

    /// <summary>A cookie of a disabled account fails the periodic check like one with an old security stamp.</summary>
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: true } ? null : user;
    }

    public override async Task SignOutAsync()
    {
        var principal = Context.User;
        await base.SignOutAsync();
        if (principal.Identity?.IsAuthenticated == true)
        {
            var actor = CurrentActor.FromPrincipal(principal);
            await RecordAsync(AccessActions.Logout, principal.Identity.Name ?? actor.UserId, $"{actor.Name}退出登录", actor);
        }
    }

    private static Actor ActorOf(AppUser user) => new(user.Id, user.DisplayName.Length > 0 ? user.DisplayName : user.UserName ?? user.Id, new HashSet<string>(), user.UnitId);

    private static Actor Anonymous(string typed) => new("", $"未知用户（{Clip(typed)}）", new HashSet<string>(), null);

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private Task RecordAsync(string action, string subject, string summary, Actor actor) =>
        // Not the request's token: a client hanging up must not erase the trace of its attempt.
        audit.RecordAsync(action, subject, summary, actor, CancellationToken.None);
}
