using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Tests.Browser;
using Supervision.Web.Accounts;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Security;

/// <summary>What a person sees when refused, in a real browser: a Chinese 无权访问 page (never a blank page or a login loop), and the lockout message.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserAccessTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private async Task<int> DenialsAsync(string contains)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.AuditEvents.CountAsync(e => e.EntityType == nameof(AccessEvent) && e.Action == AccessActions.Denied && e.Summary.Contains(contains), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_unit_account_typing_an_office_address_gets_a_Chinese_no_access_page_and_the_refusal_is_recorded()
    {
        var page = await app.SignInAsync("fgw.supervisor", path: "/notifications");
        var before = await DenialsAsync("/admin/users");
        await page.GotoAsync(app.BaseUrl + "/admin/users");
        Assert.Contains("/account/denied", page.Url);
        var notice = page.Locator("[data-testid=access-denied]");
        await notice.WaitForAsync();
        var text = await notice.InnerTextAsync();
        Assert.Contains("无权访问", text);
        Assert.Contains("/admin/users", text);
        Assert.Contains("单位主管领导", text);
        await Screenshots.TakeAsync(page, "security-denied.png");
        Assert.True(await DenialsAsync("/admin/users") > before);

        // 返回首页 leads back into the app (no loop through the sign-in page).
        await page.ClickAsync("a.denied-home");
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await AppFixture.WaitUntilInteractiveAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Navigating_inside_an_open_page_to_a_page_not_for_the_role_shows_the_same_notice_and_records_it()
    {
        var page = await app.SignInAsync("fgw.operator", path: "/tasks");
        var before = await DenialsAsync("打开页面 /tasks/import");
        // An in-app navigation (no HTTP request for the page): the interactive router decides.
        await page.EvaluateAsync("() => Blazor.navigateTo('/tasks/import')");
        var notice = page.Locator("[data-testid=access-denied]");
        await notice.WaitForAsync();
        Assert.Contains("无权访问", await notice.InnerTextAsync());
        Assert.EndsWith("/tasks/import", page.Url, StringComparison.Ordinal);
        // Still inside the app's frame (menu and all), not a blank page.
        Assert.True(await page.Locator("nav, .mud-navmenu").CountAsync() > 0);
        await Screenshots.TakeAsync(page, "security-denied-in-page.png");
        for (var i = 0; i < 50 && await DenialsAsync("打开页面 /tasks/import") == before; i++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.True(await DenialsAsync("打开页面 /tasks/import") > before);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_show_the_lockout_message_and_the_right_password_is_then_refused()
    {
        const string account = "gxq.principal";
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await page.GotoAsync(app.BaseUrl + "/account/login");
                await page.FillAsync("#username", account);
                await page.FillAsync("#password", "Wrong#Password" + i);
                await page.ClickAsync("button[type=submit]");
                await page.Locator(".login-error").WaitForAsync();
            }

            Assert.Contains("账户已被锁定15分钟", await page.InnerTextAsync(".login-error"));
            // The typed password is never sent back.
            Assert.Equal("", await page.InputValueAsync("#password"));
            await Screenshots.TakeAsync(page, "security-login-locked.png");

            await page.FillAsync("#username", account);
            await page.FillAsync("#password", DemoAccounts.DefaultPassword);
            await page.ClickAsync("button[type=submit]");
            await page.Locator(".login-error").WaitForAsync();
            Assert.Contains("账户已被锁定", await page.InnerTextAsync(".login-error"));
            Assert.Contains("/account/login", page.Url);
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(account))!;
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await context.CloseAsync();
        }
    }
}
