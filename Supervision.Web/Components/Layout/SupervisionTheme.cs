using MudBlazor;

namespace Supervision.Web.Components.Layout;

/// <summary>The product's look: the deep red of official documents with a sober blue.</summary>
public static class SupervisionTheme
{
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
                FontFamily = ["\"Microsoft YaHei\"", "\"WenQuanYi Micro Hei\"", "\"PingFang SC\"", "\"Noto Sans CJK SC\"", "sans-serif"],
            },
            // Chinese labels have no case; upper-casing only mangles the Latin bits (EXCEL, PDF).
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
