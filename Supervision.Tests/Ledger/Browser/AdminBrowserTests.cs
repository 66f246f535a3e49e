using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Tests.Browser;

namespace Supervision.Tests.Ledger.Browser;

/// <summary>The 管理 hub and the 类别 tab of /admin/units in the real app. Next year's categories are added here; no other test reads next year.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminBrowserTests : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static readonly Actor OtherAdmin = new("other-admin", "另一位管理员", new HashSet<string> { Roles.Admin }, null);
    private readonly AppFixture app;

    public AdminBrowserTests(AppFixture app)
    {
        this.app = app;
    }

    private static int ThisYear => ChinaTime.Today(TimeProvider.System).Year;

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.Mouse.MoveAsync(0, 800);
        // The tab slider and button ripples are taken at their end, so the picture shows the page at rest.
        await Screenshots.TakeAsync(page, name);
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=categories] tbody tr[data-category='{name}']");

    private static async Task AddAsync(IPage page, string name)
    {
        await page.Locator("[data-testid=add-category]").ClickAsync();
        await page.Locator("[data-testid=category-name]").FillAsync(name);
        await page.Locator("[data-testid=category-save]").ClickAsync();
    }

    [Fact]
    public async Task The_admin_hub_offers_each_page_the_person_may_use_with_live_figures()
    {
        var admin = await app.SignInAsync("admin", path: "/admin");
        await Assertions.Expect(admin.Locator("[data-testid=admin-directory-figures]")).ToContainTextAsync($"个{ThisYear}年类别");
        await Assertions.Expect(admin.Locator("[data-testid=admin-directory-figures]")).ToContainTextAsync("个启用单位");
        await Assertions.Expect(admin.Locator("[data-testid=admin-account-figures]")).ToContainTextAsync("个正常账户");
        await Assertions.Expect(admin.Locator("[data-testid=admin-audit-figures]")).Not.ToContainTextAsync("…");
        await Assertions.Expect(admin.Locator("[data-testid=admin-access-figures]")).ToContainTextAsync("近7天登录失败");
        await Assertions.Expect(admin.Locator("[data-testid=admin-hub] .admin-card")).ToHaveCountAsync(4);
        await ShotAsync(admin, "admin-hub.png");
        await admin.Locator("[data-testid=link-admin-users]").ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(app.BaseUrl + "/admin/users");
        await admin.Context.CloseAsync();

        // The inspector manages no accounts: no card for them, and the directory card says it is read-only.
        var inspector = await app.SignInAsync("inspector", path: "/admin");
        await Assertions.Expect(inspector.Locator("[data-testid=link-admin-units]")).ToContainTextAsync("由督查室管理员维护");
        await Assertions.Expect(inspector.Locator("[data-testid=admin-hub] .admin-card")).ToHaveCountAsync(2);
        Assert.Equal(0, await inspector.Locator("[data-testid=link-admin-users]").CountAsync());
        Assert.Equal(0, await inspector.Locator("[data-testid=link-admin-access]").CountAsync());
        await inspector.Locator("[data-testid=link-admin-audit]").ClickAsync();
        await Assertions.Expect(inspector).ToHaveURLAsync(app.BaseUrl + "/admin/audit");
        await inspector.Context.CloseAsync();

        // A unit account gets the 无权访问 page, for the hub and for the directory alike.
        var unit = await app.SignInAsync("fgw.operator", path: "/notifications");
        foreach (var path in new[] { "/admin", "/admin/units" })
        {
            await unit.GotoAsync(app.BaseUrl + path);
            Assert.Contains("/account/denied", unit.Url);
            await Assertions.Expect(unit.Locator("[data-testid=access-denied]")).ToContainTextAsync("无权访问");
        }

        await ShotAsync(unit, "admin-hub-denied-unit.png");
        await unit.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admin_sets_up_next_years_categories_on_the_category_tab()
    {
        var next = ThisYear + 1;
        var page = await app.SignInAsync("admin", path: "/admin/units");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "类别" }).ClickAsync();

        // This year's categories, in order, with their task counts; one in use cannot be removed.
        await using var scope = app.Services.CreateAsyncScope();
        var categories = scope.ServiceProvider.GetRequiredService<CategoryService>();
        var thisYears = (await categories.ListAsync(OtherAdmin, ThisYear, TestContext.Current.CancellationToken)).Count;
        Assert.True(thisYears >= 10, $"{thisYears}");
        await Assertions.Expect(page.Locator("[data-testid=categories] tbody tr")).ToHaveCountAsync(thisYears);
        await Assertions.Expect(page.Locator("[data-testid=category-summary]")).ToContainTextAsync($"{ThisYear}年共{thisYears}个类别");
        await Assertions.Expect(page.Locator("[data-testid=categories] tbody tr").First).ToContainTextAsync("主要经济指标");
        await ShotAsync(page, "admin-categories.png");
        await Row(page, "民生实事").Locator("[data-testid=category-remove]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=category-error]")).ToContainTextAsync("类别「民生实事」下还有");
        await Assertions.Expect(page.Locator("[data-testid=category-error]")).ToContainTextAsync("不能删除");
        await Assertions.Expect(Row(page, "民生实事")).ToBeVisibleAsync();

        // Next year starts empty; the admin adds its categories and puts them in order.
        await page.Locator("[data-testid=category-year]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = $"{next}年" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=categories-empty]")).ToContainTextAsync($"{next}年尚未设置类别");
        await AddAsync(page, "民生实事");
        await Assertions.Expect(Row(page, "民生实事")).ToBeVisibleAsync();
        await AddAsync(page, "扩大有效投资");
        await Assertions.Expect(Row(page, "扩大有效投资")).ToBeVisibleAsync();
        await AddAsync(page, "临时类别");
        await Assertions.Expect(Row(page, "临时类别")).ToBeVisibleAsync();
        await Row(page, "扩大有效投资").Locator("[data-testid=category-up]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=categories] tbody tr").First).ToContainTextAsync("扩大有效投资");

        // The same name twice in a year is refused, and what was typed stays in the form.
        await AddAsync(page, "民生 实事");
        await Assertions.Expect(page.Locator("[data-testid=category-error]")).ToContainTextAsync($"{next}年已有类别「民生实事」");
        await Assertions.Expect(page.Locator("[data-testid=category-name]")).ToHaveValueAsync("民生 实事");
        await page.Locator("[data-testid=category-editor]").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "取消" }).ClickAsync();

        // Renamed, then removed while no task uses it.
        await Row(page, "临时类别").Locator("[data-testid=category-edit]").ClickAsync();
        await page.Locator("[data-testid=category-name]").FillAsync("城市建设管理");
        await page.Locator("[data-testid=category-save]").ClickAsync();
        await Assertions.Expect(Row(page, "城市建设管理")).ToBeVisibleAsync();
        await Row(page, "城市建设管理").Locator("[data-testid=category-remove]").ClickAsync();
        await Row(page, "城市建设管理").Locator("[data-testid=category-remove-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=categories] tbody tr")).ToHaveCountAsync(2);

        // Someone else saves while the form is open: this save is refused, saying so.
        await Row(page, "民生实事").Locator("[data-testid=category-edit]").ClickAsync();
        var current = (await categories.ListAsync(OtherAdmin, next, TestContext.Current.CancellationToken)).Single(c => c.Name == "民生实事");
        await categories.SaveAsync(OtherAdmin, current.Id, new CategoryInput { Year = next, Name = "民生实事", SortOrder = current.SortOrder + 10, Version = current.Version }, TestContext.Current.CancellationToken);
        await page.Locator("[data-testid=category-name]").FillAsync("民生实事项目");
        await page.Locator("[data-testid=category-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=category-error]")).ToContainTextAsync("已被他人修改并保存");
        await Assertions.Expect(Row(page, "民生实事")).ToBeVisibleAsync();
        await ShotAsync(page, "admin-categories-next-year.png");
        await page.Context.CloseAsync();

        // The inspector reads the same list but cannot change it.
        var inspector = await app.SignInAsync("inspector", path: "/admin/units");
        await inspector.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "类别" }).ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=categories] tbody tr")).ToHaveCountAsync(thisYears);
        Assert.Equal(0, await inspector.Locator("[data-testid=add-category], [data-testid=category-edit], [data-testid=category-remove]").CountAsync());
        await inspector.Context.CloseAsync();
    }
}
