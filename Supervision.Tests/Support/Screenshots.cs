using Microsoft.Playwright;

namespace Supervision.Tests;

/// <summary>
/// Pictures of the pages the browser tests walk through, for people to look at (the developers' guide asks for one of
/// every page changed); no test asserts on them. Taken only when <c>SCREENSHOT_DIR</c> names a folder, e.g.
/// <c>SCREENSHOT_DIR=/tmp/shots ./test.sh --filter "FullyQualifiedName~Browser"</c>: on CI, where nobody opens them, the
/// suite's fifty-odd full-page captures were work for nothing.
/// </summary>
internal static class Screenshots
{
    private static readonly string? Wanted = Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir ? dir : null;

    /// <summary>
    /// Where pictures go: <c>SCREENSHOT_DIR</c>, or a temp folder for the files a test needs to read back (pdftoppm's
    /// renderings of generated PDFs).
    /// </summary>
    public static string Folder { get; } = Wanted ?? Path.Combine(Path.GetTempPath(), "supervision-screenshots");

    /// <summary>The page (whole, or the viewport) as <paramref name="name"/>, finite animations at their end, when pictures are wanted.</summary>
    public static async Task TakeAsync(IPage page, string name, bool fullPage = true)
    {
        if (PathFor(name) is { } path)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>One element as <paramref name="name"/>, when pictures are wanted.</summary>
    public static async Task TakeAsync(ILocator element, string name)
    {
        if (PathFor(name) is { } path)
            await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
    }

    // The picture's file in SCREENSHOT_DIR (created on first use), or null when no pictures are wanted.
    private static string? PathFor(string name)
    {
        if (Wanted is null)
            return null;
        Directory.CreateDirectory(Wanted);
        return Path.Combine(Wanted, name);
    }
}
