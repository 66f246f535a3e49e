using MudBlazor;

namespace Supervision.Web.Components.Layout;

/// <summary>The product's look: the deep red of official documents with a sober blue.</summary>
public static class SupervisionTheme
{
    /// <summary>The Chinese sans-serif faces of office PCs, Linux desks and phones, in order of preference (as in app.css).</summary>
    public static IReadOnlyList<string> FontFamilies { get; } = ["Microsoft YaHei", "WenQuanYi Micro Hei", "PingFang SC", "Noto Sans CJK SC", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#A61B1B",
            Secondary = "#1F4E8C",
            AppbarBackground = "#A61B1B",
            Background = "#F5F6F8",
            Success = "#2E7D32",
            Warning = "#E0A100",
            Error = "#C62828",
            Info = "#1565C0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                // Plain names: MudBlazor quotes each one itself, so quoted names came out as '"Microsoft YaHei"' — a family
                // no machine has — and buttons and inputs fell back to a serif face.
                FontFamily = [.. FontFamilies],
            },
            // Chinese labels have no case; upper-casing only mangles the Latin bits (EXCEL, PDF).
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
