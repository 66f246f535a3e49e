using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

/// <summary>
/// How the browser tests and the live benchmarks start Debian's chromium (headless, through Playwright). One place,
/// because a flag here is paid for by every page of the suite and every page of the bench.
/// </summary>
public static class Chromium
{
    /// <summary>
    /// Debian's chromium, the whole browser in headless mode: what the live benches draw their pages in, standing for the
    /// office's desktop browsers. Playwright's own browser downloads are never used.
    /// </summary>
    public const string Executable = "/usr/bin/chromium";

    /// <summary>
    /// Debian's chromium-headless-shell (the same source and Blink, without the desktop browser around it): what the
    /// browser tests use, as Playwright does for headless runs. The whole browser spent about 60% more CPU on the same
    /// 42 browser tests (261 against 161 CPU-seconds on the 2-core box), most of it in its own processes, not the pages.
    /// </summary>
    public const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    // Every window chromium 156 opens (one per Playwright context) preloads the address bar's two WebUI popups, each in
    // a renderer of its own that loads megabytes of script and keeps collecting garbage beside the pages: about 1.5
    // CPU-seconds per context, for an address bar that a headless browser never shows.
    private static readonly string[] Unused = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

    /// <summary>
    /// What Playwright 1.64.1 switches off itself (its chromiumSwitches). Chromium keeps only the last
    /// --disable-features it is given, and ours comes after Playwright's, so ours repeats them;
    /// <c>ChromiumTests</c> fails when a Playwright upgrade changes its list.
    /// </summary>
    public static readonly IReadOnlyList<string> PlaywrightDisables =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "msForceBrowserSignIn",
        "msEdgeUpdateLaunchServicesPreferredVersion",
    ];

    /// <summary>The command line every test and bench browser gets.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // The browser's own controls (date inputs, file pickers) follow its UI language, as on an office PC.
        "--lang=zh-CN",
        "--disable-features=" + string.Join(',', PlaywrightDisables.Concat(Unused)),
    ];

    /// <summary>
    /// Starts chromium headless: the headless shell unless <paramref name="executable"/> names another (the benches'
    /// whole browser, or a wrapper of it: their nice'd crowd).
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable = HeadlessShell) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
}
