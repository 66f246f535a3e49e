using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Accounts;
using Supervision.Web.Hosting;
using Supervision.Web.Security;

namespace Supervision.Tests.Security;

public sealed class AccountAdministrationTests
{
    [Fact]
    public async Task Outside_demo_mode_there_is_no_account_and_the_first_admin_needs_the_printed_setup_code()
    {
        await using var host = await SecurityHost.CreateAsync();
        var firstRun = host.Services.GetRequiredService<FirstRun>();
        await firstRun.PrepareAsync(TestContext.Current.CancellationToken);
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.ToListAsync(TestContext.Current.CancellationToken));
        Assert.True(firstRun.Pending);
        var code = firstRun.Code!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        Assert.Equal(["设置码不正确。设置码在服务器启动时打印在控制台（日志）中。"],
            await firstRun.CreateAdminAsync("AAAA-BBBB-CCCC", "chief", "主任", "Hq9#river-Lantern", "Hq9#river-Lantern", TestContext.Current.CancellationToken));
        Assert.Equal(["两次输入的密码不一致。"],
            await firstRun.CreateAdminAsync(code, "chief", "主任", "Hq9#river-Lantern", "Hq9#river-Lanterm", TestContext.Current.CancellationToken));
        Assert.Contains("该密码属于常见弱密码，很容易被猜中，请换一个。",
            await firstRun.CreateAdminAsync(code, "chief", "主任", "Admin@123456", "Admin@123456", TestContext.Current.CancellationToken));
        Assert.Empty(await firstRun.CreateAdminAsync(code.ToLowerInvariant(), "chief", "主任", "Hq9#river-Lantern", "Hq9#river-Lantern", TestContext.Current.CancellationToken));

        Assert.False(firstRun.Pending);
        Assert.Equal(["管理员账户已经设置，请直接登录。"],
            await firstRun.CreateAdminAsync(code, "intruder", "x", "Hq9#river-Lantern", "Hq9#river-Lantern", TestContext.Current.CancellationToken));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admins = await users.GetUsersInRoleAsync(Roles.Admin);
            Assert.Equal("chief", Assert.Single(admins).UserName);
            Assert.Null(await users.FindByNameAsync("intruder"));
        }

        var recorded = Assert.Single(await host.AccessEventsAsync());
        Assert.Equal(AccessActions.FirstAdmin, recorded.Action);
        Assert.Equal(DateTimeKind.Utc, recorded.OccurredAt.Kind);
    }

    [Fact]
    public async Task Access_events_are_links_of_the_tamper_evident_chain_in_UTC()
    {
        await using var host = await SecurityHost.CreateAsync();
        var anonymous = new Actor("", "匿名", new HashSet<string>(), null);
        var audit = host.Services.GetRequiredService<AccessAudit>();
        await audit.RecordAsync(AccessActions.LoginFailed, "mallory", "登录失败：mallory", anonymous, TestContext.Current.CancellationToken);
        await audit.RecordAsync(AccessActions.Denied, "insp", "拒绝访问：/admin/users", new Actor("insp", "督查员甲", new HashSet<string> { Roles.Inspector }, null), TestContext.Current.CancellationToken);
        await audit.RecordAsync(AccessActions.UserDisabled, "op1", "停用账户 op1", SecurityHost.AdminActor(), TestContext.Current.CancellationToken);

        var events = await host.AccessEventsAsync();
        Assert.Equal([AccessActions.LoginFailed, AccessActions.Denied, AccessActions.UserDisabled], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        Assert.All(events.Skip(1).Zip(events), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        var verification = await host.Services.GetRequiredService<Supervision.Core.Audit.AuditService>().VerifyAsync(SecurityHost.AdminActor(), TestContext.Current.CancellationToken);
        Assert.True(verification.Intact, verification.Describe());
        Assert.Equal(3, verification.Count);

        // The database itself refuses to rewrite or drop one.
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEvents SET Summary = '登录成功' WHERE Action = 'access.login-failed'", TestContext.Current.CancellationToken));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents WHERE Action = 'access.denied'", TestContext.Current.CancellationToken));
        Assert.Equal(3, (await host.AccessEventsAsync()).Count);
    }

    [Fact]
    public async Task Demo_accounts_still_holding_the_demo_password_are_disabled_when_demo_mode_is_off()
    {
        await using var host = await SecurityHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        // As DemoSetup created them: id = user name, the published password.
        var demo = new AppUser { Id = "inspector", UserName = "inspector", DisplayName = "赵文清" };
        Assert.True((await users.CreateAsync(demo, DemoAccounts.DefaultPassword)).Succeeded);
        var changed = new AppUser { Id = "leader", UserName = "leader", DisplayName = "周承远" };
        Assert.True((await users.CreateAsync(changed, "Hq9#river-Lantern")).Succeeded);
        var ordinary = await host.CreateUserAsync("chief", Roles.Admin);

        Assert.Equal(1, await DemoAccountGuard.DisableDemoAccountsAsync(scope.ServiceProvider, TestContext.Current.CancellationToken));

        Assert.True((await users.FindByIdAsync("inspector"))!.IsDisabled);
        Assert.False((await users.FindByIdAsync("leader"))!.IsDisabled);
        Assert.False((await users.FindByIdAsync(ordinary))!.IsDisabled);
    }

    [Fact]
    public async Task Only_an_admin_manages_accounts_and_each_refusal_is_recorded()
    {
        await using var host = await SecurityHost.CreateAsync();
        var target = await host.CreateUserAsync("op1", Roles.Inspector);
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var inspector = new Actor("insp", "督查员甲", new HashSet<string> { Roles.Inspector }, null);

        await Assert.ThrowsAsync<DomainException>(() => admin.ListAsync(inspector, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(inspector, new NewUser { UserName = "x1", DisplayName = "x", Role = Roles.Admin, Password = "Hq9#river-Lantern" }, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<DomainException>(() => admin.ResetPasswordAsync(inspector, target, "Hq9#river-Lantern", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<DomainException>(() => admin.SetDisabledAsync(inspector, target, true, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<DomainException>(() => admin.EndSessionsAsync(inspector, target, TestContext.Current.CancellationToken));

        var denials = (await host.AccessEventsAsync()).Where(e => e.Action == AccessActions.Denied).ToList();
        Assert.Equal(5, denials.Count);
        Assert.All(denials, d => Assert.Equal("insp", d.ActorId));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Null(await users.FindByNameAsync("x1"));
        Assert.False((await users.FindByIdAsync(target))!.IsDisabled);
    }

    [Fact]
    public async Task Unit_roles_need_an_active_unit_and_office_roles_none()
    {
        await using var host = await SecurityHost.CreateAsync();
        int unitId;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var unit = new Unit("市发展和改革委员会", UnitKind.Department, 1, "市发展改革委");
            db.Units.Add(unit);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            unitId = unit.Id;
        }

        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var actor = SecurityHost.AdminActor();
        var noUnit = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(actor, new NewUser { UserName = "op", DisplayName = "联络员", Role = Roles.UnitOperator, Password = "Hq9#river-Lantern" }, TestContext.Current.CancellationToken));
        Assert.Equal("“单位联络员”必须选择所属单位。", noUnit.Message);
        var missingUnit = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(actor, new NewUser { UserName = "op", DisplayName = "联络员", Role = Roles.UnitOperator, UnitId = 9999, Password = "Hq9#river-Lantern" }, TestContext.Current.CancellationToken));
        Assert.Equal("所选单位不存在或已停用。", missingUnit.Message);
        var officeWithUnit = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(actor, new NewUser { UserName = "insp", DisplayName = "督查员", Role = Roles.Inspector, UnitId = unitId, Password = "Hq9#river-Lantern" }, TestContext.Current.CancellationToken));
        Assert.Equal("“督查员”不属于任何单位，请不要选择单位。", officeWithUnit.Message);
        var weak = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(actor, new NewUser { UserName = "op", DisplayName = "联络员", Role = Roles.UnitOperator, UnitId = unitId, Password = "12345678901" }, TestContext.Current.CancellationToken));
        Assert.Contains("常见弱密码", weak.Message);

        var created = await admin.CreateAsync(actor, new NewUser { UserName = "fgw.op2", DisplayName = "联络员乙", Role = Roles.UnitOperator, UnitId = unitId, Password = "Hq9#river-Lantern" }, TestContext.Current.CancellationToken);
        Assert.Equal(Roles.UnitOperator, created.Role);
        Assert.Equal(unitId, created.UnitId);
        // Listed and offered by the short name every other page uses.
        Assert.Equal("市发展改革委", created.Unit);
        Assert.Equal([(unitId, "市发展改革委")], await admin.UnitsAsync(actor, TestContext.Current.CancellationToken));
        Assert.Contains(await host.AccessEventsAsync(), e => e.Action == AccessActions.UserCreated && e.Summary.Contains("fgw.op2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_pages_invalidates_its_cookie_and_refuses_the_last_admin()
    {
        await using var host = await SecurityHost.CreateAsync();
        var adminId = await host.CreateUserAsync("chief", Roles.Admin);
        var userId = await host.CreateUserAsync("insp1", Roles.Inspector);
        var registry = host.Services.GetRequiredService<CircuitRegistry>();
        var navigated = new List<string>();
        registry.Register("c1", userId, navigated.Add);
        registry.Register("c2", userId, navigated.Add);
        registry.Register("c3", adminId, navigated.Add);

        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByIdAsync(userId))!);
        var identity = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        Assert.True(await RevalidatingAuthentication.IsStillValidAsync(users, principal, identity));

        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var adminActor = SecurityHost.AdminActor(adminId);
        await admin.SetDisabledAsync(adminActor, userId, true, TestContext.Current.CancellationToken);

        Assert.Equal([SessionEndReasons.Disabled, SessionEndReasons.Disabled], navigated);
        Assert.Empty(registry.Of(userId));
        Assert.Single(registry.Of(adminId));
        Assert.False(await RevalidatingAuthentication.IsStillValidAsync(users, principal, identity));
        var self = await Assert.ThrowsAsync<DomainException>(() => admin.SetDisabledAsync(adminActor, adminId, true, TestContext.Current.CancellationToken));
        Assert.Equal("不能停用自己的账户。", self.Message);
        var last = await Assert.ThrowsAsync<DomainException>(() => admin.SetDisabledAsync(SecurityHost.AdminActor("someone-else"), adminId, true, TestContext.Current.CancellationToken));
        Assert.Equal("这是最后一个可用的管理员账户，不能停用。", last.Message);

        await admin.SetDisabledAsync(adminActor, userId, false, TestContext.Current.CancellationToken);
        Assert.False((await users.FindByIdAsync(userId))!.IsDisabled);
        var actions = (await host.AccessEventsAsync()).Select(e => e.Action).ToList();
        Assert.Contains(AccessActions.UserDisabled, actions);
        Assert.Contains(AccessActions.UserEnabled, actions);
    }

    [Fact]
    public async Task Ending_sessions_and_resetting_a_password_invalidate_existing_sign_ins_and_lift_a_lockout()
    {
        await using var host = await SecurityHost.CreateAsync();
        var userId = await host.CreateUserAsync("insp1", Roles.Inspector);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var identity = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var registry = host.Services.GetRequiredService<CircuitRegistry>();
        var ended = new List<string>();
        registry.Register("c1", userId, ended.Add);

        var before = await factory.CreateAsync((await users.FindByIdAsync(userId))!);
        Assert.Equal(1, await admin.EndSessionsAsync(SecurityHost.AdminActor(), userId, TestContext.Current.CancellationToken));
        Assert.Equal([SessionEndReasons.Ended], ended);
        Assert.False(await RevalidatingAuthentication.IsStillValidAsync(users, before, identity));

        var user = (await users.FindByIdAsync(userId))!;
        for (var i = 0; i < 5; i++)
            await users.AccessFailedAsync(user);
        Assert.True(await users.IsLockedOutAsync(user));
        var second = await factory.CreateAsync(user);
        await admin.ResetPasswordAsync(SecurityHost.AdminActor(), userId, "Hq9#river-Lantern", TestContext.Current.CancellationToken);
        user = (await users.FindByIdAsync(userId))!;
        Assert.False(await users.IsLockedOutAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, "Hq9#river-Lantern"));
        Assert.False(await RevalidatingAuthentication.IsStillValidAsync(users, second, identity));

        var weak = await Assert.ThrowsAsync<DomainException>(() => admin.ResetPasswordAsync(SecurityHost.AdminActor(), userId, "short", TestContext.Current.CancellationToken));
        Assert.Contains("密码至少需要10个字符。", weak.Message);
        var actions = (await host.AccessEventsAsync()).Select(e => e.Action).ToList();
        Assert.Contains(AccessActions.SessionsEnded, actions);
        Assert.Contains(AccessActions.PasswordReset, actions);
    }
}
