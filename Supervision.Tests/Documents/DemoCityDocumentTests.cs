using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;
using Supervision.Core.Demo;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Services;
using UglyToad.PdfPig;
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

    private PeriodReportService Reports() =>
        new(city.Db, TestJudgement.For(city.Db, city.Clock), Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }));

    private (BulletinService Bulletins, CompletionTableService Tables) Services()
    {
        var reports = Reports();
        return (new BulletinService(city.Db, reports, new DocumentRenderer(SampleReports.Fonts), city.Clock, Options.Create(new DocumentOptions())), new CompletionTableService(city.Db, reports));
    }

    /// <summary>The 汇总 sheet's 合计 row: 重点工作, 完成, 部分完成, 未完成, 未报送, 取消.</summary>
    private static int[] Totals(XLWorkbook book) =>
        [.. Enumerable.Range(2, 6).Select(c => book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计").Cell(c).GetValue<int>())];

    /// <summary>Detail rows of the table: (task title, lead unit, 完成情况).</summary>
    private static List<(string Title, string Lead, string Outcome)> Rows(XLWorkbook book) =>
        [.. book.Worksheet(CompletionTableBuilder.DetailSheet).RowsUsed()
            .Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .Select(r => (r.Cell(2).GetString().Split('：')[0], r.Cell(3).GetString(), r.Cell(8).GetString()))];

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
            .Select(r => (Name: r.Cell(1).GetString(), Class: r.Cell(4).GetString())).ToList();

        Assert.Empty(missing);
        Assert.Equal(1, t[5]);
        Assert.Equal(8, indicators.Count);
        string Names(string cls) => string.Join("、", indicators.Where(i => i.Class == cls).Select(i => i.Name));
        var parts = new[] { ("完成进度", Names("完成进度")), ("未完成进度", Names("未完成进度")), ("暂无数据", Names("暂无数据")) }
            .Where(p => p.Item2.Length > 0)
            .Select(p => $"{p.Item2.Split('、').Length}项{p.Item1}（{p.Item2}）").ToList();
        Assert.Contains(
            $"统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准。列入市《政府工作报告》任务分解表的共{t[0] + 8}项任务。" +
            $"8项主要经济发展指标中{string.Join("、", parts)}；" +
            $"{t[0]}项重点工作中，完成{t[1]}项，部分完成{t[2]}项，未完成{t[3]}项{(t[4] > 0 ? $"，未报送进展{t[4]}项" : "")}，取消1项（园林绿化养护市场化试点）。",
            text);
        var rows = Rows(book);
        var partial = rows.Where(r => r.Outcome == "部分完成").ToList();
        var notCompleted = rows.Where(r => r.Outcome == "未完成").ToList();
        Assert.Contains($"（一）部分完成的任务{partial.Count}项：{string.Join("；", partial.Select(r => $"{r.Title}（{r.Lead}）"))}。", text);
        Assert.Contains($"（二）未完成的任务{notCompleted.Count}项：{string.Join("；", notCompleted.Select(r => $"{r.Title}（{r.Lead}）"))}。", text);
        // Each task is counted once: 8 rows carry an indicator's class, the rest the 重点工作's, and they add up.
        Assert.Equal(8, rows.Count(r => r.Outcome is "完成进度" or "未完成进度" or "暂无数据"));
        Assert.Equal(t[0], rows.Count(r => r.Outcome is "完成" or "部分完成" or "未完成" or "未报送" or "取消"));
    }

    [Fact]
    public async Task The_problems_and_requirements_quote_what_the_units_reported_by_the_period_end()
    {
        var (bulletins, _) = Services();
        var draft = (await bulletins.GetAsync(Inspector, _h1, Ct)).Text;
        await using var db = city.Db.CreateDbContext();
        // What the units reported for the half year and the office accepted by its cut-off (7月15日).
        var cutoff = ChinaTime.UtcOf(new DateOnly(2026, 7, 16), TimeOnly.MinValue);
        var accepted = await db.Reports.AsNoTracking()
            .Where(r => r.PeriodEnd <= new DateOnly(2026, 6, 30))
            .SelectMany(r => r.Revisions.Where(v => v.State == RevisionState.Accepted && v.DecidedAt < cutoff), (r, v) => new { r.TaskId, v.Problems, v.NextSteps })
            .ToListAsync(Ct);
        var titles = await db.Tasks.AsNoTracking().ToDictionaryAsync(x => x.Title, x => x.Id, Ct);

        var problems = draft.Problems.Split('\n').Skip(1).ToList();
        Assert.NotEmpty(problems);
        foreach (var line in problems)
        {
            var m = Regex.Match(line, "^[一二三四五六七八九十]+是(.+?)（[^（）]+）：(.+)$");
            Assert.True(m.Success, line);
            var said = m.Groups[2].Value.TrimEnd('。');
            Assert.Contains(accepted, a => a.TaskId == titles[m.Groups[1].Value] && (a.Problems ?? "").Replace('\n', '，').Trim().TrimEnd('。') == said);
        }

        Assert.Contains("二是抓紧落实已提出的下步措施。", draft.Requirements);
        Assert.DoesNotContain("““", draft.Requirements);
        Assert.Matches("^一是切实增强责任感和紧迫感。各地区、各部门要对照“双过半”的目标要求", draft.Requirements);
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
        Assert.NotEqual("取消", Rows(q1).Single(r => r.Title == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal("取消", Rows(h1).Single(r => r.Title == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal(0, Totals(q1)[5]);
        Assert.Contains("取消0项。", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        Assert.Contains("按照时序进度要求分为完成、部分完成和未完成三种情况", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        // The half year counts its own (June, second-quarter) reports; the running quarter is judged as of today.
        Assert.NotEqual(Totals(h1), Totals(q3));
    }

    [Fact]
    public async Task The_bulletin_has_a_portrait_body_and_a_landscape_table_whose_header_repeats_on_every_page()
    {
        var (bulletins, _) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var document = PdfDocument.Open(pdf.Content);
        var pages = document.GetPages().ToList();
        var body = pages.TakeWhile(p => p.Height > p.Width).ToList();
        var table = pages.Skip(body.Count).ToList();

        Assert.InRange(body.Count, 3, 8);
        Assert.True(table.Count >= 10, $"附表{table.Count}页");
        Assert.All(table, p => Assert.True(p.Width > p.Height));
        Assert.All(table, p => Assert.Contains("序号任务牵头单位完成时限进展情况完成情况备注", string.Concat(p.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal)));
        Assert.All(pages.Select((p, i) => (p, i)), x => Assert.Contains($"—{x.i + 1}—", string.Concat(x.p.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal)));
        Assert.StartsWith("附件", string.Concat(table[0].Letters.Select(l => l.Value)).Replace("草稿（未签发）", "", StringComparison.Ordinal).Trim());
    }

    [Fact]
    public async Task No_printed_line_of_the_body_begins_with_closing_or_ends_with_opening_punctuation()
    {
        var (bulletins, _) = Services();
        var (pdf, _) = await bulletins.PdfAsync(Inspector, _h1, null, Ct);
        using var document = PdfDocument.Open(pdf.Content);
        var lines = document.GetPages().Where(p => p.Height > p.Width)
            .SelectMany(p => p.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
                .GroupBy(l => Math.Round(l.StartBaseLine.Y))
                .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value))))
            .Where(l => !Regex.IsMatch(l, "^—[0-9]+—$") && l != "草稿（未签发）")
            .ToList();

        Assert.True(lines.Count > 80, $"{lines.Count}行");
        Assert.All(lines, l => Assert.False(LineBreaker.NoLineStart.Contains(l[0]), $"行首“{l}”"));
        Assert.All(lines, l => Assert.False(LineBreaker.NoLineEnd.Contains(l[^1]), $"行尾“{l}”"));
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
    public void The_drafter_writes_the_full_year_against_the_years_targets()
    {
        var report = SampleReports.HalfYear() with { Period = SupervisionPeriod.Of(2026)[3], AsOf = new DateOnly(2026, 12, 31) };
        var text = BulletinDrafter.Draft(report, "各县（市、区）人民政府：");

        Assert.Equal("澜江市人民政府办公室关于2026年《政府工作报告》任务指标完成情况的通报", text.Title);
        Assert.Contains("按照全年目标任务要求分为完成、部分完成和未完成三种情况", text.Overall);
        Assert.StartsWith("一是切实增强责任感和紧迫感。各地区、各部门要对照全年目标要求，对未完成的任务逐项分析原因", text.Requirements);
    }
}
