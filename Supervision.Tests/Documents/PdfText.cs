using UglyToad.PdfPig;

namespace Supervision.Tests.Documents;

/// <summary>Reads a PDF back the way a reader's copy-and-paste would.</summary>
internal static class PdfText
{
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

    /// <summary>Renders the first page with poppler's pdftoppm and returns the PNG path.</summary>
    public static string RenderFirstPage(byte[] pdf, string name)
    {
        var folder = Path.Combine(Screenshots.Folder, "documents");
        Directory.CreateDirectory(folder);
        var pdfPath = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(pdfPath, pdf);
        var prefix = Path.Combine(folder, name);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftoppm", ["-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", pdfPath, prefix]) { RedirectStandardError = true })!;
        process.WaitForExit(30_000);
        Assert.Equal(0, process.ExitCode);
        return prefix + ".png";
    }
}
