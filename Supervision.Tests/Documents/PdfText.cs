using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Supervision.Tests.Documents;

/// <summary>One printed line read back from a PDF page: its text and where its characters' ink sits, in millimetres from the sheet's top-left.</summary>
/// <param name="Upright">False for the turned 横排 table text.</param>
internal sealed record PdfLine(string Text, double Top, double Bottom, double Left, double Right, double Baseline, string Font, double Size, bool Upright);

/// <summary>Reads a PDF back the way a reader's copy-and-paste would, and where a ruler would find its lines.</summary>
internal static class PdfText
{
    private const double Mm = 72 / 25.4;

    /// <summary>
    /// All text of all pages with line breaks, spaces and the page numbers ("— 3 —", drawn last on each page)
    /// and the draft marker removed, so a sentence that wraps onto the next page reads whole.
    /// </summary>
    public static string Flat(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value)))).Replace(" ", "", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(text, "—[0-9]+—|草稿（未签发）", "");
    }

    public static string Page(byte[] pdf, int number)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPage(number).Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal);
    }

    public static int Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    /// <summary>
    /// The lines of a page, top to bottom: upright letters grouped by baseline, their ink boxes (PdfPig's glyph
    /// rectangles) in millimetres from the top-left of the sheet. Turned (横排) letters form lines of their own.
    /// </summary>
    public static List<PdfLine> Lines(byte[] pdf, int page)
    {
        using var document = PdfDocument.Open(pdf);
        return Lines(document.GetPage(page));
    }

    public static List<PdfLine> Lines(Page page)
    {
        var height = page.Height;
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var upright = letters.Where(l => l.TextOrientation == TextOrientation.Horizontal)
            .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
            .Select(g => Line(g.OrderBy(l => l.StartBaseLine.X).ToList(), true));
        var turned = letters.Where(l => l.TextOrientation != TextOrientation.Horizontal)
            .GroupBy(l => Math.Round(l.StartBaseLine.X, 1))
            .Select(g => Line(g.OrderBy(l => l.StartBaseLine.Y).ToList(), false));
        return [.. upright.Concat(turned).OrderBy(l => l.Upright ? l.Top : l.Left)];

        PdfLine Line(List<Letter> g, bool up) => new(
            string.Concat(g.Select(l => l.Value)),
            (height - g.Max(l => l.BoundingBox.Top)) / Mm,
            (height - g.Min(l => l.BoundingBox.Bottom)) / Mm,
            g.Min(l => l.BoundingBox.Left) / Mm,
            g.Max(l => l.BoundingBox.Right) / Mm,
            (height - g[0].StartBaseLine.Y) / Mm,
            g.GroupBy(l => l.FontName ?? "").OrderByDescending(x => x.Count()).First().Key,
            g.Max(l => l.PointSize),
            up);
    }

    /// <summary>The font of the letters of <paramref name="text"/>'s first occurrence on a page (subset tag removed).</summary>
    public static string FontOf(Page page, string text)
    {
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var all = string.Concat(letters.Select(l => l.Value));
        var at = all.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"第{page.Number}页没有“{text}”");
        var fonts = letters.Skip(at).Take(text.Length).Select(l => Family(l.FontName ?? "")).Distinct().ToList();
        Assert.True(fonts.Count == 1, $"“{text}”用了{string.Join("、", fonts)}");
        return fonts[0];
    }

    /// <summary>"ABCDEF+WenQuanYiMicroHei" → "WenQuanYiMicroHei".</summary>
    public static string Family(string fontName) => fontName.Contains('+', StringComparison.Ordinal) ? fontName[(fontName.IndexOf('+', StringComparison.Ordinal) + 1)..] : fontName;

    /// <summary>Renders the first page with poppler's pdftoppm and returns the PNG path.</summary>
    public static string RenderFirstPage(byte[] pdf, string name) => Render(pdf, name, 1, 80);

    /// <summary>Renders one page with poppler's pdftoppm at <paramref name="dpi"/> and returns the PNG path.</summary>
    public static string Render(byte[] pdf, string name, int page, int dpi)
    {
        var folder = Path.Combine(Screenshots.Folder, "documents");
        Directory.CreateDirectory(folder);
        var pdfPath = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(pdfPath, pdf);
        var prefix = Path.Combine(folder, $"{name}-{page}");
        var p = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftoppm", ["-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-f", p, "-l", p, "-singlefile", pdfPath, prefix]) { RedirectStandardError = true })!;
        process.WaitForExit(30_000);
        Assert.Equal(0, process.ExitCode);
        return prefix + ".png";
    }
}
