using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Domain;
using Supervision.Tests.Browser;
using Supervision.Web.Accounts;
using Supervision.Web.Security;

namespace Supervision.Tests.Security;

/// <summary>
/// These tests disable accounts and end sessions on the shared browser app: the collection runs one test at a time,
/// so no other test has a page open meanwhile, and each test gives the account back enabled.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSecurityTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static readonly Actor Admin = new("admin", "系统管理员", new HashSet<string> { Roles.Admin }, null);

    private async Task<string> UserIdAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!.Id;
    }

    private async Task WaitForCircuitAsync(string userId)
    {
        var registry = app.Services.GetRequiredService<CircuitRegistry>();
        for (var i = 0; i < 100 && registry.Of(userId).Count == 0; i++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.NotEmpty(registry.Of(userId));
    }

    [Fact]
    public async Task The_app_runs_under_its_Content_Security_Policy_without_a_single_violation()
    {
        // Signed in on a light page: the pages checked are those opened below, once the listeners are on.
        var page = await app.SignInAsync("inspector", path: "/notifications");
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
                violations.Add(m.Text);
        };
        page.PageError += (_, e) => violations.Add(e);
        var keepAlives = new List<int>();
        page.Response += (_, r) =>
        {
            if (r.Url.EndsWith("/account/keepalive", StringComparison.Ordinal))
                keepAlives.Add(r.Status);
        };
        foreach (var path in new[] { "/", "/tasks", "/feedback", "/reports", "/admin" })
        {
            await page.GotoAsync(app.BaseUrl + path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // Interactivity works (SignalR over the WebSocket the CSP allows): an in-app navigation without a reload.
        await page.ClickAsync("a[href='/tasks']");
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/tasks");
        Assert.Equal("connected", await page.EvaluateAsync<string>("() => document.querySelector('#components-reconnect-modal') ? 'reconnecting' : 'connected'"));
        Assert.Empty(violations);
        // Working inside the page renews the sliding sign-in cookie.
        Assert.Contains(204, keepAlives);
    }

    [Fact]
    public async Task A_disabled_users_open_page_is_closed_within_60_seconds()
    {
        var page = await app.SignInAsync("gxq.operator", path: "/notifications");
        var userId = await UserIdAsync("gxq.operator");
        await WaitForCircuitAsync(userId);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(Admin, userId, true, TestContext.Current.CancellationToken);
        try
        {
            await WaitUntilSentToSignInAsync(page, userId, TimeSpan.FromSeconds(60));
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("该账户已停用");
            // And going back does not get in: the cookie's security stamp changed.
            await page.GotoAsync(app.BaseUrl + "/tasks");
            Assert.Contains("/account/login", page.Url);
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(Admin, userId, false, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_page_of_an_account_disabled_behind_the_apps_back_still_closes_within_60_seconds()
    {
        // Disabled straight in the account store (another server, a script): no direct close reaches the page, so
        // the periodic re-check of the account is what must end it in time.
        var page = await app.SignInAsync("fgw.supervisor", path: "/notifications");
        var userId = await UserIdAsync("fgw.supervisor");
        await WaitForCircuitAsync(userId);
        await SetDisabledInStoreAsync(userId, true);
        try
        {
            await WaitUntilSentToSignInAsync(page, userId, TimeSpan.FromSeconds(60));
            await page.GotoAsync(app.BaseUrl + "/tasks");
            Assert.Contains("/account/login", page.Url);
        }
        finally
        {
            await SetDisabledInStoreAsync(userId, false);
        }
    }

    /// <summary>
    /// Waits until the page has left for the sign-in screen (the navigation committed: what "closed" means to the person;
    /// the sign-in page's own loading is not part of the limit). On time-out, says where the page stayed and what the
    /// server knows of the account's pages.
    /// </summary>
    private async Task WaitUntilSentToSignInAsync(IPage page, string userId, TimeSpan limit)
    {
        try
        {
            // Polls the address: WaitForURL with Commit never returns when the page committed before the call (a
            // closed page often has), as it then waits for a "commit" load state that has passed.
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new PageAssertionsToHaveURLOptions { Timeout = (float)limit.TotalMilliseconds });
        }
        catch (PlaywrightException ex)
        {
            var circuits = app.Services.GetRequiredService<CircuitRegistry>().All.Where(c => c.UserId == userId)
                .Select(c => $"{c.CircuitId}: 打开于{c.OpenedAt:HH:mm:ss}，最后活动{c.LastActivity:HH:mm:ss}，结束原因{c.EndedBecause ?? "无"}（{c.EndedAt:HH:mm:ss}）");
            throw new TimeoutException($"{limit.TotalSeconds}秒内页面未转到登录页，仍在 {page.Url}。该账户的页面：{string.Join("；", circuits)}", ex);
        }
    }

    private async Task SetDisabledInStoreAsync(string userId, bool disabled)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        user.IsDisabled = disabled;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    [Fact]
    public async Task The_admin_ends_another_users_sessions_from_the_users_page()
    {
        var victim = await app.SignInAsync("landong.operator", path: "/notifications");
        await WaitForCircuitAsync(await UserIdAsync("landong.operator"));
        // Signed in straight to the users page, once its circuit is live: a click on the prerendered button would be lost.
        var admin = await app.SignInAsync("admin", path: "/admin/users");
        var row = admin.Locator("tr[data-user='landong.operator']");
        await row.WaitForAsync();
        await Screenshots.TakeAsync(admin, "security-users.png");

        await row.Locator("[data-testid=end-sessions]").ClickAsync();
        await WaitUntilSentToSignInAsync(victim, await UserIdAsync("landong.operator"), TimeSpan.FromSeconds(30));
        await Assertions.Expect(victim.Locator("body")).ToContainTextAsync("您的会话已被管理员结束");
        await admin.Locator(".mud-snackbar").First.WaitForAsync();
        Assert.Contains("已结束 landong.operator 的会话", await admin.InnerTextAsync(".mud-snackbar"));
    }

    [Fact]
    public async Task The_admin_creates_an_account_on_the_users_page_and_a_weak_password_is_explained()
    {
        var admin = await app.SignInAsync("admin", path: "/admin/users");
        await admin.Locator("#new-username").WaitForAsync();
        await admin.FillAsync("#new-username", "inspector2");
        await admin.FillAsync("#new-displayname", "钱督查");
        // On a loaded machine a pick can land while the select re-renders, or its list can open and be closed again
        // by that render before it is shown: close whatever is open and pick again until the select shows the role.
        var role = admin.Locator("[data-testid=new-role]");
        var choice = admin.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = Roles.Inspector }).First;
        for (var attempt = 0; attempt < 5 && (await role.InnerTextAsync()).Trim() != Roles.Inspector; attempt++)
        {
            try
            {
                await role.ClickAsync();
                await choice.ClickAsync(new LocatorClickOptions { Timeout = 10_000 });
                // The list closes once the pick is taken; the select shows it from then on, or the pick was lost.
                await choice.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                await admin.Keyboard.PressAsync("Escape");
            }
        }

        await Assertions.Expect(role).ToHaveTextAsync(Roles.Inspector);
        await admin.FillAsync("#new-password", "Password123!");
        await admin.ClickAsync("[data-testid=create]");
        var error = admin.Locator("[data-testid=create-error]");
        await error.WaitForAsync();
        var text = await error.InnerTextAsync();
        Assert.True(text.Contains("常见弱密码", StringComparison.Ordinal), text);
        Assert.Equal("inspector2", await admin.InputValueAsync("#new-username"));
        await Screenshots.TakeAsync(admin, "security-users-create-error.png", fullPage: false);

        await admin.FillAsync("#new-password", "Hq9#river-Lantern");
        await admin.ClickAsync("[data-testid=create]");
        await admin.Locator("tr[data-user='inspector2']").WaitForAsync();
        Assert.Contains(Roles.Inspector, await admin.InnerTextAsync("tr[data-user='inspector2']"));
    }
}

/// <summary>First start outside the demo, in a real browser: the setup code from the console, then sign in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstRunBrowserTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    [Fact]
    public async Task A_fresh_installation_sends_everyone_to_setup_until_an_admin_is_created_with_the_console_code()
    {
        await using var host = await SecurityHost.CreateAsync(start: true);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/");
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "security-setup.png");

        await page.FillAsync("#code", "WRNG-CODE-0000");
        await page.FillAsync("#password", "Hq9#river-Lantern");
        await page.FillAsync("#confirm", "Hq9#river-Lantern");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("设置码不正确", await page.InnerTextAsync(".login-error"));
        await Screenshots.TakeAsync(page, "security-setup-error.png");

        await page.FillAsync("#code", host.Services.GetRequiredService<FirstRun>().Code!);
        await page.FillAsync("#password", "Hq9#river-Lantern");
        await page.FillAsync("#confirm", "Hq9#river-Lantern");
        await page.ClickAsync("button[type=submit]");
        // The address is polled: WaitForURL also waits for the page's load event, and on a busy machine one signed-in
        // landing page had not reported it after 30 s, although its network had gone idle.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "Hq9#river-Lantern");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(host.BaseUrl + "/");
        await page.GotoAsync(host.BaseUrl + "/setup");
        Assert.Contains("管理员账户已经设置", await page.InnerTextAsync("body"));
        await context.CloseAsync();
    }
}
