using System.Resources;
using Bunit;
using MudBlazor;
using Supervision.Web.Components.Layout;

namespace Supervision.Tests.Components;

/// <summary>MudBlazor's own words and the theme's fonts, as the app configures them.</summary>
public sealed class MudChineseTests : AppComponentTest
{
    /// <summary>Every text key of the installed MudBlazor with its English text.</summary>
    private static Dictionary<string, string> MudBlazorTexts()
    {
        var assembly = typeof(MudButton).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("LanguageResource.resources", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new ResourceReader(stream);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = reader.GetEnumerator();
        while (entries.MoveNext())
            texts[(string)entries.Key] = entries.Value?.ToString() ?? "";
        return texts;
    }

    [Fact]
    public void Every_text_the_installed_MudBlazor_knows_has_a_Chinese_translation()
    {
        var texts = MudBlazorTexts();
        Assert.True(texts.Count > 100, $"MudBlazor should ship its texts; found {texts.Count}");
        var localizer = new ChineseMudLocalizer();
        var missing = texts.Keys.Where(k => localizer[k].ResourceNotFound).ToList();
        Assert.True(missing.Count == 0, "未翻译的MudBlazor文字：" + string.Join("、", missing));

        // Translated, not copied: every text that has a letter in English has Chinese in it now (operators like >= stay).
        var untranslated = texts.Where(t => t.Value.Any(char.IsAsciiLetter) && !localizer[t.Key].Value.Any(c => c is >= '\u4e00' and <= '\u9fff')).Select(t => t.Key).ToList();
        Assert.True(untranslated.Count == 0, "仍是英文：" + string.Join("、", untranslated));

        // The placeholders survive, so MudBlazor's string.Format still fills them.
        foreach (var (key, english) in texts)
        {
            var holes = System.Text.RegularExpressions.Regex.Matches(english, @"\{\d\}").Select(m => m.Value).Order();
            Assert.Equal(holes, System.Text.RegularExpressions.Regex.Matches(localizer[key].Value, @"\{\d\}").Select(m => m.Value).Order());
        }
    }

    [Fact]
    public void The_calendar_and_the_pager_speak_Chinese_to_screen_readers()
    {
        var calendar = Render<MudDatePicker>(p => p.Add(x => x.PickerVariant, PickerVariant.Static).Add(x => x.Date, new DateTime(2026, 6, 30)));
        var labels = calendar.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")!).ToList();
        Assert.Contains(labels, l => l.StartsWith("上个月", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("下个月", StringComparison.Ordinal));
        Assert.DoesNotContain(labels, l => l.Contains("month", StringComparison.OrdinalIgnoreCase));

        var pagination = Render<MudPagination>(p => p.Add(x => x.Count, 5).Add(x => x.ShowFirstButton, true).Add(x => x.ShowLastButton, true));
        var pager = pagination.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")!).ToList();
        Assert.Contains("首页", pager);
        Assert.Contains("上一页", pager);
        Assert.Contains("下一页", pager);
        Assert.Contains("末页", pager);
        Assert.DoesNotContain(pager, l => l.Contains("page", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_theme_names_its_fonts_so_buttons_and_inputs_find_them()
    {
        // MudBlazor quotes each family itself: a name already in quotes became '"Microsoft YaHei"', a font no machine has.
        var provider = Render<MudThemeProvider>(p => p.Add(x => x.Theme, SupervisionTheme.Theme));
        var css = string.Concat(provider.FindAll("style").Select(s => s.TextContent));
        var family = System.Text.RegularExpressions.Regex.Match(css, "--mud-typography-default-family:([^;]*);").Groups[1].Value;
        Assert.Contains("'Microsoft YaHei'", family);
        Assert.Contains("'WenQuanYi Micro Hei'", family);
        Assert.DoesNotContain("\"", family);
        Assert.Contains("--mud-typography-button-family", css);
    }
}
