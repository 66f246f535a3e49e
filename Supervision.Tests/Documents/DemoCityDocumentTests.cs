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

/// <summary>The demo city seeded as of 2026年7月10日 10:00 (China time): the half year has ended, the third quarter runs.</summary>
public sealed class DemoDocumentsFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero));

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

    private (BulletinService Bulletins, CompletionTableService Tables) Services()
    {
        var reports = new PeriodReportService(city.Db, city.Clock, Options.Create(new RuleThresholds()), Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }));
        return (new BulletinService(city.Db, reports, new DocumentRenderer(SampleReports.Fonts), city.Clock, Options.Create(new DocumentOptions())), new CompletionTableService(city.Db, reports));
    }

    private static int[] Totals(XLWorkbook book) =>
        [.. Enumerable.Range(2, 5).Select(c => book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计").Cell(c).GetValue<int>())];

    /// <summary>Detail rows of the table: (task title, lead unit, 完成情况).</summary>
    private static List<(string Title, string Lead, string Outcome)> Rows(XLWorkbook book) =>
        [.. book.Worksheet(CompletionTableBuilder.DetailSheet).RowsUsed()
            .Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .Select(r => (r.Cell(2).GetString().Split('：')[0], r.Cell(3).GetString(), r.Cell(8).GetString()))];

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
            .Select(r => (Name: r.Cell(1).GetString(), On: r.Cell(4).GetString() == "完成进度")).ToList();

        Assert.Empty(missing);
        Assert.Equal(1, t[4]);
        Assert.Equal(8, indicators.Count);
        Assert.Contains(
            $"截至2026年6月30日，列入市《政府工作报告》任务分解表的共{t[0]}项任务中，完成{t[1]}项，部分完成{t[2]}项，未完成{t[3]}项，取消1项（园林绿化养护市场化试点）；" +
            $"8项主要经济发展指标中3项完成进度（{string.Join("、", indicators.Where(i => i.On).Select(i => i.Name))}）、" +
            $"5项未完成进度（{string.Join("、", indicators.Where(i => !i.On).Select(i => i.Name))}）。",
            text);
        var rows = Rows(book);
        var partial = rows.Where(r => r.Outcome == "部分完成").ToList();
        var notCompleted = rows.Where(r => r.Outcome == "未完成").ToList();
        Assert.Contains($"（一）部分完成的任务{partial.Count}项：{string.Join("；", partial.Select(r => $"{r.Title}（{r.Lead}）"))}。", text);
        Assert.Contains($"（二）未完成的任务{notCompleted.Count}项：{string.Join("；", notCompleted.Select(r => $"{r.Title}（{r.Lead}）"))}。", text);
    }

    [Fact]
    public async Task The_problems_and_requirements_quote_what_the_units_reported_by_the_period_end()
    {
        var (bulletins, _) = Services();
        var draft = (await bulletins.GetAsync(Inspector, _h1, Ct)).Text;
        await using var db = city.Db.CreateDbContext();
        var cutoff = ChinaTime.UtcOf(new DateOnly(2026, 7, 1), TimeOnly.MinValue);
        var accepted = await db.Reports.AsNoTracking()
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

        Assert.Equal("统计截至：2026年3月31日　　制表：澜江市委市政府督查室", q1.Worksheet(1).Cell(2, 1).GetString());
        Assert.Equal("统计截至：2026年6月30日　　制表：澜江市委市政府督查室", h1.Worksheet(1).Cell(2, 1).GetString());
        Assert.StartsWith("本期尚未结束，统计截至：2026年7月10日", q3.Worksheet(1).Cell(2, 1).GetString());
        Assert.NotEqual("取消", Rows(q1).Single(r => r.Title == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal("取消", Rows(h1).Single(r => r.Title == DemoCatalog.CancelledTitle).Outcome);
        Assert.Equal(0, Totals(q1)[4]);
        Assert.Contains("取消0项；", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        Assert.Contains("按照时序进度要求分为完成、部分完成和未完成三种情况。", (await bulletins.GetAsync(Inspector, _q1, Ct)).Text.Overall);
        // Reports accepted in July do not move the half year: its table differs from the running quarter's.
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
        Assert.Contains("按照全年目标任务要求分为完成、部分完成和未完成三种情况。", text.Overall);
        Assert.StartsWith("一是切实增强责任感和紧迫感。各地区、各部门要对照全年目标要求，对未完成的任务逐项分析原因", text.Requirements);
    }
}
