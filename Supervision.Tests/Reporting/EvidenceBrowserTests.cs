using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Tests.Browser;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Reporting;

/// <summary>Evidence files picked in the browser for a close-out application and a spot check reach the task and the report.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceBrowserTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unit_applies_for_close_out_with_a_file_and_the_inspector_opens_it()
    {
        var taskId = await PickTaskAsync();
        var op = await app.SignInAsync("fgw.operator", path: $"/tasks/{taskId}");
        var panel = op.Locator("[data-testid=follow-up]");
        await panel.Locator("summary", new() { HasText = "申请办结" }).ClickAsync();
        await panel.Locator("textarea").Last.FillAsync("全部建设内容已完工，已通过竣工验收。");
        await op.Locator("[data-testid=completion-files] input[type=file]").ChooseAsync(new FilePayload { Name = "竣工验收报告.pdf", MimeType = "application/pdf", Buffer = Samples.Pdf });
        await Assertions.Expect(op.Locator("[data-testid=completion-files]")).ToContainTextAsync("竣工验收报告.pdf");
        await Shot(op, "completion-evidence-picked");
        await op.ClickAsync("[data-testid=btn-request-completion]");

        await Assertions.Expect(panel).ToContainTextAsync("任务状态：申请办结");
        await Assertions.Expect(panel.Locator("a", new() { HasText = "竣工验收报告.pdf" })).ToBeVisibleAsync();

        var inspector = await app.SignInAsync("inspector", path: $"/tasks/{taskId}");
        var link = inspector.Locator("[data-testid=follow-up] a", new() { HasText = "竣工验收报告.pdf" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        var response = await inspector.APIRequest.GetAsync(app.BaseUrl + await link.GetAttributeAsync("href"));
        Assert.Equal(200, response.Status);
        Assert.Equal(Samples.Pdf, await response.BodyAsync());
        await Shot(inspector, "completion-evidence-inspector");
    }

    [Fact]
    public async Task Inspector_records_a_spot_check_with_a_photo_and_a_file_that_is_not_what_it_says_is_refused()
    {
        var (taskId, period) = await PickSubmittedReportAsync();
        var inspector = await app.SignInAsync("inspector", path: $"/tasks/{taskId}/reports/{period}");
        await inspector.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var box = inspector.Locator("[data-testid=spotchecks]");
        var files = inspector.Locator("[data-testid=spotcheck-files] input[type=file]");
        await box.Locator("textarea").First.FillAsync("电话核实，与报送情况一致。");

        // A renamed executable: refused with the reason, and what was typed stays.
        await files.ChooseAsync(new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = "MZ\u0090\0binary"u8.ToArray() });
        await inspector.ClickAsync("[data-testid=btn-spotcheck]");
        await Assertions.Expect(inspector.Locator("[data-testid=action-error]")).ToContainTextAsync("现场照片.png");
        await Assertions.Expect(box.Locator("textarea").First).ToHaveValueAsync("电话核实，与报送情况一致。");

        await files.ChooseAsync(new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = Samples.Png });
        await inspector.ClickAsync("[data-testid=btn-spotcheck]");

        await Assertions.Expect(box).ToContainTextAsync("电话核实，与报送情况一致。");
        var row = inspector.Locator("[data-testid=attachments] tr", new() { HasText = "现场照片.png" });
        await Assertions.Expect(row).ToContainTextAsync("核实佐证");
        await Shot(inspector, "spotcheck-evidence");
    }

    private static Task Shot(IPage page, string name) =>
        Screenshots.TakeAsync(page, $"reporting-{name}.png");

    private async Task<int> UnitAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!.UnitId!.Value;
    }

    /// <summary>The last fgw-led task in progress (the chain test takes the first ones).</summary>
    private async Task<int> PickTaskAsync()
    {
        var unit = await UnitAsync("fgw.operator");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        return await db.Tasks.Where(t => t.LeadUnitId == unit && t.State == TaskState.InProgress).OrderByDescending(t => t.Id).Select(t => t.Id).FirstAsync(Ct);
    }

    /// <summary>A report that has been sent to the office (so it can be spot-checked), on a task in progress.</summary>
    private async Task<(int TaskId, string Period)> PickSubmittedReportAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        var report = await db.Reports.AsNoTracking()
            .Where(r => r.FirstSubmittedAt != null && db.Tasks.Any(t => t.Id == r.TaskId && t.State == TaskState.InProgress))
            .Where(r => !db.Set<ReportAttachment>().Any(a => a.ReportId == r.Id))
            .OrderByDescending(r => r.Id).Select(r => new { r.TaskId, r.PeriodKey }).FirstAsync(Ct);
        return (report.TaskId, report.PeriodKey);
    }
}
