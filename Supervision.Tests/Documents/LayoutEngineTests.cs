using SkiaSharp;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using UglyToad.PdfPig;

namespace Supervision.Tests.Documents;

/// <summary>Pagination rules of the layout engine, read back from the PDF it draws.</summary>
public sealed class LayoutEngineTests
{
    // 160 × 160 pt of text, 20 pt lines: eight lines a page of sixteen 10-pt characters each.
    private static readonly PageSetup _small = new(200, 200, 20, 20, 20, 20);
    private static readonly TextStyle _style = new(FontRole.Song, 10, 20, SKColors.Black, TextAlign.Left);

    private static List<int> CharactersPerPage(float spaceAbove, int characters, char ch = '字')
    {
        var spec = new DocumentSpec(_small, [new Paragraph("起", _style), new Spacer(spaceAbove), new Paragraph(new string(ch, characters), _style)], new DocumentInfo("t", "a", "s", new DateTime(2026, 7, 10, 0, 0, 0, DateTimeKind.Utc)));
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(spec);
        using var document = PdfDocument.Open(pdf.Bytes);
        return [.. document.GetPages().Select(p => p.Letters.Count(l => l.Value == ch.ToString()))];
    }

    [Fact]
    public void A_paragraph_does_not_leave_its_first_line_alone_at_the_foot_of_a_page()
    {
        // After the spacer and one line, room is left for exactly one more line.
        Assert.Equal([0, 30], CharactersPerPage(120, 30));
    }

    [Fact]
    public void A_paragraph_does_not_leave_its_last_line_alone_at_the_top_of_a_page()
    {
        // Room for three lines; four lines go two and two rather than three and one.
        Assert.Equal([32, 26], CharactersPerPage(80, 58));
    }

    [Fact]
    public void A_paragraph_that_fits_is_not_moved()
    {
        Assert.Equal([48], CharactersPerPage(80, 48));
    }

    [Fact]
    public void A_wrapped_attachment_name_lines_up_under_the_name_after_the_label()
    {
        var report = SampleReports.HalfYear();
        var text = BulletinDrafter.Draft(report, "各县（市、区）人民政府：");
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", null, new DateOnly(2026, 7, 10)));
        using var document = PdfDocument.Open(pdf.Bytes);
        var page = document.GetPages().Where(p => p.Height > p.Width).Last();
        var lines = page.Letters.GroupBy(l => Math.Round(l.StartBaseLine.Y)).OrderByDescending(g => g.Key).Select(g => g.OrderBy(l => l.StartBaseLine.X).ToList()).ToList();
        var label = lines.FindIndex(l => string.Concat(l.Select(x => x.Value)).StartsWith("附件：", StringComparison.Ordinal));

        Assert.True(label >= 0);
        // "附件：" is three 16-pt characters wide; the justified first line may spread it by a point or two.
        var nameStart = lines[label][0].StartBaseLine.X + (3 * 16);
        var continuation = lines[label + 1];
        Assert.EndsWith("完成情况表", string.Concat(lines[label].Concat(continuation).Select(x => x.Value)));
        Assert.InRange(continuation[0].StartBaseLine.X, nameStart - 0.5, nameStart + 0.5);
        Assert.InRange(lines[label][3].StartBaseLine.X, nameStart - 0.5, nameStart + 2);
    }
}
