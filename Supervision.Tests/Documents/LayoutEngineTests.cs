using SkiaSharp;
using Supervision.Core.Documents;
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

    private static readonly PageNumbering _numbers = new(new TextStyle(FontRole.Song, 8, 10, SKColors.Black, TextAlign.Left));

    /// <summary>The text lines of each page, top to bottom, without page numbers.</summary>
    private static List<List<string>> PageLines(DocumentSpec spec)
    {
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(spec);
        using var document = PdfDocument.Open(pdf.Bytes);
        return [.. document.GetPages().Select(p => PdfText.Lines(p).Where(l => !l.Text.StartsWith('—')).Select(l => l.Text).ToList())];
    }

    private static DocumentSpec Spec(IEnumerable<Block> blocks, PageNumbering? numbering = null) =>
        new(_small, [.. blocks], new DocumentInfo("t", "a", "s", new DateTime(2026, 7, 10, 0, 0, 0, DateTimeKind.Utc)), numbering);

    [Fact]
    public void A_chain_of_headings_goes_over_with_the_first_lines_of_its_text()
    {
        var heading = _style with { Font = FontRole.Hei };
        var moved = 0;
        for (var filler = 1; filler <= 8; filler++)
        {
            var pages = PageLines(Spec(
            [
                new Paragraph(new string('字', (filler * 16) - 3), _style),
                new Paragraph("一级标题", heading, KeepWithNext: true),
                new Paragraph("（一）二级标题", heading, KeepWithNext: true),
                new Paragraph(new string('文', 40), _style),
            ]));

            Assert.All(pages, p => Assert.False(p[^1].Contains("标题", StringComparison.Ordinal), $"前有{filler}行：页末是“{p[^1]}”"));
            if (pages.Skip(1).Any(p => p.Count >= 3 && p[0] == "一级标题" && p[1] == "（一）二级标题" && p[2].StartsWith('文')))
                moved++;
        }

        Assert.True(moved > 0);
    }

    [Fact]
    public void A_category_row_never_ends_a_page()
    {
        var rows = new List<TableRow>();
        for (var i = 1; i <= 12; i++)
        {
            rows.Add(new TableRow([$"类别{i}"], SpanAll: true));
            // Rows of one to five lines, so categories meet the foot of the page in every way.
            rows.Add(new TableRow(["项", string.Concat(Enumerable.Repeat("进展情况说明", i % 5 + 1))]));
        }

        var table = new Table([new TableColumn("序", 1), new TableColumn("内容", 4)], rows, _style with { Size = 8, LineHeight = 10 }, _style with { Size = 8, LineHeight = 10 }, SKColors.LightGray);
        var pages = PageLines(Spec([new Paragraph("起", _style), new Spacer(60), table]));

        Assert.True(pages.Count >= 4, $"{pages.Count}页");
        Assert.All(pages, p => Assert.False(p[^1].StartsWith("类别", StringComparison.Ordinal), $"页末是“{p[^1]}”"));
        Assert.Equal(12, pages.Sum(p => p.Count(l => l.StartsWith("类别", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData(5, 2, false, false)] // ends on page 1: the 版记 on the back, page 2, which keeps its number
    [InlineData(9, 2, true, false)] // ends on page 2 with room: at its foot
    [InlineData(16, 4, false, true)] // ends at the foot of page 2: a blank page 3, the 版记 on page 4, neither numbered
    public void The_colophon_lies_at_the_foot_of_an_even_page(int lines, int lastPage, bool sharesPage, bool blankBefore)
    {
        var colophon = new Colophon("甲、乙。", "印发机关", "2026年7月10日", _style with { Size = 8, LineHeight = 10 });
        var spec = Spec([new Paragraph(new string('字', lines * 16), _style), colophon], _numbers);
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(spec);
        using var document = PdfDocument.Open(pdf.Bytes);
        var pages = document.GetPages().Select(p => PdfText.Lines(p)).ToList();

        Assert.Equal(lastPage, pages.Count);
        var last = pages[^1].Where(l => !l.Text.StartsWith('—')).ToList();
        Assert.Equal(["抄送：甲、乙。", "印发机关2026年7月10日印发"], last.TakeLast(2).Select(l => l.Text));
        Assert.InRange(180 * 25.4 / 72 - last[^1].Bottom, 0, 2.5);
        Assert.Equal(sharesPage, last.Any(l => l.Text.StartsWith('字')));
        Assert.Equal(!blankBefore, pages[^1].Any(l => l.Text == $"—{lastPage}—"));
        if (blankBefore)
            Assert.Empty(pages[^2]);
    }

    [Fact]
    public void A_long_copy_to_list_wraps_under_the_first_name_after_the_colon()
    {
        var style = _style with { Size = 8, LineHeight = 10 };
        var colophon = new Colophon("市委办公室，市人大常委会办公室，市政协办公室，市纪委监委，市中级人民法院，市人民检察院。", "印发机关", "2026年7月10日", style);
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(Spec([new Paragraph("起", _style), new Paragraph("二", _style), colophon]));
        var lines = PdfText.Lines(pdf.Bytes, 2);
        var copy = lines.Where(l => !l.Text.StartsWith("印发机关", StringComparison.Ordinal)).ToList();

        Assert.True(copy.Count >= 2);
        Assert.StartsWith("抄送：", copy[0].Text);
        Assert.Equal("抄送：市委办公室，市人大常委会办公室，市政协办公室，市纪委监委，市中级人民法院，市人民检察院。", string.Concat(copy.Select(l => l.Text)));
        // "抄送：" one character (8 pt) in; the wrapped names under the first name, three characters further.
        var mm = 25.4 / 72;
        Assert.InRange(copy[0].Left, (20 + 8 - 0.5) * mm, (20 + 8 + 1) * mm);
        Assert.All(copy.Skip(1), l => Assert.InRange(l.Left, (20 + 32 - 0.5) * mm, (20 + 32 + 1) * mm));
        Assert.All(copy, l => Assert.True(l.Right <= (180 - 8 + 0.5) * mm, l.Text));
    }

    [Fact]
    public void A_one_page_form_carries_no_page_number_and_a_longer_one_numbers_every_page()
    {
        var numbers = _numbers with { OmitOnSinglePage = true };
        var one = PdfText.Flat(new DocumentRenderer(SampleReports.Fonts).RenderPdf(Spec([new Paragraph("一页", _style)], numbers)).Bytes);
        var two = new DocumentRenderer(SampleReports.Fonts).RenderPdf(Spec([new Paragraph(new string('字', 200), _style)], numbers)).Bytes;

        Assert.DoesNotContain("—", PdfText.Page(new DocumentRenderer(SampleReports.Fonts).RenderPdf(Spec([new Paragraph("一页", _style)], numbers)).Bytes, 1));
        Assert.Equal("一页", one);
        Assert.Contains("—1—", PdfText.Page(two, 1));
        Assert.Contains("—2—", PdfText.Page(two, 2));
    }

    [Fact]
    public void A_turned_page_is_a_portrait_sheet_with_its_text_rotated_and_its_page_number_upright()
    {
        var turned = new PageSetup(200, 150, 10, 10, 40, 14, TurnedOnSheet: true);
        var spec = Spec([new Paragraph("竖页", _style), new PageBreak(turned), new Paragraph("横排表格", _style)], _numbers);
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(spec);
        using var document = PdfDocument.Open(pdf.Bytes);
        var page = document.GetPage(2);
        var lines = PdfText.Lines(page);

        Assert.Equal(150, page.Width, 0.1);
        Assert.Equal(200, page.Height, 0.1);
        var table = Assert.Single(lines, l => l.Text == "横排表格");
        Assert.False(table.Upright);
        // The layout's top margin (10 pt) is the sheet's left margin: the head of the table on the left edge.
        Assert.InRange(table.Left * 72 / 25.4, 10, 10 + 20);
        var number = Assert.Single(lines, l => l.Text == "—2—");
        Assert.True(number.Upright);
        // The sheet's margins: bottom = layout left (40 pt), left = layout top (10 pt) — the even number one character in from the left.
        Assert.InRange(number.Left * 72 / 25.4, 10 + 8 - 0.5, 10 + 8 + 1);
        Assert.InRange((number.Top + number.Bottom) / 2 * 72 / 25.4, 200 - 40 + (7 * 72 / 25.4) - 3, 200 - 40 + (7 * 72 / 25.4) + 3);
    }
}
