using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Demo;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>The embedded default: a fictional city so a newcomer can try everything at once.</summary>
public sealed class DemoOptions
{
    /// <summary>Seed the demo city into an empty database at start-up (<c>Demo__Enabled=false</c> turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Password of every demo account.</summary>
    public string Password { get; set; } = DemoAccounts.DefaultPassword;
}

/// <summary>One demo sign-in as README lists it.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Role, int? UnitId);

/// <summary>Creates one account per role (unit roles for several units) next to the demo city.</summary>
public static class DemoAccounts
{
    public const string DefaultPassword = "Demo@2026duchaxt";

    /// <summary>The accounts for a freshly seeded city: office, leader, and three roles in each demo unit.</summary>
    public static IReadOnlyList<DemoAccount> For(DemoSeedResult city)
    {
        var accounts = new List<DemoAccount>
        {
            new("admin", "系统管理员", Roles.Admin, null),
            new("inspector", "赵文清", Roles.Inspector, null),
            new("leader", "周承远", Roles.CityLeader, null),
        };
        foreach (var unit in city.DemoUnits)
        {
            // Same user names and display names as the actors of the seeded record, so the history reads on.
            accounts.Add(new($"{unit.Code}.operator", unit.OperatorName, Roles.UnitOperator, unit.Id));
            accounts.Add(new($"{unit.Code}.supervisor", unit.SupervisorName, Roles.UnitSupervisor, unit.Id));
            accounts.Add(new($"{unit.Code}.principal", unit.PrincipalName, Roles.UnitPrincipal, unit.Id));
        }

        return accounts;
    }
}

internal static class DemoSetup
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }

        var options = provider.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!options.Enabled)
            return;

        // An installation that already has accounts (an administrator set up outside demo mode, then a restart
        // without Demo__Enabled=false) is not empty: the fictional city must not land in it.
        var users = provider.GetRequiredService<UserManager<AppUser>>();
        if (await users.Users.AnyAsync(ct))
            return;

        var city = await DemoCity.SeedAsync(
            provider.GetRequiredService<IDbContextFactory<SupervisionDbContext>>(),
            provider.GetRequiredService<TimeProvider>(),
            ct);
        if (city is null || await users.Users.AnyAsync(ct))
            return;

        foreach (var account in DemoAccounts.For(city))
        {
            // The id equals the user name so the seeded record (whose actors carry these ids) reads as this account's own history.
            var user = new AppUser { Id = account.UserName, UserName = account.UserName, DisplayName = account.DisplayName, UnitId = account.UnitId };
            var created = await users.CreateAsync(user, options.Password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"演示账户 {account.UserName} 创建失败：{string.Join("；", created.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(user, account.Role);
        }

        provider.GetRequiredService<ILoggerFactory>().CreateLogger("Demo")
            .LogInformation("Demo city {City} seeded with {Accounts} accounts", city.CityName, DemoAccounts.For(city).Count);
    }
}
