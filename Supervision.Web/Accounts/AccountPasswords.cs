using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Web.Accounts;

/// <summary>
/// A person's own password: changed by the person, never seen by anyone else. An account an administrator created or
/// whose password an administrator reset carries the <see cref="SupervisionClaims.MustChangePassword"/> claim until its
/// owner chooses a password only they know; until then every page sends them to <c>/account/password</c>.
/// </summary>
public sealed class AccountPasswords(UserManager<AppUser> users, AccessAudit audit)
{
    private static readonly Claim MustChange = new(SupervisionClaims.MustChangePassword, "1");

    /// <summary>Whether the signed-in principal must choose a new password before anything else.</summary>
    public static bool MustChangeNow(ClaimsPrincipal principal) => principal.HasClaim(SupervisionClaims.MustChangePassword, "1");

    /// <summary>
    /// Changes <paramref name="actor"/>'s own password (there is no way to name another account): the current password
    /// must be right, the new one must pass the password policy and differ from it. Ends the account's other sessions
    /// (the security stamp changes) and lifts the obligation to change it.
    /// </summary>
    /// <returns>The account, so the caller can renew this session's cookie.</returns>
    public async Task<AppUser> ChangeOwnAsync(Actor actor, string? currentPassword, string? newPassword, string? confirmation, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null || user.IsDisabled)
            throw new DomainException("只有已登录的有效账户可以修改自己的密码。");
        if (string.IsNullOrEmpty(currentPassword))
            throw new DomainException("请输入当前密码。");
        if (string.IsNullOrEmpty(newPassword))
            throw new DomainException("请输入新密码。");
        if (newPassword != confirmation)
            throw new DomainException("两次输入的新密码不一致。");
        if (newPassword == currentPassword)
            throw new DomainException("新密码不能与当前密码相同。");
        if (await users.IsLockedOutAsync(user))
            throw new DomainException("密码错误次数过多，账户已被锁定15分钟，请稍后再试。");
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            // Counts towards the lockout like a failed sign-in, so an open page cannot be used to guess the password.
            await users.AccessFailedAsync(user);
            await audit.RecordAsync(AccessActions.PasswordChangeFailed, user.UserName!, $"{user.DisplayName}（{user.UserName}）修改密码时当前密码输入错误", actor, CancellationToken.None);
            throw new DomainException("当前密码不正确。");
        }

        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
            throw new DomainException(string.Join("", result.Errors.Select(e => e.Description)));
        await users.ResetAccessFailedCountAsync(user);
        if ((await users.GetClaimsAsync(user)).Any(c => c.Type == MustChange.Type))
            await users.RemoveClaimAsync(user, MustChange);
        await audit.RecordAsync(AccessActions.PasswordChanged, user.UserName!, $"{user.DisplayName}（{user.UserName}）修改了自己的密码", actor, CancellationToken.None);
        return user;
    }

    /// <summary>Obliges the account's owner to choose a new password at the next sign-in (after an administrator set one).</summary>
    internal static async Task RequireChangeAsync(UserManager<AppUser> users, AppUser user)
    {
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == MustChange.Type))
            await users.AddClaimAsync(user, MustChange);
    }
}
