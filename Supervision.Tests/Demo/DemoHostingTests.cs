using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Tests.Security;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Demo;

/// <summary>The demo city as the real host seeds it at start-up: only into a database with nothing in it.</summary>
public sealed class DemoHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Units, int Tasks, int Events, List<string> Users)> ContentsAsync(SecurityHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        await using var scope = host.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.Select(u => u.UserName!).ToListAsync(Ct);
        // Events the record writes about itself (the first signed checkpoint) are not content.
        return (await db.Units.CountAsync(Ct), await db.Tasks.CountAsync(Ct), await db.AuditEvents.CountAsync(e => !e.Action.StartsWith("audit."), Ct), users);
    }

    /// <summary>A second host on the first one's database file, started with the demo switched on.</summary>
    private static Task<SecurityHost> RestartWithDemoAsync(SecurityHost first) =>
        SecurityHost.CreateAsync(demo: true, extra: ["--ConnectionStrings:Supervision", $"Data Source={first.DatabasePath}", "--Reporting:AuditKeyFile", Path.Combine(first.Directory, "keys", "audit-signing.key")]);

    [Fact]
    public async Task With_the_switch_off_a_fresh_database_gets_its_schema_and_nothing_else()
    {
        await using var host = await SecurityHost.CreateAsync(demo: false);
        var (units, tasks, events, users) = await ContentsAsync(host);
        Assert.Equal((0, 0, 0), (units, tasks, events));
        Assert.Empty(users);
    }

    [Fact]
    public async Task A_database_that_only_has_an_administrator_is_not_seeded_when_the_demo_is_switched_back_on()
    {
        // Set up for real (no demo), the administrator created, nothing registered yet; then a restart that forgot
        // Demo__Enabled=false.
        await using var production = await SecurityHost.CreateAsync(demo: false);
        await production.CreateUserAsync("chief", Roles.Admin);

        await using var restarted = await RestartWithDemoAsync(production);

        var (units, tasks, events, users) = await ContentsAsync(restarted);
        Assert.Equal((0, 0, 0), (units, tasks, events));
        Assert.Equal(["chief"], users);
    }

    [Fact]
    public async Task A_database_that_only_has_access_records_is_not_seeded_either()
    {
        await using var production = await SecurityHost.CreateAsync(demo: false);
        await using (var scope = production.Services.CreateAsyncScope())
        {
            var stranger = new Actor("", "匿名", new HashSet<string>(), null);
            await scope.ServiceProvider.GetRequiredService<AccessAudit>().RecordAsync(AccessActions.LoginFailed, "someone", "登录失败：someone", stranger, Ct);
        }

        await using var restarted = await RestartWithDemoAsync(production);

        var (units, tasks, events, users) = await ContentsAsync(restarted);
        Assert.Equal((0, 0, 1), (units, tasks, events));
        Assert.Empty(users);
    }

    [Fact]
    public async Task An_empty_database_started_with_the_demo_gets_the_city_and_its_accounts()
    {
        await using var empty = await SecurityHost.CreateAsync(demo: false);
        await using var restarted = await RestartWithDemoAsync(empty);

        var (units, tasks, _, users) = await ContentsAsync(restarted);
        Assert.InRange(units, 35, 45);
        Assert.InRange(tasks, 90, 130);
        Assert.Contains("inspector", users);
    }
}
