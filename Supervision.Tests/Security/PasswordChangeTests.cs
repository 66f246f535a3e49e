using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

/// <summary>Self-service password change, and the change forced after an administrator set the password.</summary>
public sealed class PasswordChangeTests
{
    private const string Initial = "Hq9#river-Lantern";
    private const string Chosen = "Mz4$harbor-Willow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_password_an_administrator_set_must_be_changed_by_its_owner_and_the_change_lifts_the_obligation()
    {
        await using var host = await SecurityHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var passwords = scope.ServiceProvider.GetRequiredService<AccountPasswords>();

        var created = await admin.CreateAsync(SecurityHost.AdminActor(), new NewUser { UserName = "insp9", DisplayName = "钱督查", Role = Roles.Inspector, Password = Initial }, Ct);
        var principal = await claims.CreateAsync((await users.FindByIdAsync(created.Id))!);
        Assert.True(AccountPasswords.MustChangeNow(principal));

        var actor = CurrentActor.FromPrincipal(principal);
        await passwords.ChangeOwnAsync(actor, Initial, Chosen, Chosen, Ct);
        var user = (await users.FindByIdAsync(created.Id))!;
        Assert.False(AccountPasswords.MustChangeNow(await claims.CreateAsync(user)));
        Assert.True(await users.CheckPasswordAsync(user, Chosen));
        Assert.False(await users.CheckPasswordAsync(user, Initial));
        var changed = Assert.Single(await host.AccessEventsAsync(), e => e.Action == AccessActions.PasswordChanged);
        Assert.Equal(created.Id, changed.ActorId);

        // A reset by the administrator puts the obligation back.
        await admin.ResetPasswordAsync(SecurityHost.AdminActor(), created.Id, Initial, Ct);
        Assert.True(AccountPasswords.MustChangeNow(await claims.CreateAsync((await users.FindByIdAsync(created.Id))!)));
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_a_policy_password_and_the_same_confirmation()
    {
        await using var host = await SecurityHost.CreateAsync();
        var id = await host.CreateUserAsync("op7", Roles.Inspector, password: Initial);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var passwords = scope.ServiceProvider.GetRequiredService<AccountPasswords>();
        var actor = new Actor(id, "op7", new HashSet<string> { Roles.Inspector }, null);

        async Task<string> Refused(string? current, string? next, string? confirm) =>
            (await Assert.ThrowsAsync<DomainException>(() => passwords.ChangeOwnAsync(actor, current, next, confirm, Ct))).Message;

        Assert.Equal("当前密码不正确。", await Refused("Wrong#pass-2026", Chosen, Chosen));
        Assert.Equal("两次输入的新密码不一致。", await Refused(Initial, Chosen, Chosen + "x"));
        Assert.Equal("新密码不能与当前密码相同。", await Refused(Initial, Initial, Initial));
        Assert.Equal("请输入当前密码。", await Refused("", Chosen, Chosen));
        Assert.Contains("常见弱密码", await Refused(Initial, "Password123!", "Password123!"));
        Assert.Contains("密码至少需要10个字符。", await Refused(Initial, "Ab#1", "Ab#1"));

        // Nothing changed; the wrong current password counts towards the lockout and is in the access record.
        var user = (await users.FindByIdAsync(id))!;
        Assert.True(await users.CheckPasswordAsync(user, Initial));
        Assert.Equal(1, await users.GetAccessFailedCountAsync(user));
        Assert.Single(await host.AccessEventsAsync(), e => e.Action == AccessActions.PasswordChangeFailed);
        Assert.DoesNotContain(await host.AccessEventsAsync(), e => e.Action == AccessActions.PasswordChanged);

        // An actor that is no account (or a disabled one) changes nothing.
        var stranger = new Actor("nobody", "无名", new HashSet<string> { Roles.Admin }, null);
        var refused = await Assert.ThrowsAsync<DomainException>(() => passwords.ChangeOwnAsync(stranger, Initial, Chosen, Chosen, Ct));
        Assert.Equal("只有已登录的有效账户可以修改自己的密码。", refused.Message);
    }

    [Fact]
    public async Task An_account_with_an_administrators_password_reaches_no_page_before_choosing_its_own()
    {
        await using var host = await SecurityHost.CreateAsync(start: true);
        await host.CreateUserAsync("chief", Roles.Admin);
        await host.Services.GetRequiredService<FirstRun>().PrepareAsync(Ct);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(SecurityHost.AdminActor(),
                new NewUser { UserName = "insp8", DisplayName = "孙督查", Role = Roles.Inspector, Password = Initial }, Ct);
        }

        using var session = new HttpSession(host.BaseUrl);
        await session.SignInAsync("insp8", Initial);

        // Every page and every download sends the person to the password page; other requests are refused.
        foreach (var path in new[] { "/", "/tasks", "/tasks/export.xlsx" })
        {
            var (status, _, response) = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal($"/account/password?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.ToString());
        }

        var page = await session.GetAsync("/account/password?returnUrl=%2Ftasks");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("您的密码由管理员设置", page.Body);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/css/app.css")).Status);

        var token = await session.TokenOfAsync("/account/password");
        var mismatch = await Post(session, token, Initial, Chosen, Chosen + "!");
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("两次输入的新密码不一致。", WebUtility.HtmlDecode(await mismatch.Content.ReadAsStringAsync(Ct)));

        var done = await Post(session, await session.TokenOfAsync("/account/password"), Initial, Chosen, Chosen);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.EndsWith("/account/password?done=1&returnUrl=%2Ftasks", done.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The renewed cookie opens the app; the old password no longer signs in.
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/tasks")).Status);
        using var other = new HttpSession(host.BaseUrl);
        Assert.NotEqual(HttpStatusCode.Redirect, (await other.PostLoginAsync("insp8", Initial)).StatusCode);
        await other.SignInAsync("insp8", Chosen);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/")).Status);
    }

    private static Task<HttpResponseMessage> Post(HttpSession session, string token, string current, string next, string confirm) =>
        session.Client.PostAsync("/account/password?returnUrl=%2Ftasks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "password",
            ["__RequestVerificationToken"] = token,
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = confirm,
        }), Ct);
}
