using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

/// <summary>
/// How the browser tests and the live benchmarks start Debian's chromium (headless, through Playwright). One place,
/// because a flag here is paid for by every page of the suite and every page of the bench.
/// </summary>
public static class Chromium
{
    /// <summary>Debian's chromium: Playwright's own browser downloads are never used.</summary>
    public const string Executable = "/usr/bin/chromium";

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

    /// <summary>Starts chromium headless; <paramref name="executable"/> may be a wrapper (the bench's nice'd crowd).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable = Executable) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
}
