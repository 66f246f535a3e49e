using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Documents;
using Supervision.Core.Judging;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Documents;

/// <summary>Drafting, issuing and closing against a real SQLite database.</summary>
public sealed class BulletinIssueTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = default!;
    private int _taskId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var context = _db.CreateDbContext();
        var unit = new Unit("澜江市住房和城乡建设局", UnitKind.Department, 1, "市住建局");
        var category = new Category(2026, "城市建设", 1);
        context.AddRange(unit, category);
        await context.SaveChangesAsync(Ct);
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, Definition(unit.Id) with { CategoryId = category.Id }, Inspector, At);
        task.Assign(Inspector, At);
        context.Tasks.Add(task);
        await context.SaveChangesAsync(Ct);
        _taskId = task.Id;

        // May's report, accepted on 8 June: 30% when half the year has gone.
        var may = new ReportPeriod("2026-05", "2026年5月", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 5));
        var at = new DateTime(2026, 6, 8, 2, 0, 0, DateTimeKind.Utc);
        var report = ProgressReport.Open(task, may, new ReportContent("完成3条道路改造。", "拆迁进度滞后", "倒排工期", 30, null), Operator(unit.Id), at);
        report.SendForReview(Operator(unit.Id), at);
        report.ApproveAsSupervisor(Supervisor(unit.Id), at, null);
        report.ApproveAsPrincipal(Principal(unit.Id), at, null);
        report.Accept(Inspector, at, null);
        context.Reports.Add(report);
        await context.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private (BulletinService Bulletins, CompletionTableService Tables, PeriodCloseService Periods) Services()
    {
        var reports = new PeriodFiguresService(_db, TestJudgement.For(_db, _clock), Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }), new StaticOptions<ScoringWeights>(ScoringWeights.Default));
        var bulletins = new BulletinService(_db, reports, new DocumentRenderer(SampleReports.Fonts), _clock, Options.Create(new DocumentOptions()));
        return (bulletins, new CompletionTableService(_db, reports, Options.Create(new DocumentOptions())), new PeriodCloseService(_db, _clock));
    }

    [Fact]
    public async Task Issuing_gives_the_number_stores_both_files_and_writes_their_hashes_into_the_audit_record()
    {
        var (bulletins, tables, _) = Services();
        var view = await bulletins.GetAsync(Inspector, SampleReports.H1, Ct);
        Assert.Contains("完成0项，部分完成0项，未完成1项（", view.Text.Overall);

        var issued = await bulletins.IssueAsync(Inspector, SampleReports.H1, view.Text, Ct);

        Assert.Equal("澜政办通〔2026〕1号", issued.Number);
        var (pdf, _) = await bulletins.PdfAsync(Inspector, SampleReports.H1, null, Ct);
        var table = await tables.BuildAsync(Inspector, SampleReports.H1, Ct);
        Assert.Contains("澜政办通〔2026〕1号", PdfText.Page(pdf.Content, 1));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf.Content)), pdf.Sha256);
        await using var context = _db.CreateDbContext();
        var audit = await context.AuditEvents.SingleAsync(e => e.Action == "bulletin.issued", Ct);
        Assert.Contains(pdf.Sha256!, audit.Summary);
        Assert.Contains(table.Sha256!, audit.Summary);
        Assert.Equal(issued.Id, audit.EntityId);
    }

    [Fact]
    public async Task After_issue_the_editing_preview_shows_the_issued_copy_with_its_number_also_when_opened_again()
    {
        var (bulletins, _, _) = Services();
        var view = await bulletins.GetAsync(Inspector, SampleReports.H1, Ct);
        var draft = await bulletins.PreviewAsync(Inspector, SampleReports.H1, view.Text, ct: Ct);

        await bulletins.IssueAsync(Inspector, SampleReports.H1, view.Text, Ct);
        // A page opened afterwards (a reload) builds its services anew and asks with whatever text it holds.
        var (reopened, _, _) = Services();
        var text = (await reopened.GetAsync(Inspector, SampleReports.H1, Ct)).Text;
        var preview = await reopened.PreviewAsync(Inspector, SampleReports.H1, text with { Title = "未保存的修改" }, ct: Ct);
        var (pdf, _) = await reopened.PdfAsync(Inspector, SampleReports.H1, null, Ct);

        Assert.Equal(PdfText.Pages(pdf.Content), preview.PageCount);
        Assert.Equal(preview.PageCount, preview.Pages.Count);
        Assert.NotEqual(draft.Pages[0], preview.Pages[0]);
        // The issued first page: no 草稿 marker in the top margin, the 文号 line printed where the draft left it blank.
        using var issuedPage = SkiaSharp.SKBitmap.Decode(preview.Pages[0]);
        using var draftPage = SkiaSharp.SKBitmap.Decode(draft.Pages[0]);
        var scale = BulletinService.PreviewScale * PageSetup.Millimetre;
        Assert.True(Ink(draftPage, 28, 17, 60, 23, scale) > 20, "草稿标记");
        Assert.Equal(0, Ink(issuedPage, 28, 17, 60, 23, scale));
        var numberLine = PdfText.Lines(pdf.Content, 1).Single(l => l.Text.StartsWith("澜政办通", StringComparison.Ordinal));
        Assert.Equal("澜政办通〔2026〕1号", numberLine.Text);
        Assert.True(Ink(issuedPage, numberLine.Right - 8, numberLine.Top, numberLine.Right, numberLine.Bottom, scale) > Ink(draftPage, numberLine.Right - 8, numberLine.Top, numberLine.Right, numberLine.Bottom, scale) + 20);
    }

    /// <summary>Dark pixels in a rectangle given in millimetres.</summary>
    private static int Ink(SkiaSharp.SKBitmap page, double left, double top, double right, double bottom, double scale)
    {
        var n = 0;
        for (var y = (int)(top * scale); y < (int)(bottom * scale); y++)
        {
            for (var x = (int)(left * scale); x < (int)(right * scale); x++)
            {
                var c = page.GetPixel(x, y);
                if (c.Red < 200 && c.Green < 200 && c.Blue < 200)
                    n++;
            }
        }

        return n;
    }

    [Fact]
    public async Task An_issued_bulletin_downloads_the_same_bytes_after_the_data_changes()
    {
        var (bulletins, tables, _) = Services();
        var view = await bulletins.GetAsync(Inspector, SampleReports.H1, Ct);
        await bulletins.IssueAsync(Inspector, SampleReports.H1, view.Text, Ct);
        var (before, _) = await bulletins.PdfAsync(Inspector, SampleReports.H1, null, Ct);
        var tableBefore = await tables.BuildAsync(Inspector, SampleReports.H1, Ct);

        await using (var context = _db.CreateDbContext())
        {
            var task = await context.Tasks.SingleAsync(t => t.Id == _taskId, Ct);
            task.Cancel("因政策调整原因取消", Inspector, _clock.GetUtcNow().UtcDateTime);
            await context.SaveChangesAsync(Ct);
        }

        _clock.Advance(TimeSpan.FromDays(3));
        var (after, _) = await bulletins.PdfAsync(Inspector, SampleReports.H1, null, Ct);
        var tableAfter = await tables.BuildAsync(Inspector, SampleReports.H1, Ct);
        Assert.Equal(before.Content, after.Content);
        Assert.Equal(tableBefore.Content, tableAfter.Content);
        await Assert.ThrowsAsync<DomainException>(() => bulletins.SaveDraftAsync(Inspector, SampleReports.H1, view.Text, Ct));
    }

    [Fact]
    public async Task A_running_period_cannot_be_issued_and_units_cannot_read_period_documents()
    {
        var (bulletins, tables, _) = Services();
        var q3 = SupervisionPeriod.Of(2026)[2];
        var draft = await bulletins.RedraftAsync(Inspector, q3, Ct);

        await Assert.ThrowsAsync<DomainException>(() => bulletins.IssueAsync(Inspector, q3, draft, Ct));
        await Assert.ThrowsAsync<DomainException>(() => tables.BuildAsync(Operator(1), SampleReports.H1, Ct));
        await Assert.ThrowsAsync<DomainException>(() => bulletins.SaveDraftAsync(new Actor("l", "市领导", new HashSet<string> { Roles.CityLeader }, null), SampleReports.H1, draft, Ct));
    }

    [Fact]
    public async Task A_closed_period_refuses_changes_dated_inside_it_unless_recorded_as_a_correction()
    {
        var (_, _, periods) = Services();
        await periods.CloseAsync(Inspector, SampleReports.H1, Ct);
        var now = _clock.GetUtcNow().UtcDateTime;

        await using var context = _db.CreateDbContext();
        var refused = await Assert.ThrowsAsync<DomainException>(() => PeriodCloseService.EnsureOpenAsync(context, new DateOnly(2026, 5, 31), Inspector, now, "采纳5月落实情况", null, Ct));
        Assert.Contains("已于2026年7月10日关闭", refused.Message);
        await PeriodCloseService.EnsureOpenAsync(context, new DateOnly(2026, 7, 5), Inspector, now, "采纳7月落实情况", null, Ct);
        await PeriodCloseService.EnsureOpenAsync(context, new DateOnly(2026, 5, 31), Inspector, now, "采纳5月落实情况", "统计口径更正", Ct);
        await context.SaveChangesAsync(Ct);

        Assert.Contains(await context.AuditEvents.Select(e => e.Summary).ToListAsync(Ct), s => s.Contains("更正：采纳5月落实情况；原因：统计口径更正", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_registered_after_a_period_ended_is_not_counted_in_that_period()
    {
        await using (var context = _db.CreateDbContext())
        {
            var unit = await context.Units.Select(u => u.Id).FirstAsync(Ct);
            var later = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-002", 2, Definition(unit) with { Title = "五月新增任务" }, Inspector, new DateTime(2026, 5, 10, 2, 0, 0, DateTimeKind.Utc));
            context.Tasks.Add(later);
            await context.SaveChangesAsync(Ct);
        }

        var summaries = await new PeriodSummaryService(TestJudgement.For(_db, _clock)).SummarizeAsync(Inspector, 2026, Ct);
        var (_, tables, _) = Services();
        using var q1 = new ClosedXML.Excel.XLWorkbook(new MemoryStream((await tables.BuildAsync(Inspector, SupervisionPeriod.Of(2026)[0], Ct)).Content));

        Assert.Equal(1, summaries[0].Overall.Total);
        Assert.Equal(2, summaries[1].Overall.Total);
        Assert.Equal(1, q1.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计").Cell(2).GetValue<int>());
    }

    [Fact]
    public async Task The_period_table_shows_the_report_the_period_requires_or_says_it_is_missing()
    {
        var (_, tables, _) = Services();
        var file = await tables.BuildAsync(Inspector, SampleReports.H1, Ct);
        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(file.Content));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        Assert.Equal("完成3条道路改造。", ws.Cell(5, 8).GetString());
        Assert.Equal("未完成", ws.Cell(5, 9).GetString());
        Assert.Equal("2026年上半年《政府工作报告》任务指标完成情况表.xlsx", file.FileName);

        var q1 = await tables.BuildAsync(Inspector, SupervisionPeriod.Of(2026)[0], Ct);
        using var q1Book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(q1.Content));
        // The first quarter required March's report by 4月15日; none came, so the task is 未报送, never 完成.
        Assert.Equal("截至2026年4月15日无经审核采纳的2026年3月进展情况报告。", q1Book.Worksheet(CompletionTableBuilder.DetailSheet).Cell(5, 8).GetString());
        Assert.Equal("未报送", q1Book.Worksheet(CompletionTableBuilder.DetailSheet).Cell(5, 9).GetString());
    }
}
