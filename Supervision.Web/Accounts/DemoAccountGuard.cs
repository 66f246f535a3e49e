using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Web.Hosting;

namespace Supervision.Web.Accounts;

/// <summary>
/// Demo accounts exist only in demo mode: when a database that was once seeded runs with <c>Demo__Enabled=false</c>,
/// every demo account still holding the published demo password is disabled at start-up, so nobody can sign in
/// with a password printed in the README.
/// </summary>
internal static class DemoAccountGuard
{
    public static async Task<int> DisableDemoAccountsAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var password = services.GetRequiredService<IOptions<DemoOptions>>().Value.Password;
        // Demo accounts are the only ones whose id equals the user name (see DemoSetup); others get GUIDs.
        var candidates = await users.Users.Where(u => u.Id == u.UserName && !u.IsDisabled).ToListAsync(ct);
        var disabled = 0;
        foreach (var user in candidates)
        {
            if (!await users.CheckPasswordAsync(user, password))
                continue;
            user.IsDisabled = true;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            disabled++;
        }

        if (disabled > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Security")
                .LogWarning("演示模式已关闭：{Count} 个仍使用演示密码的演示账户已停用。", disabled);
        return disabled;
    }
}
