using System.Text.RegularExpressions;
using SkiaSharp;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using UglyToad.PdfPig;

namespace Supervision.Tests.Documents;

/// <summary>
/// The 通报's first page, signature page and dates against GB/T 9704-2012, measured on the PDF: ink positions read
/// back with PdfPig, the red rule found in a pdftoppm rendering.
/// </summary>
public sealed class BulletinGeometryTests
{
    private const string Addressees = "各县（市、区）人民政府，各开发区管委会，市政府各部门：";

    /// <summary>One line of body text: 225 mm over 22 lines.</summary>
    private const double Line = 225.0 / 22;

    private static byte[] Render(BulletinText? text = null, string? number = "澜政办通〔2026〕12号")
    {
        var report = SampleReports.HalfYear();
        text ??= BulletinDrafter.Draft(report, Addressees);
        return new DocumentRenderer(SampleReports.Fonts).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", number, new DateOnly(2026, 7, 10))).Bytes;
    }

    [Fact]
    public void The_first_page_spaces_header_number_rule_title_and_addressees_as_the_standard_does()
    {
        var pdf = Render();
        var lines = PdfText.Lines(pdf, 1);
        var header = lines.Single(l => l.Text == "澜江市人民政府办公室");
        var number = lines.Single(l => l.Text == "澜政办通〔2026〕12号");
        var title = lines.Where(l => l.Top > number.Bottom && l.Size > 20).ToList();
        var addressees = lines.Single(l => l.Text == Addressees);

        // 7.2.3: the top of the 发文机关标志 35 mm below the top of the text area (37 mm): 72 mm from the top of the page.
        Assert.InRange(header.Top, 71, 73.5);
        // 7.2.4: the 文号 two empty lines under it; 7.2.5: the 标题 two lines under the rule; 7.3.2: the 主送 one line under the 标题.
        Assert.InRange(number.Top - header.Bottom, (2 * Line) + 3, (3 * Line) + 1);
        Assert.Equal(2, title.Count);
        Assert.Equal("澜江市人民政府办公室关于2026年上半年《政府工作报告》任务指标完成情况的通报", title[0].Text + title[1].Text);
        Assert.InRange(addressees.Top - title[1].Bottom, Line + 2, (2 * Line) - 1);
        Assert.InRange(addressees.Left, 27.5, 29);

        // The red rule 4 mm under the 文号, as wide as the text area (156 mm), between the 文号 and the 标题.
        using var page = SKBitmap.Decode(PdfText.Render(pdf, "geometry-first-page", 1, 300));
        var mm = 300 / 25.4;
        var rows = Enumerable.Range((int)(number.Bottom * mm), (int)((title[0].Top - number.Bottom) * mm))
            .Where(y => Enumerable.Range(0, page.Width).Count(x => IsRed(page.GetPixel(x, y))) > 150 * mm)
            .ToList();
        Assert.NotEmpty(rows);
        var rule = (rows.Min() + rows.Max()) / 2.0 / mm;
        Assert.InRange(rule - number.Bottom, 3.5, 4.5);
        var ruleRow = rows[rows.Count / 2];
        var red = Enumerable.Range(0, page.Width).Where(x => IsRed(page.GetPixel(x, ruleRow))).ToList();
        Assert.InRange(red.Min() / mm, 27.5, 28.5);
        Assert.InRange(red.Max() / mm, 183.5, 184.5);
        Assert.InRange(title[0].Top - rule, (2 * Line) - 1, (2 * Line) + 2);
    }

    private static bool IsRed(SKColor c) => c.Red > 180 && c.Green < 100 && c.Blue < 100;

    [Fact]
    public void The_date_is_written_in_arabic_numerals_four_characters_from_the_right_under_the_issuer()
    {
        var pdf = Render();
        using var document = PdfDocument.Open(pdf);
        var page = document.GetPages().Last(p => PdfText.Lines(p).Any(l => l.Text == "2026年7月10日"));
        var lines = PdfText.Lines(page);
        var date = lines.Single(l => l.Text == "2026年7月10日");
        var issuer = lines.Single(l => l.Text == "澜江市人民政府办公室" && l.Top < date.Top);

        var flat = PdfText.Flat(pdf);
        Assert.True(!flat.Contains('〇', StringComparison.Ordinal), flat[Math.Max(0, flat.IndexOf('〇', StringComparison.Ordinal) - 30)..Math.Min(flat.Length, flat.IndexOf('〇', StringComparison.Ordinal) + 30)]);
        // 7.3.5.1: 成文日期 右空四字 (4 × 16 pt), the issuer centred over it.
        // (Measured at the ink: 日 stands about a millimetre inside its em box.)
        Assert.InRange(184 - date.Right, (4 * 16 / Mm) - 0.3, (4 * 16 / Mm) + 1.6);
        Assert.InRange(((issuer.Left + issuer.Right) / 2) - ((date.Left + date.Right) / 2), -1.2, 1.2);
        Assert.InRange(date.Top - issuer.Top, Line - 0.5, Line + 0.5);
    }

    private const double Mm = 72 / 25.4;

    [Fact]
    public void The_signature_page_never_holds_only_the_issuer_and_the_date()
    {
        var report = SampleReports.HalfYear();
        var draft = BulletinDrafter.Draft(report, Addressees);
        var renderer = new DocumentRenderer(SampleReports.Fonts);
        var carried = 0;
        // Lengthen the last section a line at a time through a whole page (22 lines of 28 characters) so the signature
        // meets the foot of a page in every way.
        for (var extra = 0; extra < 24; extra++)
        {
            var requirements = draft.Requirements + (extra == 0 ? "" : "\n（五）加强跟踪问效。" + new string('进', extra * 28 - 14));
            var pdf = renderer.RenderPdf(BulletinComposer.Compose(report, draft with { Requirements = requirements }, "澜政办通", "澜政办通〔2026〕12号", new DateOnly(2026, 7, 10))).Bytes;
            using var document = PdfDocument.Open(pdf);
            var page = document.GetPages().Last(p => PdfText.Lines(p).Any(l => l.Text == "2026年7月10日"));
            var lines = PdfText.Lines(page).Where(l => l.Upright && !Regex.IsMatch(l.Text, "^—[0-9]+—$")).ToList();
            var text = lines.TakeWhile(l => l.Text != "澜江市人民政府办公室").ToList();

            Assert.True(text.Count >= 2, $"多{extra}：署名页只有{string.Join("/", lines.Select(l => l.Text))}");
            Assert.Contains(text, l => l.Text.StartsWith("附件：", StringComparison.Ordinal));
            if (text[0].Top < 45 && !text[0].Text.StartsWith("附件", StringComparison.Ordinal) && text.Count <= 4)
                carried++;
        }

        // Some of those lengths put the signature on a fresh page, where lines of text were carried over to it.
        Assert.True(carried > 0);
    }

    [Fact]
    public void The_attachment_note_keeps_the_table_title_with_its_label_and_wraps_under_the_name()
    {
        var pdf = Render();
        using var document = PdfDocument.Open(pdf);
        var lines = document.GetPages().SelectMany(PdfText.Lines).ToList();
        var label = lines.FindIndex(l => l.Text.StartsWith("附件：", StringComparison.Ordinal));
        var continuation = lines[label + 1];

        Assert.Equal("附件：2026年上半年《政府工作报告》任务指标完成情况表", lines[label].Text + continuation.Text);
        // Two characters in, the wrapped part under the name after "附件：" (5 × 16 pt), never a single character alone.
        Assert.InRange(lines[label].Left - 28, (2 * 16 / Mm) - 0.5, (2 * 16 / Mm) + 0.8);
        Assert.InRange(continuation.Left - 28, (5 * 16 / Mm) - 0.5, (5 * 16 / Mm) + 0.8);
        Assert.True(continuation.Text.Length >= 2, continuation.Text);
    }
}
