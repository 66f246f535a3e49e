using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Browser;

/// <summary>
/// The real app on 127.0.0.1 with a fresh temporary database (demo city seeded), driven by Debian's chromium
/// through Playwright. One instance is shared by the browser tests of a collection.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supervision-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _app = SupervisionHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--ConnectionStrings:Supervision", $"Data Source={Path.Combine(_directory, "supervision.db")}",
            "--Reporting:AuditKeyFile", Path.Combine(_directory, "keys", "audit-signing.key"),
            // Every browser test signs in from this address; the throttle is tested on its own host.
            "--Security:SignInPerClientPerMinute", "1000",
            "--Security:SignInPerAccountPerMinute", "1000",
        ]);
        if (!await SupervisionHost.PrepareAsync(_app))
            throw new InvalidOperationException("测试数据库准备失败");
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's chromium, headless, as every browser test drives it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            // The browser's own controls (date inputs, file pickers) follow its UI language, as on an office PC.
            "--lang=zh-CN",
        ],
    });

    /// <summary>A new browser context signed in as <paramref name="userName"/> with the demo password.</summary>
    public Task<IPage> SignInAsync(string userName) => SignInAsync(Browser, BaseUrl, userName);

    /// <summary>A new context of <paramref name="browser"/> signed in on the app at <paramref name="baseUrl"/>.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string userName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", DemoAccounts.DefaultPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>Opens a page of the app and waits until its circuit is live, so clicks are not lost on prerendered HTML.</summary>
    public async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(BaseUrl + path);
        await WaitUntilInteractiveAsync(page);
    }

    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "browser";
}
