using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Browser;

/// <summary>
/// The real app on 127.0.0.1 with a fresh temporary database (demo city seeded), driven by Debian's chromium
/// through Playwright. One instance, in one collection (<see cref="BrowserCollection"/>), serves every browser test of
/// the run: starting the app, seeding the demo city and launching chromium is done once, and the browser tests run one
/// after the other beside the rest of the suite. Sharing the database means a test never counts on what another test
/// left (or did not leave) behind: it creates what it needs under names no other test uses.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supervision-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    // An account's signed-in browser state (its cookies), by user name: see SignInAsync.
    private readonly ConcurrentDictionary<string, string> _sessions = new();
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        // Playwright's own 5 s is too short for a page on a loaded 2-core machine; a state that does come, comes in time.
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(_directory);
        await TestDatabase.CopySqliteTemplateAsync(Path.Combine(_directory, "supervision.db"));
        _app = SupervisionHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--ConnectionStrings:Supervision", $"Data Source={Path.Combine(_directory, "supervision.db")}",
            "--Reporting:AuditKeyFile", Path.Combine(_directory, "keys", "audit-signing.key"),
            // Every browser test signs in from this address; the throttle is tested on its own host.
            "--Security:SignInPerClientPerMinute", "1000",
            "--Security:SignInPerAccountPerMinute", "1000",
            // The re-check that ends a page of an account disabled behind the app's back: 20 s in production
            // (SessionTests holds the default to at most 30 s); here the test of it need not wait that long.
            "--Security:RevalidationInterval", "00:00:03",
        ], TestPasswordHashing.Apply);
        if (!await SupervisionHost.PrepareAsync(_app))
            throw new InvalidOperationException("测试数据库准备失败");
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>Closes every page of this app's browser: each browser test class calls it after each test.</summary>
    public async ValueTask CloseContextsAsync()
    {
        foreach (var context in Browser.Contexts.ToList())
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Closed already, by the test or by the browser.
            }
        }
    }

    /// <summary>The phone the unit tests use (an iPhone 12–15 class screen), as a touch device.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>A new browser context (an office PC at 1440 px unless <paramref name="viewport"/> says otherwise).</summary>
    public Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null) => NewContextAsync(Browser, viewport);

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser, ViewportSize? viewport, string? storageState = null)
    {
        var phone = viewport is { Width: < 800 };
        return browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = storageState,
            Locale = "zh-CN",
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 900 },
            HasTouch = phone,
            IsMobile = phone,
            // As a person who turned animations off: the pages honour it (the live badge stops pulsing, the wall
            // screen's panels appear without fading), so a page at rest draws nothing and screenshots are steady.
            ReducedMotion = ReducedMotion.Reduce,
        });
    }

    /// <summary>
    /// A new browser context signed in as <paramref name="userName"/> with the demo password, on <paramref name="path"/>
    /// (the dashboard unless said otherwise) once its circuit is live.
    /// </summary>
    /// <remarks>
    /// A test that works on another page signs in straight to it (the sign-in page's returnUrl): the dashboard, the
    /// heaviest page of the app, is then drawn only for the tests that look at it.
    /// <para>
    /// After its first sign-in an account's session is kept, and a later page of the same account starts signed in with
    /// it, as a person who stays signed in does: the sign-in page and its password check run once per account, not once
    /// per test (they have tests of their own). A kept session the app no longer accepts (the password changed, the
    /// account was disabled, the session was signed out) lands on the sign-in page, and the account then signs in anew.
    /// </para>
    /// </remarks>
    public async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null, string path = "/")
    {
        if (_sessions.TryGetValue(userName, out var session))
        {
            var context = await NewContextAsync(Browser, viewport, session);
            var page = await context.NewPageAsync();
            // The commit gives the address a refused session was sent to; the live circuit is waited for next.
            await page.GotoAsync(BaseUrl + path, Committed);
            if (new Uri(page.Url).AbsolutePath == new Uri(BaseUrl + path).AbsolutePath)
            {
                await WaitUntilInteractiveAsync(page);
                return page;
            }

            await context.CloseAsync();
        }

        var signedIn = await SignInAsync(Browser, BaseUrl, userName, viewport, path);
        _sessions[userName] = await signedIn.Context.StorageStateAsync();
        return signedIn;
    }

    /// <summary>A new context of <paramref name="browser"/> signed in on the app at <paramref name="baseUrl"/>, on <paramref name="path"/>.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string userName, ViewportSize? viewport = null, string path = "/")
    {
        var context = await NewContextAsync(browser, viewport);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login" + (path == "/" ? "" : "?returnUrl=" + Uri.EscapeDataString(path)));
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", DemoAccounts.DefaultPassword);
        await page.ClickAsync("button[type=submit]");
        // The path alone: a page may settle its query string on its own once it runs. Only the navigation's commit is
        // waited for, not its load event (which a busy run once did not see within 30 s although the page had come):
        // the state that matters, the live circuit, is waited for next.
        var landing = new Uri(baseUrl + path).AbsolutePath;
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == landing, new() { WaitUntil = WaitUntilState.Commit });
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// Registers a 会议决策部署 task (this year, monthly reports, due 31 December) led by <paramref name="leadUnit"/> (its
    /// name or short name) and assigns it, so its 督查通知单 waits to be signed. Not an annual task: the period documents
    /// other tests read stay as they were.
    /// </summary>
    public async Task<(int Id, string Number, int LeadUnitId)> AssignNewTaskAsync(string leadUnit, string title)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());
        await using var db = await services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(ct);
        var lead = await db.Units.Where(u => u.Name == leadUnit || u.ShortName == leadUnit).Select(u => u.Id).FirstAsync(ct);
        var registered = await services.GetRequiredService<RegistrationService>().RegisterAsync(Inspector, new TaskInput
        {
            Source = TaskSource.MeetingDecision,
            Year = today.Year,
            Title = title,
            Content = $"{title}，按月报送进展，年底前完成。",
            LeadUnitId = lead,
            Start = new DateTime(today.Year, 1, 1),
            Deadline = new DateTime(today.Year, 12, 31),
            DeadlineText = "年底前",
            MeetingName = "市政府常务会议",
            MeetingHeldOn = new DateTime(today.Year, 1, 1),
            MeetingDecision = "会议决定加快推进，按月报送。",
        }, ct);
        var version = await db.Tasks.Where(t => t.Id == registered.Id).Select(t => t.Version).SingleAsync(ct);
        await services.GetRequiredService<AssignmentService>().AssignAsync(Inspector, registered.Id, version, "请按会议要求抓好落实，每月5日前报送进展。", ct);
        return (registered.Id, registered.Number, lead);
    }

    /// <summary>The demo city's inspector, as the services see them.</summary>
    public static Actor Inspector { get; } = new("inspector", "赵文清", new HashSet<string> { Roles.Inspector }, null);

    /// <summary>Opens a page of the app and waits until its circuit is live, so clicks are not lost on prerendered HTML.</summary>
    public async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(BaseUrl + path, Committed);
        await WaitUntilInteractiveAsync(page);
    }

    // A navigation followed by a wait for the live circuit needs only its commit, not its load event, which a busy run
    // once did not see within 30 s although the page had come (see SignInAsync).
    private static readonly PageGotoOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    // The layout's marker has no value; the report page carries its own (data-interactive="no"/"yes") beside it.
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

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

/// <summary>
/// An app of its own for the import test that settles the directory's unknown names one by one and so expects the
/// directory as seeded. It runs beside the shared collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ImportBrowserCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "browser-import";
}

/// <summary>
/// An app of its own for the test that counts every circuit and dashboard subscription of its app: on a shared app
/// the circuits other tests left behind end on their own schedule (three minutes after their page went away) and
/// would move the counts under it. It runs beside the shared collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CircuitBrowserCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "browser-circuits";
}
