using SkiaSharp;
using Supervision.Core.Documents.Layout;

namespace Supervision.Core.Documents;

/// <summary>
/// A single-page 公文-style form (督查通知单, 催办单, 督办单): red office header, form title and number, a table of
/// labelled fields, free text sections, and the issuer with the date. Build one and pass it to
/// <see cref="DocumentForms.Compose"/>, then <see cref="DocumentRenderer.RenderPdf"/>.
/// </summary>
/// <param name="Office">Issuing office printed in red at the top, e.g. 澜江市委市政府督查室.</param>
/// <param name="Title">Form title, e.g. 督查通知单.</param>
/// <param name="Number">Form number, e.g. 督通〔2026〕15号.</param>
/// <param name="Addressee">主送 (the unit the form goes to), or null.</param>
/// <param name="Fields">Label/value rows of the field table, in order.</param>
/// <param name="Sections">Headed free text (督办要求, 办理要求…); a line break starts a new paragraph.</param>
/// <param name="Footer">Small lines under the signature (签收 status, who sent it).</param>
/// <param name="Contact">The office's 联系人 and 电话, printed under the sections (“联系人：…　　联系电话：…”).</param>
public sealed record DocumentForm(
    string Office,
    string Title,
    string Number,
    string? Addressee,
    IReadOnlyList<(string Label, string Value)> Fields,
    IReadOnlyList<(string Heading, string Text)> Sections,
    string Issuer,
    DateOnly Date,
    IReadOnlyList<string> Footer,
    string? Contact = null);

/// <summary>Lays out a <see cref="DocumentForm"/> on the shared engine.</summary>
public static class DocumentForms
{
    /// <summary>
    /// Renders the form to PDF. Characters no installed font has would print as empty boxes; the form then says so
    /// in a footer line naming their code points, so nothing is lost without a word.
    /// </summary>
    public static RenderedPdf Render(DocumentRenderer renderer, DocumentForm form)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(form);
        var pdf = renderer.RenderPdf(Compose(form));
        if (pdf.MissingCharacters.Count == 0)
            return pdf;
        var codes = string.Join("、", pdf.MissingCharacters.Select(c => $"U+{char.ConvertToUtf32(c, 0):X4}"));
        var note = $"注：本单中有{pdf.MissingCharacters.Count}个字符当前字体无法显示，印为空框（{codes}），请以督查系统中的原文为准。";
        var rendered = renderer.RenderPdf(Compose(form with { Footer = [.. form.Footer, note] }));
        return rendered with { MissingCharacters = pdf.MissingCharacters };
    }

    /// <summary>
    /// The page layout of a form: 公文 typefaces (小标宋 office and title, 仿宋 text, 黑体 headings), dates in Arabic
    /// numerals, and a page number only when the form runs to a second page.
    /// </summary>
    public static DocumentSpec Compose(DocumentForm form)
    {
        var body = OfficialStyles.Body with { Size = 14, LineHeight = 22 };
        var blocks = new List<Block>
        {
            new Paragraph(form.Office, OfficialStyles.Header with { Size = Math.Min(28f, 430f / Math.Max(1, form.Office.Length)), LineHeight = 34 }),
            new HorizontalRule(OfficialStyles.Red, 2f, 4, 8),
            new Paragraph(form.Title, OfficialStyles.Title with { Size = 24, LineHeight = 32 }),
            new Paragraph($"编号：{form.Number}", OfficialStyles.DocumentNumber with { Size = 12, LineHeight = 22, Align = TextAlign.Right }, SpaceAfter: 6),
        };
        if (!string.IsNullOrWhiteSpace(form.Addressee))
            blocks.Add(new Paragraph($"{form.Addressee}：", body with { FirstLineIndent = 0 }, SpaceAfter: 4));

        var labelStyle = OfficialStyles.CellHeader with { Size = 12, LineHeight = 18 };
        var cellStyle = OfficialStyles.Cell with { Size = 12, LineHeight = 18 };
        var rows = form.Fields.Select(f => new TableRow([f.Label, f.Value], CellFills: new Dictionary<int, SKColor> { [0] = OfficialStyles.HeaderFill })).ToList();
        // The field table has no header row of its own: the first column carries the labels.
        blocks.Add(new Table([new("项目", 22, TextAlign.Center), new("内容", 78)], rows, cellStyle, labelStyle, OfficialStyles.HeaderFill, SpaceAfter: 10));

        foreach (var (heading, text) in form.Sections)
        {
            blocks.Add(new Paragraph(heading, OfficialStyles.Heading1 with { Size = 14, LineHeight = 22 }, KeepWithNext: true));
            foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                blocks.Add(new Paragraph(line, body));
        }

        if (!string.IsNullOrWhiteSpace(form.Contact))
            blocks.Add(new Paragraph(form.Contact, body));
        blocks.Add(new Signature(form.Issuer, Bulletins.Dates.Short(form.Date), OfficialStyles.Signature with { Size = 14, LineHeight = 22 }, 2, SpaceBefore: 6));
        var small = OfficialStyles.Cell with { Size = 10.5f, LineHeight = 16, Color = new SKColor(0x44, 0x44, 0x44) };
        if (form.Footer.Count > 0)
            blocks.Add(new HorizontalRule(SKColors.Black, 0.6f, 6, 3));
        foreach (var line in form.Footer)
            blocks.Add(new Paragraph(line, small));

        var info = new DocumentInfo($"{form.Title} {form.Number}", form.Office, form.Title, form.Date.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc));
        return new DocumentSpec(
            PageSetup.OfficialA4 with { MarginTop = 25 * PageSetup.Millimetre, MarginBottom = 25 * PageSetup.Millimetre },
            blocks,
            info,
            OfficialStyles.PageNumbers with { OmitOnSinglePage = true });
    }
}
