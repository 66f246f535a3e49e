using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Web.Accounts;

/// <summary>
/// Outside the demo there is no default administrator password: until an administrator exists, the app prints a
/// one-time setup code to its console at start-up, and /setup (with that code) creates the first administrator.
/// Whoever can read the server's console is the one who sets it, not whoever reaches the page first.
/// </summary>
public sealed class FirstRun(IServiceScopeFactory scopes, ILogger<FirstRun> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _code;

    /// <summary>True while no administrator exists (the setup code is then set).</summary>
    public bool Pending => _code is not null;

    /// <summary>The current one-time code (tests read it; people read the console).</summary>
    internal string? Code => _code;

    /// <summary>Called at start-up: when no administrator exists, makes a setup code and prints it.</summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Any(u => !u.IsDisabled))
        {
            _code = null;
            return;
        }

        // 12 characters from an alphabet without look-alikes: easy to type, ~60 bits, valid until used.
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var code = string.Create(14, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = i is 4 or 9 ? '-' : alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
        _code = code;
        logger.LogWarning("尚未设置管理员账户。请在浏览器中打开 /setup，输入设置码 {Code} 设置首个管理员的密码。", code);
        await Console.Out.WriteLineAsync($"首次启动：请打开 /setup 并输入设置码 {code} 设置管理员密码。");
    }

    /// <summary>Creates the first administrator; returns Chinese errors, empty on success.</summary>
    public async Task<IReadOnlyList<string>> CreateAdminAsync(string code, string userName, string displayName, string password, string confirm, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var expected = _code;
            if (expected is null)
                return ["管理员账户已经设置，请直接登录。"];
            if (!CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(Normalize(code)), System.Text.Encoding.UTF8.GetBytes(expected)))
                return ["设置码不正确。设置码在服务器启动时打印在控制台（日志）中。"];
            if (password != confirm)
                return ["两次输入的密码不一致。"];

            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var name = string.IsNullOrWhiteSpace(displayName) ? "系统管理员" : displayName.Trim();
            var user = new AppUser { UserName = userName.Trim(), DisplayName = name.Length > 40 ? name[..40] : name };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                return created.Errors.Select(e => e.Description).ToList();
            await users.AddToRoleAsync(user, Roles.Admin);
            _code = null;
            var actor = new Actor(user.Id, user.DisplayName, new HashSet<string> { Roles.Admin }, null);
            await scope.ServiceProvider.GetRequiredService<AccessAudit>()
                .RecordAsync(AccessActions.FirstAdmin, user.UserName!, $"首次启动设置管理员账户 {user.UserName}", actor, CancellationToken.None);
            return [];
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Normalize(string code) => code.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
}
