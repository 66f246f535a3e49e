using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Tests.Documents;

namespace Supervision.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReportDownloadTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static async Task<byte[]> DownloadAsync(IPage page, string testId, string expectedName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync());
        Assert.Equal(expectedName, download.SuggestedFilename);
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Inspector_downloads_the_half_year_table_and_bulletin_from_the_report_page()
    {
        var page = await app.SignInAsync("inspector", path: "/reports");
        await page.GetByRole(AriaRole.Tab, new() { Name = "2026年上半年" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("download-table-2026-H1")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "reports.png");

        var table = await DownloadAsync(page, "download-table-2026-H1", "2026年上半年《政府工作报告》任务指标完成情况表.xlsx");
        using (var workbook = new XLWorkbook(new MemoryStream(table)))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal("2026年上半年《政府工作报告》任务指标完成情况表", sheet.Cell(1, 1).GetString());
            Assert.True(sheet.Cell(1, 1).IsMerged());
        }

        var bulletin = await DownloadAsync(page, "download-bulletin-2026-H1", "2026年上半年任务指标完成情况通报（草稿）.pdf");
        var text = PdfText.Flat(bulletin);
        Assert.Contains("澜江市人民政府办公室", text);
        Assert.Contains("2026年上半年《政府工作报告》任务指标完成情况的通报", text);
        Assert.Contains("8项主要经济发展指标中", text);
        Assert.True(File.Exists(PdfText.RenderFirstPage(bulletin, "bulletin-2026-H1-browser")));
    }

    [Fact]
    public async Task A_supervision_order_issued_on_a_task_downloads_as_a_one_page_pdf_from_its_chase_record()
    {
        var ct = TestContext.Current.CancellationToken;
        int taskId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(ct))
        {
            var fgw = await db.Units.Where(u => u.Name == "市发展和改革委员会").Select(u => u.Id).SingleAsync(ct);
            taskId = await db.Tasks.Where(t => t.LeadUnitId == fgw && t.State == TaskState.InProgress).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync(ct);
        }

        string number;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var inspector = new Actor("inspector", "督查员", new HashSet<string> { Roles.Inspector }, null);
            number = await scope.ServiceProvider.GetRequiredService<EscalationService>().IssueOrderAsync(inspector, taskId, "进度滞后于时序要求，请制定赶超措施并按期反馈", ChinaTime.Today(TimeProvider.System).AddDays(10), ct);
        }

        var page = await app.SignInAsync("fgw.operator", path: $"/tasks/{taskId}");
        var link = page.GetByTestId("chase-pdf").First;
        await Assertions.Expect(link).ToHaveTextAsync("督办单（PDF）");
        var pdf = await DownloadAsync(page, "chase-pdf", $"督办单（{number}）.pdf");

        Assert.Equal(1, PdfText.Pages(pdf));
        var text = PdfText.Flat(pdf);
        Assert.Contains($"督办单编号：{number}", text);
        Assert.Contains("督办事项进度滞后于时序要求，请制定赶超措施并按期反馈", text);
        Assert.True(File.Exists(PdfText.RenderFirstPage(pdf, "supervision-order-browser")));
    }

    [Fact]
    public async Task Lead_unit_downloads_its_supervision_notice_and_another_unit_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        int noticeId, otherNoticeId;
        string taskNumber, noticeNumber;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(ct))
        {
            var fgw = await db.Units.Where(u => u.Name == "市发展和改革委员会").Select(u => u.Id).SingleAsync(ct);
            var mine = await db.Notices.AsNoTracking().Where(n => db.Tasks.Any(t => t.Id == n.TaskId && t.LeadUnitId == fgw)).OrderBy(n => n.Id).FirstAsync(ct);
            noticeId = mine.Id;
            noticeNumber = mine.Number;
            taskNumber = await db.Tasks.Where(t => t.Id == mine.TaskId).Select(t => t.Number).SingleAsync(ct);
            otherNoticeId = await db.Notices.AsNoTracking()
                .Where(n => db.Tasks.Any(t => t.Id == n.TaskId && t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)))
                .Select(n => n.Id).FirstAsync(ct);
        }

        var page = await app.SignInAsync("fgw.operator", path: "/notifications");
        var response = await page.APIRequest.GetAsync($"{app.BaseUrl}/notices/{noticeId}.pdf");
        Assert.Equal(200, response.Status);
        var pdf = await response.BodyAsync();
        var text = PdfText.Flat(pdf);
        Assert.Contains("督查通知单", text);
        Assert.Contains(noticeNumber.Replace(" ", "", StringComparison.Ordinal), text);
        Assert.Contains(taskNumber, text);
        Assert.True(File.Exists(PdfText.RenderFirstPage(pdf, "notice")));
        Assert.Equal(1, PdfText.Pages(pdf));

        var refused = await page.APIRequest.GetAsync($"{app.BaseUrl}/notices/{otherNoticeId}.pdf");
        Assert.Contains(refused.Status, new[] { 403, 404 });
    }
}
