using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Components;

/// <summary>A file can go onto a report before its first 保存草稿, and nothing is lost on the way.</summary>
public sealed class ReportDraftAttachmentTests : AppComponentTest
{
    private static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private IRenderedComponent<ReportEdit> RenderNewReport(ReportingWorld w)
    {
        SignInAs(w.Operator);
        w.AddPageServices(Services);
        var cut = Render<ReportEdit>(p => p.Add(x => x.TaskId, w.TaskId).Add(x => x.Period, ReportingWorld.March));
        cut.WaitForElement("[data-testid=report-form]");
        return cut;
    }

    private static IElement Field(IRenderedComponent<ReportEdit> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").QuerySelector("input, textarea")!;

    private static async Task<(int Reports, int Files)> StoredAsync(ReportingWorld w)
    {
        await using var db = w.Db.CreateDbContext();
        return (await db.Reports.CountAsync(r => r.TaskId == w.TaskId, Ct), await db.Set<ReportAttachment>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_file_chosen_before_the_form_is_complete_waits_and_goes_up_with_the_first_draft()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderNewReport(w);

        // The box is there before anything was saved.
        Assert.Contains("上传附件", cut.Find("[data-testid=attachments]").TextContent);
        await Field(cut, "field-progress").InputAsync(new() { Value = "已完成3条道路改造。" });
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Pdf, "现场照片说明.pdf", contentType: "application/pdf"));

        // No progress figure yet, so the draft cannot be saved: the file waits, named, and what was typed stays.
        cut.WaitForAssertion(() => Assert.Contains("现场照片说明.pdf", cut.Find("[data-testid=pending-attachments]").TextContent));
        Assert.Contains("将在保存草稿时一并上传", cut.Find("[data-testid=action-notice]").TextContent);
        Assert.Equal("已完成3条道路改造。", Field(cut, "field-progress").GetAttribute("value") ?? Field(cut, "field-progress").TextContent);
        Assert.Equal((0, 0), await StoredAsync(w));

        await Field(cut, "field-value").InputAsync(new() { Value = "40" });
        cut.Find("[data-testid=btn-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("现场照片说明.pdf", cut.Find("[data-testid=attachment-link]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=pending-attachments]"));
        Assert.Equal((1, 1), await StoredAsync(w));
    }

    [Fact]
    public async Task A_file_chosen_on_a_complete_form_saves_the_draft_at_once()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderNewReport(w);
        await Field(cut, "field-progress").InputAsync(new() { Value = "已完成3条道路改造。" });
        await Field(cut, "field-value").InputAsync(new() { Value = "40" });

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Pdf, "验收报告.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.Contains("验收报告.pdf", cut.Find("[data-testid=attachment-link]").TextContent));
        Assert.Equal("草稿", cut.Find("[data-testid=report-state]").TextContent.Trim());
        Assert.Equal((1, 1), await StoredAsync(w));
    }

    [Fact]
    public async Task A_file_that_is_not_what_its_name_says_is_refused_before_anything_is_held()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderNewReport(w);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary("MZ\u0090\0 not a pdf"u8.ToArray(), "通知.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=action-error]")));
        Assert.Empty(cut.FindAll("[data-testid=pending-attachments]"));
        Assert.Equal((0, 0), await StoredAsync(w));
    }
}
