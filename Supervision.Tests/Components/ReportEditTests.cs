using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using Supervision.Tests.Reporting;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Components;

/// <summary>
/// The report page (<c>ReportEdit</c> with <c>ReportDecisionBox</c>) over the real report services (<c>ReportQueries</c>,
/// <c>ReportChainService</c>, <c>ReportAttachmentService</c>) on SQLite: what each person in the chain is told when a
/// required field is missing, and that nothing moves until it is given.
/// </summary>
public sealed class ReportEditTests : AppComponentTest
{
    private IRenderedComponent<ReportEdit> Open(ReportingWorld w, Actor actor)
    {
        SignInAs(actor);
        w.AddPageServices(Services);
        Render<MudPopoverProvider>();
        var page = Render<ReportEdit>(p => p.Add(x => x.TaskId, w.TaskId).Add(x => x.Period, ReportingWorld.March));
        page.WaitForElement("[data-testid=report-state]");
        return page;
    }

    private static IElement Field(IRenderedComponent<ReportEdit> page, string testId) =>
        page.Find($"[data-testid={testId}]").QuerySelector("input, textarea")!;

    private static string Error(IRenderedComponent<ReportEdit> page)
    {
        page.WaitForElement("[data-testid=action-error]");
        return page.Find("[data-testid=action-error]").TextContent;
    }

    private static async Task<RevisionState?> StateAsync(ReportingWorld w) =>
        (await w.Reports.GetAsync(w.Inspector, w.TaskId, ReportingWorld.March, Ct)).Current?.State;

    /// <summary>The March report drafted and sent to the lead unit's 主管领导.</summary>
    private static async Task SendToSupervisorAsync(ReportingWorld w)
    {
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(40), Ct);
        await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
    }

    [Fact]
    public async Task A_draft_without_its_progress_text_is_refused_in_Chinese_and_nothing_is_saved()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var page = Open(w, w.Operator);
        await Field(page, "field-value").InputAsync(new() { Value = "40" });

        await page.Find("[data-testid=btn-save]").ClickAsync(new());

        Assert.Contains("进展情况不能为空。", Error(page));
        Assert.Null(await StateAsync(w));
        Assert.Equal("未起草", page.Find("[data-testid=report-state]").TextContent);
    }

    [Fact]
    public async Task A_supervisor_sending_a_report_back_without_a_reason_is_refused_and_the_report_waits_for_them()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await SendToSupervisorAsync(w);
        var page = Open(w, w.Supervisor);
        Assert.Contains("主管领导审核", page.Find("[data-testid=decision]").TextContent);

        await page.Find("[data-testid=btn-reject]").ClickAsync(new());

        Assert.Contains("退回理由不能为空。", Error(page));
        Assert.Equal(RevisionState.AwaitingSupervisor, await StateAsync(w));
        Assert.Equal("待主管领导审核", page.Find("[data-testid=report-state]").TextContent);
    }

    [Fact]
    public async Task A_supervisors_reason_sends_the_report_back_to_the_operator_with_it()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await SendToSupervisorAsync(w);
        var page = Open(w, w.Supervisor);
        await Field(page, "field-comment").InputAsync(new() { Value = "进度数据与台账不符，请核实。" });

        await page.Find("[data-testid=btn-reject]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("草稿", page.Find("[data-testid=report-state]").TextContent));
        Assert.Equal(RevisionState.Draft, await StateAsync(w));
        Assert.Contains("进度数据与台账不符，请核实。", page.Find("[data-testid=history]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=decision]"));
    }

    [Fact]
    public async Task The_office_returning_a_report_without_a_reason_is_refused_and_the_report_stays_submitted()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync(40);
        var page = Open(w, w.Inspector);

        await page.Find("[data-testid=btn-return]").ClickAsync(new());

        Assert.Contains("退回理由不能为空。", Error(page));
        Assert.Equal(RevisionState.Submitted, await StateAsync(w));
    }

    [Fact]
    public async Task Accepting_a_report_of_a_closed_period_needs_a_correction_reason_which_is_kept_as_the_correction()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync(40);
        await new PeriodCloseService(w.Db, w.Clock).CloseAsync(w.Inspector, SupervisionPeriod.Of(2026)[0], Ct);
        var page = Open(w, w.Inspector);
        Assert.Contains("2026年一季度已关闭", page.Find("[data-testid=closed-period]").TextContent);
        await Field(page, "field-comment").InputAsync(new() { Value = "同意" });

        await page.Find("[data-testid=btn-accept]").ClickAsync(new());

        Assert.Contains("如确需更正，请填写更正原因", Error(page));
        Assert.Equal("已报送", page.Find("[data-testid=report-state]").TextContent);
        Assert.Equal(RevisionState.Submitted, await StateAsync(w));
        // What the inspector wrote stays for the second try.
        Assert.Equal("同意", Field(page, "field-comment").GetAttribute("value") ?? Field(page, "field-comment").TextContent);

        await Field(page, "field-correction").InputAsync(new() { Value = "单位按时报送，督查室审核延误" });
        await page.Find("[data-testid=btn-accept]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("已采纳", page.Find("[data-testid=report-state]").TextContent));
        await using var db = w.Db.CreateDbContext();
        var correction = await db.AuditEvents.Where(e => e.Action == "period.correction").Select(e => e.Summary).SingleAsync(Ct);
        Assert.EndsWith("原因：单位按时报送，督查室审核延误", correction, StringComparison.Ordinal);
    }
}
