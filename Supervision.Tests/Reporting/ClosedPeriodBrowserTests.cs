using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Publishing;
using Supervision.Tests.Browser;

namespace Supervision.Tests.Reporting;

[Collection(BrowserCollection.Name)]
public sealed class ClosedPeriodBrowserTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inspector_accepting_a_report_of_a_closed_period_must_give_a_correction_reason()
    {
        var (taskId, period) = await SubmitLateThirdQuarterReportAsync();
        var url = $"{app.BaseUrl}/tasks/{taskId}/reports/{period}";

        var inspector = await app.SignInAsync("inspector");
        await inspector.GotoAsync(url);
        await inspector.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(inspector.Locator("[data-testid=closed-period]")).ToContainTextAsync("2026年前三季度已关闭");
        await inspector.ClickAsync("[data-testid=btn-accept]");
        await Assertions.Expect(inspector.Locator("[data-testid=action-error]")).ToContainTextAsync("如确需更正，请填写更正原因");
        await Assertions.Expect(inspector.Locator("[data-testid=report-state]")).ToHaveTextAsync("已报送");
        await inspector.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "reporting-closed-period-refused.png"), FullPage = true });

        await inspector.Locator("[data-testid=field-correction] input").FillAsync("单位补报前三季度进展，经核实补采纳");
        await inspector.ClickAsync("[data-testid=btn-accept]");
        await Assertions.Expect(inspector.Locator("[data-testid=report-state]")).ToHaveTextAsync("已采纳");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        Assert.Contains(await db.AuditEvents.Where(e => e.Action == "period.correction").Select(e => e.Summary).ToListAsync(Ct), s => s.Contains("单位补报前三季度进展，经核实补采纳", StringComparison.Ordinal));
    }

    /// <summary>A report of a period inside 前三季度 that nobody sent, now drafted and approved through the unit, then 前三季度 closed.</summary>
    private async Task<(int TaskId, string Period)> SubmitLateThirdQuarterReportAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportService>();
        var closing = scope.ServiceProvider.GetRequiredService<PeriodCloseService>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.State == TaskState.InProgress && t.Indicator == null).OrderBy(t => t.Id).ToListAsync(Ct);
        foreach (var t in tasks)
        {
            var taken = await db.Reports.Where(r => r.TaskId == t.Id).Select(r => r.PeriodKey).ToListAsync(Ct);
            var period = ReportSchedule.PeriodsFor(t.Start, t.Deadline, t.ReportCycle).LastOrDefault(p => p.End <= new DateOnly(2026, 9, 30) && !taken.Contains(p.Key));
            if (period is null)
                continue;
            var unit = t.LeadUnitId;
            var id = await reports.OpenAsync(new Actor("op", "联络员", new HashSet<string> { Roles.UnitOperator }, unit), t.Id, period.Key, new ReportContent("已完成阶段目标（补报）。", null, null, 70, null), Ct);
            var version = (await reports.GetByIdAsync(TestData.Inspector, id, Ct)).Version;
            version = await reports.SendForReviewAsync(new Actor("op", "联络员", new HashSet<string> { Roles.UnitOperator }, unit), id, version, Ct);
            version = await reports.ApproveAsync(new Actor("sup", "主管领导", new HashSet<string> { Roles.UnitSupervisor }, unit), id, version, null, Ct);
            await reports.ApproveAsync(new Actor("pri", "主要领导", new HashSet<string> { Roles.UnitPrincipal }, unit), id, version, null, Ct);
            if (!await db.ClosedPeriods.AnyAsync(p => p.PeriodKey == "2026-Q3", Ct))
                await closing.CloseAsync(TestData.Inspector, SupervisionPeriod.Of(2026)[2], Ct);
            return (t.Id, period.Key);
        }

        throw new InvalidOperationException("演示数据中没有前三季度缺报进展的任务。");
    }
}
