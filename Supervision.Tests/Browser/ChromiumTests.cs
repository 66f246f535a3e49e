using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

public sealed partial class ChromiumTests
{
    [Fact]
    public void The_features_switched_off_repeat_every_one_Playwright_switches_off()
    {
        // Playwright's driver ships as script beside the test assembly; its list is what our --disable-features replaces.
        var bundle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "lib", "coreBundle.js"));
        var list = DisabledFeatures().Match(bundle);
        Assert.True(list.Success, "Playwright's list of disabled features was not found in its driver");
        var playwrights = Quoted().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(playwrights.Order(), Chromium.PlaywrightDisables.Order());
        var passed = Chromium.Arguments.Single(a => a.StartsWith("--disable-features=", StringComparison.Ordinal));
        Assert.Superset(playwrights, passed["--disable-features=".Length..].Split(',').ToHashSet());
    }

    [Fact]
    public async Task A_new_context_of_the_whole_browser_opens_its_page_and_no_address_bar_popups()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright, Chromium.Executable);
        for (var i = 0; i < 2; i++)
        {
            var context = await browser.NewContextAsync();
            await (await context.NewPageAsync()).GotoAsync("about:blank");
        }

        var session = await browser.NewBrowserCDPSessionAsync();
        var targets = (await session.SendAsync("Target.getTargets"))!.Value.GetProperty("targetInfos").EnumerateArray()
            .Select(t => (Type: t.GetProperty("type").GetString(), Url: t.GetProperty("url").GetString() ?? ""))
            .ToList();

        Assert.Equal(2, targets.Count(t => t.Type == "page"));
        Assert.DoesNotContain(targets, t => t.Url.Contains("omnibox", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"disabledFeatures\s*=\s*\[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex DisabledFeatures();

    [GeneratedRegex("\"([A-Za-z]+)\"")]
    private static partial Regex Quoted();
}
