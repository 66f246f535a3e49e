using SkiaSharp;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using UglyToad.PdfPig;

namespace Supervision.Tests.Documents;

public sealed class BulletinPdfTests
{
    private const string Addressees = "各县（市、区）人民政府，各开发区管委会，市政府各部门：";
    private static readonly DateOnly _issued = new(2026, 7, 10);

    private static RenderedPdf Render(PeriodReport report, string? number = "澜政办通〔2026〕12号")
    {
        var text = BulletinDrafter.Draft(report, Addressees);
        return new DocumentRenderer(SampleReports.Fonts).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", number, _issued));
    }

    [Fact]
    public void The_draft_states_the_counts_and_names_in_the_register_of_seed_002()
    {
        var text = BulletinDrafter.Draft(SampleReports.HalfYear(), Addressees);

        // Seed 002's split: the indicators apart from the 重点工作, each task counted once, and the 评价时点 stated.
        Assert.Contains(
            "统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准。列入市《政府工作报告》任务分解表的共13项任务。" +
            "8项主要经济发展指标中3项完成进度（一般公共预算收入、居民消费价格涨幅、农村常住居民人均可支配收入）、" +
            "5项未完成进度（地区生产总值、固定资产投资、规模以上工业增加值、社会消费品零售总额、城镇常住居民人均可支配收入）；" +
            "5项重点工作中，完成2项，部分完成1项，未完成1项，取消1项（园林绿化养护市场化试点）。",
            text.Overall);
        Assert.Contains("北湖公园改造（市城管局）", text.Lagging);
        Assert.Contains("（二）未完成的任务1项：锦州湾机场开通新航线（市交通局）。", text.Lagging);
        Assert.Contains("北湖公园改造（市城管局）：征地拆迁进度滞后。", text.Problems);
        Assert.Contains("市城管局要按照“倒排工期，9月底前完成拆迁”的安排推进北湖公园改造", text.Requirements);
    }

    [Fact]
    public void The_pdf_text_extracts_exactly_with_header_number_title_sentences_date_and_page_numbers()
    {
        var report = SampleReports.HalfYear();
        var pdf = Render(report);
        var all = PdfText.Flat(pdf.Bytes);
        var first = PdfText.Page(pdf.Bytes, 1);

        Assert.StartsWith("澜江市人民政府办公室澜政办通〔2026〕12号澜江市人民政府办公室关于2026年上半年《政府工作报告》任务指标完成情况的通报", first);
        Assert.Contains("—1—", first);
        var overall = BulletinDrafter.Draft(report, Addressees).Overall.Split('\n')[1];
        Assert.Contains(overall, all);
        Assert.Contains("一、总体情况", all);
        Assert.Contains("四、工作要求", all);
        Assert.Contains("澜江市人民政府办公室二〇二六年七月十日", all);
        Assert.Contains("附件2026年上半年《政府工作报告》任务指标完成情况表", all);
        Assert.Empty(pdf.MissingCharacters);
        Assert.Equal(pdf.PageCount, PdfText.Pages(pdf.Bytes));
        Assert.Contains($"—{pdf.PageCount}—", PdfText.Page(pdf.Bytes, pdf.PageCount));
    }

    [Fact]
    public void Embedded_fonts_are_subsets_far_smaller_than_the_installed_fonts()
    {
        var pdf = Render(SampleReports.HalfYear());
        var source = new FileInfo(SampleReports.Fonts.Song.Path).Length;

        Assert.All(pdf.SubsetFontBytes, size => Assert.True(size * 10 < source, $"子集{size}字节，原字体{source}字节"));
        Assert.True(pdf.Bytes.Length < 400_000, $"PDF {pdf.Bytes.Length} 字节");
        using var document = PdfDocument.Open(pdf.Bytes);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.InRange(fonts.Count, 1, 2);
        // A subset font's PDF name carries a six-letter tag (AAAAAA+WenQuanYiMicroHei).
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+", f));
    }

    [Fact]
    public void A_table_header_repeats_on_every_page_the_table_continues_on()
    {
        var report = SampleReports.HalfYear();
        var many = report with { Categories = [.. report.Categories, new PeriodCategory("民生实事", Enumerable.Range(100, 40).Select(i => SampleReports.Task(i, $"民生实事第{i}项", Core.Rules.PeriodOutcome.Completed, progress: string.Concat(Enumerable.Repeat("进展顺利，按计划推进。", 12)))).ToList())] };
        var pdf = Render(many);
        var tablePages = Enumerable.Range(1, pdf.PageCount).Select(n => PdfText.Page(pdf.Bytes, n)).SkipWhile(t => !t.StartsWith("附件", StringComparison.Ordinal)).ToList();

        Assert.True(tablePages.Count >= 3);
        Assert.All(tablePages, t => Assert.Contains("序号任务牵头单位完成时限进展情况完成情况备注", t));
    }

    [Fact]
    public void A_table_row_longer_than_a_page_splits_between_lines_and_loses_nothing()
    {
        var report = SampleReports.HalfYear();
        var progress = string.Concat(Enumerable.Range(1, 300).Select(i => $"第{i}段进展。"));
        var huge = SampleReports.Task(200, "超长进展说明任务", Core.Rules.PeriodOutcome.PartiallyCompleted, progress: progress);
        var pdf = Render(report with { Categories = [.. report.Categories, new PeriodCategory("其他", [huge])] });
        using var document = PdfDocument.Open(pdf.Bytes);
        var pages = document.GetPages().Where(p => p.Letters.Any(l => l.Value == "段")).ToList();

        Assert.True(pages.Count >= 3, $"{pages.Count}页");
        Assert.Equal(300, pages.Sum(p => p.Letters.Count(l => l.Value == "段")));
        Assert.All(pages, p => Assert.Contains("序号任务牵头单位完成时限进展情况完成情况备注", string.Concat(p.Letters.Select(l => l.Value))));
        Assert.Contains("第300段进展。", PdfText.Flat(pdf.Bytes));
    }

    [Fact]
    public void A_very_long_paragraph_wraps_and_continues_across_pages_without_losing_text()
    {
        var report = SampleReports.HalfYear();
        var text = BulletinDrafter.Draft(report, Addressees);
        var longText = string.Concat(Enumerable.Range(1, 400).Select(i => $"第{i}句，进展情况说明。"));
        var spec = BulletinComposer.Compose(report, text with { Problems = longText }, "澜政办通", null, _issued);
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(spec);

        Assert.Contains(longText, PdfText.Flat(pdf.Bytes));
        Assert.True(pdf.PageCount > 8);
    }

    [Fact]
    public void A_period_without_tasks_gives_an_honest_bulletin()
    {
        var pdf = Render(SampleReports.Empty());
        var all = PdfText.Flat(pdf.Bytes);

        Assert.Contains("本期无督查事项", all);
        Assert.DoesNotContain("图1", all);
    }

    [Fact]
    public void Characters_no_font_has_are_reported_not_dropped_silently()
    {
        var report = SampleReports.HalfYear();
        var text = BulletinDrafter.Draft(report, Addressees) with { Opening = "特殊字符𠀀与\uE000在此。" };
        var pdf = new DocumentRenderer(SampleReports.Fonts).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", null, _issued));

        Assert.Contains("\uE000", pdf.MissingCharacters);
        Assert.Contains("𠀀", pdf.MissingCharacters);
    }

    [Fact]
    public void The_first_page_renders_to_a_non_blank_image_with_a_red_header()
    {
        var pdf = Render(SampleReports.HalfYear());
        var png = PdfText.RenderFirstPage(pdf.Bytes, "bulletin-h1");

        using var bitmap = SKBitmap.Decode(png);
        var red = 0;
        var dark = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 180 && c.Green < 90 && c.Blue < 90)
                    red++;
                else if (c.Red < 160 && c.Green < 160 && c.Blue < 160)
                    dark++;
            }
        }

        Assert.True(red > 50, $"红色像素{red}");
        Assert.True(dark > 800, $"深色像素{dark}");
    }

    [Theory]
    [InlineData("2026-07-10", "二〇二六年七月十日")]
    [InlineData("2026-12-31", "二〇二六年十二月三十一日")]
    [InlineData("2030-01-20", "二〇三〇年一月二十日")]
    public void Dates_are_written_in_chinese_numerals(string date, string expected) =>
        Assert.Equal(expected, ChineseNumerals.Date(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Without_the_known_files_a_known_family_is_found_through_the_system_font_manager()
    {
        var (song, hei) = FontLibrary.Resolve([], ["/nonexistent/a.ttf"], [], ["No Such Song Family", "WenQuanYi Micro Hei"], ["WenQuanYi Micro Hei"]);

        Assert.Equal("WenQuanYi Micro Hei", song.Family);
        Assert.Equal("family:WenQuanYi Micro Hei", song.Path);
        Assert.True(hei.Has('通'));
        var none = Assert.Throws<MissingFontException>(() => FontLibrary.Resolve([], [], [], ["No Such Song Family"], ["No Such Hei Family"]));
        Assert.Contains("sudo apt-get install", none.Message);
    }

    [Fact]
    public void A_missing_configured_font_says_how_to_install_one()
    {
        var ex = Assert.Throws<MissingFontException>(() => FontLibrary.Resolve(["/nonexistent/font.ttf"], [], []));
        Assert.Contains("sudo apt-get install fonts-wqy-microhei fonts-arphic-gbsn00lp", ex.Message);
        var none = Assert.Throws<MissingFontException>(() => FontLibrary.Resolve([], ["/nonexistent/a.ttf"], ["/nonexistent/b.ttc"]));
        Assert.Contains("Documents:FontFiles", none.Message);
    }
}
