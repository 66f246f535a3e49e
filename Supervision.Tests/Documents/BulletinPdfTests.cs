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

    private static RenderedPdf Render(PeriodFigures report, string? number = "澜政办通〔2026〕12号")
    {
        var text = BulletinDrafter.Draft(report, Addressees);
        return new DocumentRenderer(SampleReports.Fonts).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", number, _issued));
    }

    [Fact]
    public void The_draft_states_the_counts_and_names_in_the_register_of_seed_002()
    {
        var text = BulletinDrafter.Draft(SampleReports.HalfYear(), Addressees);

        // Seed 002's split: the indicators apart from the 重点工作, each task counted once, and the 评价时点 stated.
        Assert.Contains("统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准。", text.Overall);
        Assert.Contains(
            "8项主要经济发展指标中3项完成进度（一般公共预算收入、居民消费价格涨幅、农村常住居民人均可支配收入）、" +
            "5项未完成进度（地区生产总值、固定资产投资、规模以上工业增加值、社会消费品零售总额、城镇常住居民人均可支配收入）。其中，",
            text.Overall);
        Assert.Contains(
            "列入市《政府工作报告》任务分解表的共13项任务中，5项重点工作完成2项，部分完成1项（北湖公园改造），" +
            "未完成1项（锦州湾机场开通新航线），取消1项（园林绿化养护市场化试点）。",
            text.Overall);
        Assert.Contains("一是1项任务未完成进度要求。锦州湾机场开通新航线（市交通局）反映航空公司意向未落实。", text.Problems);
        Assert.Contains("征地拆迁进度滞后。涉及北湖公园改造（市城管局）。", text.Problems);
        Assert.Contains("市城管局要倒排工期，9月底前完成拆迁，推进北湖公园改造", text.Requirements);
    }

    [Fact]
    public void Tasks_without_their_periods_report_are_counted_named_and_chased_as_unreported()
    {
        var report = SampleReports.HalfYear();
        var silent = SampleReports.Task(41, "老旧小区改造", Core.Rules.PeriodOutcome.Unreported, "市房管局");
        var text = BulletinDrafter.Draft(report with { Categories = [.. report.Categories, new PeriodCategory("民生", [silent])] }, Addressees);

        Assert.Contains("未按要求报送进展的单独列出", text.Overall);
        Assert.Contains("6项重点工作完成2项，部分完成1项（北湖公园改造），未完成1项（锦州湾机场开通新航线），未报送进展1项（老旧小区改造），取消1项", text.Overall);
        Assert.Contains("、1项任务未报送进展", text.Overall);
        Assert.Matches("\n[一二三四五六七八九十]+是进展报送不及时。老旧小区改造（市房管局）未按要求报送本期进展情况，完成情况无法评价。", text.Problems);
        Assert.Contains("市房管局要立即补报未报送的进展情况。", text.Requirements);
        Assert.DoesNotContain("老旧小区改造方面", text.Progress);
    }

    [Fact]
    public void The_indicator_paragraph_gives_each_indicators_target_actual_and_completion()
    {
        var report = SampleReports.HalfYear();
        report = report with
        {
            Categories = [.. report.Categories.Select(c => c with
            {
                Tasks = [.. c.Tasks.Select(t => t.IndicatorName switch
                {
                    "地区生产总值" => t with { IndicatorTarget = "目标6%", IndicatorActual = "5.8%", IndicatorWords = "低于目标0.2个百分点" },
                    "固定资产投资" => t with { Outcome = Core.Rules.PeriodOutcome.NoData, IndicatorTarget = "目标500亿元", IndicatorActual = null, IndicatorWords = "暂无数据" },
                    _ => t,
                })],
            })],
        };

        var paragraph = BulletinDrafter.Draft(report, Addressees).Overall.Split('\n')[1];

        Assert.StartsWith("8项主要经济发展指标中3项完成进度（", paragraph);
        Assert.Contains("、4项未完成进度（地区生产总值、", paragraph);
        Assert.Contains("、1项暂无数据（固定资产投资）。其中，", paragraph);
        Assert.Contains("地区生产总值目标6%，实际5.8%，低于目标0.2个百分点；", paragraph);
        Assert.Contains("固定资产投资目标500亿元，暂无数据", paragraph);
    }

    [Fact]
    public void Reported_text_is_drafted_with_chinese_quotes_and_brackets()
    {
        var report = SampleReports.HalfYear();
        var quirky = SampleReports.Task(40, "「小升规」培育", Core.Rules.PeriodOutcome.NotCompleted, "市工信局", problems: "新增规上企业不足(仅3家)；『专精特新』申报滞后", nextSteps: "实行\"一企一策\"帮扶");
        var text = BulletinDrafter.Draft(report with { Categories = [.. report.Categories, new PeriodCategory("产业", [quirky])] }, Addressees);
        var all = string.Join("\n", text.Opening, text.Overall, text.Progress, text.Problems, text.Requirements);

        foreach (var wrong in new[] { "「", "」", "『", "』", "(", ")", "\"" })
            Assert.DoesNotContain(wrong, all, StringComparison.Ordinal);
        Assert.Contains("“小升规”培育（市工信局）反映新增规上企业不足（仅3家），‘专精特新’申报滞后", text.Problems);
        Assert.Contains("市工信局要实行“一企一策”帮扶，推进“小升规”培育", text.Requirements);
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
        Assert.Contains("澜江市人民政府办公室2026年7月10日", all);
        Assert.Contains("附件2026年上半年《政府工作报告》任务指标完成情况表", all);
        Assert.Empty(pdf.MissingCharacters);
        Assert.Equal(pdf.PageCount, PdfText.Pages(pdf.Bytes));
        // Every page carries its number, but a blank page before the 版记 and the page added for it (GB/T 9704 puts the
        // 版记 on an even last page; such pages are not numbered).
        for (var p = 1; p <= pdf.PageCount; p++)
        {
            var page = PdfText.Page(pdf.Bytes, p);
            if (page.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(page, "^(抄送：[^。]*。)?[^。]*印发$"))
                Assert.Contains($"—{p}—", page);
        }
    }

    [Fact]
    public void Embedded_fonts_are_subsets_far_smaller_than_the_installed_fonts()
    {
        var pdf = Render(SampleReports.HalfYear());
        var source = new FileInfo(SampleReports.Fonts.For(FontRole.Song).Path).Length;

        Assert.All(pdf.SubsetFontBytes, size => Assert.True(size * 10 < source, $"子集{size}字节，原字体{source}字节"));
        Assert.True(pdf.Bytes.Length < 400_000, $"PDF {pdf.Bytes.Length} 字节");
        using var document = PdfDocument.Open(pdf.Bytes);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        // 宋体 (standing in for 仿宋 and 小标宋), 黑体 and 楷体.
        Assert.InRange(fonts.Count, 1, 3);
        // A subset font's PDF name carries a six-letter tag (AAAAAA+WenQuanYiMicroHei).
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+", f));
    }

    [Fact]
    public void A_table_header_repeats_on_every_page_the_table_continues_on()
    {
        var report = SampleReports.HalfYear();
        var many = report with { Categories = [.. report.Categories, new PeriodCategory("民生实事", Enumerable.Range(100, 40).Select(i => SampleReports.Task(i, $"民生实事第{i}项", Core.Rules.PeriodOutcome.Completed, progress: string.Concat(Enumerable.Repeat("进展顺利，按计划推进。", 12)))).ToList())] };
        var pdf = Render(many);
        using var document = PdfDocument.Open(pdf.Bytes);
        // The table's pages are the turned ones (横排表格).
        var tablePages = document.GetPages().Where(p => p.Letters.Any(l => l.TextOrientation != UglyToad.PdfPig.Content.TextOrientation.Horizontal))
            .Select(p => string.Concat(p.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal)).ToList();

        Assert.True(tablePages.Count >= 3);
        Assert.All(tablePages, t => Assert.Contains(string.Concat(CompletionColumns.Headers), t));
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
        Assert.All(pages, p => Assert.Contains(string.Concat(CompletionColumns.Headers), string.Concat(p.Letters.Select(l => l.Value))));
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
}
