using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;
using Supervision.Core.Demo;
using Supervision.Core.Documents;
using Supervision.Core.Judging;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Documents;

/// <summary>
/// The demo city seeded as of 2026年7月20日 10:00 (China time): the half year has ended and its cut-off (7月15日) has
/// passed, so its documents are final; the third quarter runs.
/// </summary>
public sealed class DemoDocumentsFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 7, 20, 2, 0, 0, TimeSpan.Zero));

    public TestDatabase Db { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        _ = await DemoCity.SeedAsync(Db, Clock) ?? throw new InvalidOperationException("An empty database was not seeded.");
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

/// <summary>
/// The period documents of the demo city, read back: the drafted sentences against the completion table's own
/// counts and the reports' texts, the PDF's pages, orientation and line breaks.
/// </summary>
public sealed class DemoCityDocumentTests(DemoDocumentsFixture city) : IClassFixture<DemoDocumentsFixture>
{
    private static readonly SupervisionPeriod _q1 = SupervisionPeriod.Of(2026)[0];
    private static readonly SupervisionPeriod _h1 = SupervisionPeriod.Of(2026)[1];
    private static readonly SupervisionPeriod _q3 = SupervisionPeriod.Of(2026)[2];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PeriodFiguresService Reports() =>
        new(city.Db, TestJudgement.For(city.Db, city.Clock), Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }), new StaticOptions<ScoringWeights>(ScoringWeights.Default));

    private (BulletinService Bulletins, CompletionTableService Tables) Services()
    {
        var reports = Reports();
        return (new BulletinService(city.Db, reports, new DocumentRenderer(SampleReports.Fonts), city.Clock, Options.Create(new DocumentOptions())), new CompletionTableService(city.Db, reports, Options.Create(new DocumentOptions())));
    }

    /// <summary>The 汇总 sheet's 合计 row: 重点工作, 完成, 部分完成, 未完成, 未报送, 取消.</summary>
    private static int[] Totals(XLWorkbook book) =>
        [.. Enumerable.Range(2, 6).Select(c => book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计").Cell(c).GetValue<int>())];

    /// <summary>Detail rows of the table: (统一编号, lead unit, 完成情况).</summary>
    private static List<(string Number, string Lead, string Outcome)> Rows(XLWorkbook book) =>
        [.. book.Worksheet(CompletionTableBuilder.DetailSheet).RowsUsed()
            .Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .Select(r => (r.Cell(2).GetString(), r.Cell(4).GetString(), r.Cell(9).GetString()))];

    private async Task<Dictionary<string, string>> TitlesAsync()
    {
        await using var db = city.Db.CreateDbContext();
        return await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Number, t => t.Title, Ct);
    }

    [Fact]
    public async Task The_half_year_shows_each_tasks_own_June_or_second_quarter_report_accepted_by_the_cut_off()
    {
        var report = await Reports().LoadAsync(Inspector, _h1, Ct);
        await using var db = city.Db.CreateDbContext();
        // The oracle, read straight from the record: for each task, the accepted revision (by 7月15日, China time) of its
        // report for the latest cycle that had begun by 6月30日.
        var cutoff = ChinaTime.UtcOf(new DateOnly(2026, 7, 16), TimeOnly.MinValue);
        var accepted = (await db.Reports.AsNoTracking()
                .Where(r => r.PeriodEnd <= new DateOnly(2026, 6, 30) || r.PeriodKey == "ONCE")
                .SelectMany(r => r.Revisions.Where(v => v.State == RevisionState.Accepted && v.DecidedAt < cutoff), (r, v) => new { r.TaskId, r.PeriodKey, r.PeriodLabel, r.PeriodEnd, v.DecidedAt, v.Progress })
                .ToListAsync(Ct))
            .Where(a => a.PeriodKey != "ONCE" || a.PeriodEnd <= new DateOnly(2026, 6, 30))
            .GroupBy(a => a.TaskId)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.PeriodEnd).ThenBy(a => a.DecidedAt).Last());

        Assert.Equal(new DateOnly(2026, 7, 15), report.Cutoff);
        Assert.True(report.CutoffIsFinal);
        var lines = report.Tasks.ToList();
        Assert.All(lines.Where(l => l.Outcome is not (PeriodOutcome.Unreported or PeriodOutcome.NoData or PeriodOutcome.Cancelled) && accepted.ContainsKey(l.TaskId)), l =>
        {
            Assert.Equal(accepted[l.TaskId].PeriodLabel, l.ReportPeriod);
            Assert.Equal(accepted[l.TaskId].Progress, l.Progress);
        });
        // The June reports, accepted in early July, are what the half year prints (not May's or March's).
        var july = lines.Where(l => l.ReportAcceptedOn > new DateOnly(2026, 6, 30)).ToList();
        Assert.True(july.Count > lines.Count / 2, $"{july.Count} of {lines.Count} tasks show a report accepted after 6月30日");
        Assert.Contains(lines, l => l.ReportPeriod == "2026年6月");
        Assert.Contains(lines, l => l.ReportPeriod == "2026年第二季度");
        // No task without its period's report is 完成.
        Assert.All(lines.Where(l => l.Outcome is PeriodOutcome.Completed or PeriodOutcome.OnSchedule && l.Light != TrafficLight.Done), l => Assert.NotNull(l.ReportPeriod));
        Assert.DoesNotContain(lines, l => l.Outcome == PeriodOutcome.Completed && l.Progress.StartsWith("截至", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_half_year_bulletin_states_the_tables_counts_and_names_in_the_register_of_seed_002()
    {
        var (bulletins, tables) = Services();
        using var book = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _h1, Ct)).Content));
        var (pdf, missing) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        var text = PdfText.Flat(pdf.Content);
        var t = Totals(book);
        var indicators = book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed()
            .SkipWhile(r => r.Cell(1).GetString() != "指标").Skip(1)
            .Select(r => (Name: r.Cell(1).GetString(), Class: r.Cell(5).GetString())).ToList();
        var titles = await TitlesAsync();
        var rows = Rows(book);
        string Named(string outcome) => string.Join("、", rows.Where(r => r.Outcome == outcome).Select(r => titles[r.Number]));

        Assert.Empty(missing);
        Assert.Equal(1, t[5]);
        Assert.Equal(8, indicators.Count);
        string Names(string cls) => string.Join("、", indicators.Where(i => i.Class == cls).Select(i => i.Name));
        var parts = new[] { ("完成进度", Names("完成进度")), ("未完成进度", Names("未完成进度")), ("暂无数据", Names("暂无数据")) }
            .Where(p => p.Item2.Length > 0)
            .Select(p => $"{p.Item2.Split('、').Length}项{p.Item1}（{p.Item2}）").ToList();
        Assert.Contains(
            $"8项主要经济发展指标中{string.Join("、", parts)}。",
            text);
        Assert.Contains("统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准。", text);
        Assert.Contains(
            $"列入市《政府工作报告》任务分解表的共{t[0] + 8}项任务中，{t[0]}项重点工作完成{t[1]}项，部分完成{t[2]}项（{Named("部分完成")}），" +
            $"未完成{t[3]}项（{Named("未完成")}）{(t[4] > 0 ? $"，未报送进展{t[4]}项（{Named("未报送")}）" : "")}，取消1项（园林绿化养护市场化试点）。",
            text);
        // Each task is counted once: 8 rows carry an indicator's class, the rest the 重点工作's, and they add up.
        Assert.Equal(8, rows.Count(r => r.Outcome is "完成进度" or "未完成进度" or "暂无数据"));
        Assert.Equal(t[0], rows.Count(r => r.Outcome is "完成" or "部分完成" or "未完成" or "未报送" or "取消"));
    }

    [Fact]
    public async Task The_indicators_state_target_actual_and_completion_in_the_same_words_in_the_table_and_the_bulletin()
    {
        var (bulletins, tables) = Services();
        using var book = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _h1, Ct)).Content));
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        var text = PdfText.Flat(pdf.Content);
        var summary = book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().SkipWhile(r => r.Cell(1).GetString() != "指标").ToList();
        var rows = summary.Skip(1).Select(r => (Name: r.Cell(1).GetString(), Target: r.Cell(3).GetString(), Actual: r.Cell(4).GetString(), Class: r.Cell(5).GetString(), Words: r.Cell(6).GetString())).ToList();

        Assert.Equal(["指标", "牵头单位", "目标", "实际", "进度", "完成情况"], Enumerable.Range(1, 6).Select(c => summary[0].Cell(c).GetString()));
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Matches("^(控制)?目标[0-9.]+", r.Target));
        Assert.All(rows, r => Assert.Contains(r.Class, new[] { "完成进度", "未完成进度", "暂无数据" }));
        Assert.Contains(rows, r => r.Words.StartsWith("完成年计划的", StringComparison.Ordinal) || r.Words.Contains("目标", StringComparison.Ordinal));
        foreach (var r in rows)
        {
            // The bulletin's indicator paragraph states each figure exactly as the table does.
            var said = r.Class == "暂无数据" ? $"{r.Name}{r.Target}，暂无数据" : $"{r.Name}{r.Target}，实际{r.Actual}，{r.Words}";
            Assert.Contains(said, text);
            if (r.Class == "暂无数据")
                Assert.Equal(("—", "暂无数据"), (r.Actual, r.Words));
            else
                Assert.Matches("^[0-9.]+", r.Actual);
        }
    }

    [Fact]
    public async Task The_problems_name_every_unfinished_task_first_and_say_each_reported_sentence_once()
    {
        var (bulletins, tables) = Services();
        var draft = (await bulletins.GetAsync(Inspector, _h1, Ct)).Text;
        using var book = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _h1, Ct)).Content));
        var titles = await TitlesAsync();
        var unfinished = Rows(book).Where(r => r.Outcome == "未完成").Select(r => titles[r.Number]).ToList();
        var paragraphs = draft.Problems.Split('\n');

        Assert.NotEmpty(unfinished);
        Assert.StartsWith($"一是{unfinished.Count}项任务未完成进度要求。", paragraphs[1]);
        Assert.All(unfinished, title => Assert.Contains(title, paragraphs[1]));
        var sentences = paragraphs.Skip(1).SelectMany(p => p.Split('。', '；')).Select(x => x.Trim()).Where(x => x.Length > 0 && !x.StartsWith("涉及", StringComparison.Ordinal)).ToList();
        Assert.Equal(sentences.Count, sentences.Distinct().Count());
        Assert.Matches("^二是[^。]+。", paragraphs[2]);

        // What the problems say is what the units reported and the office accepted by the cut-off (7月15日).
        await using var db = city.Db.CreateDbContext();
        var cutoff = ChinaTime.UtcOf(new DateOnly(2026, 7, 16), TimeOnly.MinValue);
        var reported = (await db.Reports.AsNoTracking()
            .SelectMany(r => r.Revisions.Where(v => v.State == RevisionState.Accepted && v.DecidedAt < cutoff), (r, v) => v.Problems)
            .ToListAsync(Ct)).SelectMany(BulletinDrafter.Sentences).ToHashSet();
        // The 未报送 tasks close the list: named, with nothing reported to quote.
        Assert.Matches("^[一二三四五六七八九十]+是进展报送不及时。", paragraphs.Last(p => Regex.IsMatch(p, "^[一二三四五六七八九十]+是")));
        var themed = paragraphs.Skip(2).Where(p => Regex.IsMatch(p, "^[一二三四五六七八九十]+是") && !p.Contains("进展报送不及时", StringComparison.Ordinal)).SelectMany(p => p.Split('。')[1].Split('；')).ToList();
        Assert.NotEmpty(themed);
        Assert.All(themed, sentence => Assert.Contains(sentence, reported));
    }

    [Fact]
    public async Task The_requirements_are_separate_numbered_paragraphs_that_build_on_the_reported_measures()
    {
        var (bulletins, _) = Services();
        var draft = (await bulletins.GetAsync(Inspector, _h1, Ct)).Text;
        var paragraphs = draft.Requirements.Split('\n');

        Assert.True(paragraphs.Length >= 3);
        Assert.All(paragraphs.Select((p, i) => (p, i)), x => Assert.StartsWith($"（{ChineseNumerals.Ordinal(x.i + 1)}）", x.p));
        Assert.All(paragraphs, p => Assert.True(p.Length < 400, p));
        Assert.Matches("^（一）切实增强责任感和紧迫感。各地区、各部门要对照“双过半”的目标要求", draft.Requirements);
        Assert.Contains("（二）集中力量攻坚未完成任务。", draft.Requirements);
        Assert.DoesNotContain("““", draft.Requirements);
        Assert.DoesNotContain("‘", draft.Requirements);
        // A measure a unit reported for two tasks is required once (市商务局's 以商招商 covers two of its tasks).
        var measures = draft.Requirements.Split('；', '。')
            .Where(c => c.Contains("，推进", StringComparison.Ordinal))
            .Select(c => c[..c.IndexOf("，推进", StringComparison.Ordinal)])
            .Select(c => c.Contains('要') ? c[(c.IndexOf('要') + 1)..] : c)
            .ToList();
        Assert.NotEmpty(measures);
        Assert.Equal(measures.Distinct(StringComparer.Ordinal), measures);
    }

    [Fact]
    public async Task The_progress_section_reports_work_done_by_category_without_the_indicators()
    {
        var (bulletins, _) = Services();
        var draft = (await bulletins.GetAsync(Inspector, _h1, Ct)).Text;
        var paragraphs = draft.Progress.Split('\n');

        Assert.StartsWith("2026年上半年，各地区、各部门", paragraphs[0]);
        Assert.True(paragraphs.Length >= 5);
        Assert.All(paragraphs.Skip(1).SkipLast(1).Select((p, i) => (p, i)), x => Assert.Matches($"^（{ChineseNumerals.Ordinal(x.i + 1)}）[^。]+。\\d+项任务中\\d+项按进度完成。.+方面，", x.p));
        // The section closes with the units praised from the 红榜.
        Assert.Matches("^2026年上半年，根据任务完成、按进度推进、进展报送及时等情况综合评分，.+等5个单位综合得分位居全市前列，予以通报表扬。$", paragraphs[^1]);
        Assert.DoesNotContain("主要经济指标", draft.Progress);
        Assert.DoesNotMatch("方面，\\d{4}年\\d{1,2}月，", draft.Progress);
    }

    [Fact]
    public async Task A_running_period_says_how_far_it_is_judged_and_claims_no_target_reached()
    {
        var (bulletins, _) = Services();
        var q3 = (await bulletins.GetAsync(Inspector, _q3, Ct)).Text;
        var all = string.Join("\n", q3.Opening, q3.Overall, q3.Progress, q3.Problems, q3.Requirements);

        Assert.Contains("本期尚未结束，以下情况截至2026年7月20日。", q3.Opening);
        Assert.Contains("总体看，截至2026年7月20日，", q3.Overall);
        Assert.DoesNotContain("达到了", all);
        Assert.DoesNotContain("达到全年", all);
        Assert.DoesNotContain("总体达到", all);
    }

    [Fact]
    public async Task Each_period_is_judged_as_of_its_end_so_the_task_cancelled_in_May_counts_only_from_the_half_year()
    {
        var (bulletins, tables) = Services();
        using var q1 = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _q1, Ct)).Content));
        using var h1 = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _h1, Ct)).Content));
        using var q3 = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _q3, Ct)).Content));

        Assert.Equal("统计截至2026年3月31日，进展情况以2026年4月15日前审核采纳的报告为准　　制表：澜江市委市政府督查室", q1.Worksheet(1).Cell(2, 1).GetString());
        Assert.Equal("统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准　　制表：澜江市委市政府督查室", h1.Worksheet(1).Cell(2, 1).GetString());
        Assert.StartsWith("本期尚未结束，统计截至2026年7月20日，进展情况以2026年7月20日前审核采纳的报告为准", q3.Worksheet(1).Cell(2, 1).GetString());
        var titles = await TitlesAsync();
        Assert.NotEqual("取消", Rows(q1).Single(r => titles[r.Number] == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal("取消", Rows(h1).Single(r => titles[r.Number] == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal(0, Totals(q1)[5]);
        Assert.Contains("取消0项。", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        Assert.Contains("按照时序进度要求分为完成、部分完成和未完成三种情况", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        // The half year counts its own (June, second-quarter) reports; the running quarter is judged as of today.
        Assert.NotEqual(Totals(h1), Totals(q3));
    }

    [Fact]
    public async Task The_attached_table_is_turned_on_portrait_sheets_with_its_header_on_every_page_and_the_page_numbers_where_the_body_has_them()
    {
        var (bulletins, _) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var document = PdfDocument.Open(pdf.Content);
        var pages = document.GetPages().ToList();
        static bool Turned(Page p) => p.Letters.Any(l => l.TextOrientation != TextOrientation.Horizontal);
        var body = pages.TakeWhile(p => !Turned(p)).ToList();
        var table = pages.Skip(body.Count).TakeWhile(Turned).ToList();

        Assert.InRange(body.Count, 4, 12);
        Assert.True(table.Count >= 10, $"附表{table.Count}页");
        // GB/T 9704 10.1: the sheets stay A4 portrait, the table turned with its head on the left edge.
        Assert.All(pages, p => Assert.True(p.Height > p.Width));
        Assert.All(table, p => Assert.Contains(string.Concat(CompletionColumns.Headers), string.Concat(p.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal)));
        // Every header on one line of its cell, the head of the table on the sheet's left edge.
        var head = PdfText.Lines(table[1]).First(l => !l.Upright && l.Text.StartsWith("序号", StringComparison.Ordinal));
        Assert.Equal(string.Concat(CompletionColumns.Headers), head.Text);
        Assert.InRange(head.Left, 28, 40);
        foreach (var (page, index) in body.Concat(table).Select((p, i) => (p, i + 1)))
        {
            var number = PdfText.Lines(page).Single(l => l.Upright && Regex.IsMatch(l.Text, "^—[0-9]+—$"));
            Assert.Equal($"—{index}—", number.Text);
            // 7 mm under the text area (262 mm), one character in from the outside edge: right on odd pages, left on even.
            Assert.InRange((number.Top + number.Bottom) / 2, 267, 271);
            if (index % 2 == 1)
                Assert.InRange(184 - number.Right, 4, 6.5);
            else
                Assert.InRange(number.Left - 28, 4, 6.5);
        }
    }

    [Fact]
    public async Task The_colophon_is_at_the_foot_of_an_even_last_page_and_pages_added_for_it_carry_no_number()
    {
        var (bulletins, _) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var document = PdfDocument.Open(pdf.Content);
        var pages = document.GetPages().ToList();
        var numbered = PdfText.Lines(pages[^1]).Any(l => Regex.IsMatch(l.Text, "^—[0-9]+—$"));
        var last = PdfText.Lines(pages[^1]).Where(l => l.Text != "草稿（未签发）" && !Regex.IsMatch(l.Text, "^—[0-9]+—$")).ToList();

        Assert.Equal(0, pages.Count % 2);
        Assert.Equal(["抄送：市委办公室，市人大常委会办公室，市政协办公室，市纪委监委。", "澜江市人民政府办公室2026年7月20日印发"], last.Select(l => l.Text));
        // 4号 (14 pt) 仿宋, one character in from either side, the last line just above the bottom of the text area.
        Assert.All(last, l => Assert.InRange(l.Size, 13.9, 14.1));
        Assert.InRange(last[0].Left - 28, 4.5, 5.5);
        Assert.InRange(last[1].Left - 28, 4.5, 5.5);
        Assert.InRange(184 - last[1].Right, 4.5, 5.5);
        Assert.InRange(262 - last[1].Bottom, 1, 6);
        var previous = pages[^2];
        if (!previous.Letters.Any(l => l.TextOrientation != TextOrientation.Horizontal))
        {
            // A blank page was put in to reach an even page: neither carries a number (GB/T 9704 7.5).
            Assert.DoesNotContain(PdfText.Lines(previous), l => l.Text != "草稿（未签发）");
            Assert.False(numbered);
        }
    }

    [Fact]
    public async Task The_attached_table_has_the_columns_and_rows_of_the_excel_table()
    {
        var (bulletins, tables) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var book = new XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, _h1, Ct)).Content));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var excelHeaders = Enumerable.Range(1, CompletionColumns.All.Count).Select(c => ws.Cell(CompletionTableBuilder.HeaderRow, c).GetString()).ToList();
        var text = PdfText.Flat(pdf.Content);

        Assert.Equal(10, excelHeaders.Count);
        Assert.Equal("", ws.Cell(CompletionTableBuilder.HeaderRow, 11).GetString());
        Assert.Contains(string.Concat(excelHeaders), text);
        // Each Excel row's 统一编号 and 牵头单位 and 完成情况 appear in the PDF in the same order.
        var at = text.IndexOf(string.Concat(excelHeaders), StringComparison.Ordinal);
        foreach (var (number, lead, outcome) in Rows(book))
        {
            var next = text.IndexOf(number, at, StringComparison.Ordinal);
            Assert.True(next > at, number);
            at = next;
        }

        Assert.Equal(Rows(book).Count, Regex.Matches(text[text.IndexOf(string.Concat(excelHeaders), StringComparison.Ordinal)..], "2026-ZD-[0-9]{3}").Count);
    }

    [Fact]
    public async Task The_first_page_renders_with_the_red_header_and_the_rule()
    {
        var (bulletins, _) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var bitmap = SKBitmap.Decode(PdfText.RenderFirstPage(pdf.Content, "demo-bulletin-2026-H1"));

        // The header and the rule are red in the top third, nowhere in the lower half.
        int Red(int from, int to)
        {
            var n = 0;
            for (var y = from; y < to; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red > 180 && c.Green < 90 && c.Blue < 90)
                        n++;
                }
            }

            return n;
        }

        Assert.True(Red(0, bitmap.Height / 3) > 100);
        Assert.Equal(0, Red(bitmap.Height / 2, bitmap.Height));
    }

    [Fact]
    public void The_drafter_writes_the_full_year_against_the_years_targets_with_全年_in_the_title()
    {
        var report = SampleReports.HalfYear() with { Period = SupervisionPeriod.Of(2026)[3], AsOf = new DateOnly(2026, 12, 31) };
        var text = BulletinDrafter.Draft(report, "各县（市、区）人民政府：");

        Assert.Equal("澜江市人民政府办公室关于2026年全年《政府工作报告》任务指标完成情况的通报", text.Title);
        Assert.Contains("按照全年目标任务要求分为完成、部分完成和未完成三种情况", text.Overall);
        Assert.StartsWith("（一）切实增强责任感和紧迫感。各地区、各部门要对照全年目标要求，对未完成的任务逐项分析原因", text.Requirements);
    }
}
