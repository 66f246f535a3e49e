using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Security;

namespace Supervision.Web.Accounts;

/// <summary>An account as the users page lists it.</summary>
public sealed record UserRow(
    string Id,
    string UserName,
    string DisplayName,
    string Role,
    int? UnitId,
    string Unit,
    bool Disabled,
    DateTimeOffset? LockedOutUntil,
    int OpenPages);

/// <summary>What the admin fills in to create an account.</summary>
public sealed class NewUser
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public int? UnitId { get; set; }
    public string Password { get; set; } = "";
}

/// <summary>
/// The office administrator's account management: create (role, and unit for unit roles), reset a password,
/// disable and enable, end sessions. Only 管理员 may; every action is in the audit record. A password the
/// administrator set (new account, reset) must be changed by its owner at the next sign-in.
/// </summary>
public sealed class UserAdministration(
    UserManager<AppUser> users,
    IDbContextFactory<SupervisionDbContext> dbFactory,
    CircuitRegistry circuits,
    AccessAudit audit,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, "查看账户", ct);
        var units = await UnitNamesAsync(ct);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var rows = new List<UserRow>(all.Count);
        foreach (var u in all)
        {
            var roles = await users.GetRolesAsync(u);
            rows.Add(new UserRow(
                u.Id, u.UserName ?? "", u.DisplayName, string.Join("、", roles), u.UnitId,
                u.UnitId is { } id ? units.GetValueOrDefault(id, "（已删除的单位）") : "",
                u.IsDisabled, u.LockoutEnd is { } end && end > now ? end : null, circuits.Of(u.Id).Count));
        }

        return rows;
    }

    /// <summary>Active units for the unit picker, by the short name every other page uses (市发展改革委, not 市发展和改革委员会).</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> UnitsAsync(Actor actor, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, "查看单位", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, Name = u.ShortName ?? u.Name }).ToListAsync(ct);
        return units.Select(u => (u.Id, u.Name)).ToList();
    }

    /// <summary>Creates an account; unit roles need an active unit, office roles must have none.</summary>
    public async Task<UserRow> CreateAsync(Actor actor, NewUser input, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, "创建账户", ct);
        var role = input.Role?.Trim() ?? "";
        if (!Roles.All.Contains(role))
            throw new DomainException("请选择角色。");
        var userName = Guard(input.UserName, "用户名", 40);
        var displayName = Guard(input.DisplayName, "姓名", 40);
        int? unitId = null;
        if (Roles.IsUnitRole(role))
        {
            if (input.UnitId is not { } id)
                throw new DomainException($"“{role}”必须选择所属单位。");
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Units.AnyAsync(u => u.Id == id && u.IsActive, ct))
                throw new DomainException("所选单位不存在或已停用。");
            unitId = id;
        }
        else if (input.UnitId is not null)
        {
            throw new DomainException($"“{role}”不属于任何单位，请不要选择单位。");
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName, UnitId = unitId };
        Check(await users.CreateAsync(user, input.Password ?? ""));
        Check(await users.AddToRoleAsync(user, role));
        // The administrator knows this password; its owner chooses their own at the first sign-in.
        await AccountPasswords.RequireChangeAsync(users, user);
        await audit.RecordAsync(AccessActions.UserCreated, userName,
            $"创建账户 {userName}（{displayName}，{role}{(unitId is null ? "" : $"，单位编号{unitId}")}）", actor, CancellationToken.None);
        return (await ListAsync(actor, ct)).Single(r => r.Id == user.Id);
    }

    /// <summary>Sets a new password, lifts a lockout and ends the account's sessions.</summary>
    public async Task ResetPasswordAsync(Actor actor, string userId, string newPassword, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, "重置密码", ct);
        var user = await FindAsync(userId);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, newPassword ?? ""));
        // At once after the stamp changed: see EndSessionsAsync.
        circuits.EndSessions(user.Id, SessionEndReasons.Ended);
        await AccountPasswords.RequireChangeAsync(users, user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(AccessActions.PasswordReset, user.UserName!, $"重置账户 {user.UserName} 的密码并结束其会话", actor, CancellationToken.None);
    }

    /// <summary>Disables (ending every session within seconds) or enables an account.</summary>
    public async Task SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, disabled ? "停用账户" : "启用账户", ct);
        var user = await FindAsync(userId);
        if (disabled && user.Id == actor.UserId)
            throw new DomainException("不能停用自己的账户。");
        if (user.IsDisabled == disabled)
            return;
        if (disabled && (await users.GetRolesAsync(user)).Contains(Roles.Admin)
            && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => !u.IsDisabled) <= 1)
            throw new DomainException("这是最后一个可用的管理员账户，不能停用。");
        user.IsDisabled = disabled;
        Check(await users.UpdateAsync(user));
        if (disabled)
        {
            // The circuits are ended now, saying why (see EndSessionsAsync); a new stamp invalidates the cookie on its
            // next check.
            circuits.EndSessions(user.Id, SessionEndReasons.Disabled);
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await audit.RecordAsync(disabled ? AccessActions.UserDisabled : AccessActions.UserEnabled, user.UserName!,
            $"{(disabled ? "停用" : "启用")}账户 {user.UserName}", actor, CancellationToken.None);
    }

    /// <summary>Signs the account out everywhere: cookies stop validating and open pages close.</summary>
    public async Task<int> EndSessionsAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        await EnsureAdminAsync(actor, "结束会话", ct);
        var user = await FindAsync(userId);
        // The pages are ended (and told why) before the stamp changes: the pages' periodic re-check of the account
        // would otherwise notice the new stamp first and send them to the sign-in page without the reason.
        var ended = circuits.EndSessions(user.Id, SessionEndReasons.Ended);
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(AccessActions.SessionsEnded, user.UserName!, $"结束账户 {user.UserName} 的全部会话（{ended}个打开的页面）", actor, CancellationToken.None);
        return ended;
    }

    private async Task EnsureAdminAsync(Actor actor, string what, CancellationToken ct)
    {
        if (actor.IsIn(Roles.Admin))
            return;
        await audit.RecordAsync(AccessActions.Denied, actor.UserId, $"{actor.Name}无权{what}（账户管理仅限管理员）", actor, CancellationToken.None);
        throw new DomainException("只有督查室管理员可以管理账户。");
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new DomainException("账户不存在，可能已被删除，请刷新页面。");

    private async Task<Dictionary<int, string>> UnitNamesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ShortName ?? u.Name, ct);
    }

    private static string Guard(string? value, string field, int max)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new DomainException($"{field}不能为空。");
        if (trimmed.Length > max)
            throw new DomainException($"{field}不能超过{max}个字。");
        return trimmed;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new DomainException(string.Join("", result.Errors.Select(e => e.Description)));
    }
}
