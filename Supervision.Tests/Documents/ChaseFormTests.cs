using Microsoft.Extensions.Options;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Services;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Documents;

/// <summary>催办单 and 督办单: one-page PDFs on the document engine, read back with PdfPig and rendered with pdftoppm.</summary>
public sealed class ChaseFormTests : IAsyncLifetime
{
    private ReportingWorld _w = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _w = await ReportingWorld.CreateAsync();

    public ValueTask DisposeAsync() => _w.DisposeAsync();

    private ChaseDocumentService Service() =>
        new(_w.Db, new DocumentRenderer(SampleReports.Fonts), Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }));

    private async Task<List<ChaseView>> ChasesAsync() => [.. (await _w.FollowUp.GetAsync(_w.Inspector, _w.TaskId, Ct)).Chases];

    [Fact]
    public async Task A_supervision_order_prints_on_one_page_with_its_number_deadline_and_content()
    {
        var number = await _w.FollowUp.IssueOrderAsync(_w.Inspector, _w.TaskId, "三月份进度明显滞后，请制定赶超措施", new DateOnly(2026, 4, 20), Ct);
        var chase = (await ChasesAsync()).Single(c => c.Level == ChaseLevel.SupervisionOrder);

        var file = await Service().PdfAsync(_w.Inspector, chase.Id, Ct);

        Assert.NotNull(file);
        Assert.Equal($"督办单（{number}）.pdf", file.FileName);
        Assert.Equal(1, PdfText.Pages(file.Content));
        var text = PdfText.Flat(file.Content);
        Assert.StartsWith("澜江市委市政府督查室督办单编号：督办〔2026〕1号", text);
        Assert.Contains("办理时限2026年4月20日前", text);
        Assert.Contains("督办事项三月份进度明显滞后，请制定赶超措施", text);
        Assert.Contains("请于2026年4月20日前将办理情况通过督查系统书面反馈督查室。", text);
        Assert.Contains("二〇二六年四月二日", text);
        Assert.Contains("督查员：督查员甲", text);
        Assert.True(File.Exists(PdfText.RenderFirstPage(file.Content, "supervision-order")));
    }

    [Fact]
    public async Task Urges_are_numbered_in_order_within_the_year_and_print_as_an_urge_form()
    {
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "请尽快报送三月份落实情况", Ct);
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "再次催办：请于本周内报送", Ct);
        var urges = (await ChasesAsync()).Where(c => c.Level == ChaseLevel.Urge).OrderBy(c => c.Id).ToList();

        var second = await Service().PdfAsync(_w.Inspector, urges[1].Id, Ct);
        var first = await Service().PdfAsync(_w.Operator, urges[0].Id, Ct);

        Assert.Equal("催办单（催办〔2026〕2号）.pdf", second!.FileName);
        Assert.Contains("催办单编号：催办〔2026〕2号", PdfText.Flat(second.Content));
        Assert.Contains("催办事项再次催办：请于本周内报送", PdfText.Flat(second.Content));
        Assert.Contains("编号：催办〔2026〕1号", PdfText.Flat(first!.Content));
        Assert.Equal(1, PdfText.Pages(first.Content));
        Assert.True(File.Exists(PdfText.RenderFirstPage(first.Content, "urge")));
    }

    [Fact]
    public async Task Another_unit_gets_nothing_and_rungs_without_a_form_have_no_pdf()
    {
        await _w.FollowUp.IssueOrderAsync(_w.Inspector, _w.TaskId, "请加快进度", new DateOnly(2026, 4, 20), Ct);
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Interview, "约谈主要负责同志", Ct);
        var chases = await ChasesAsync();

        Assert.Null(await Service().PdfAsync(_w.OtherOperator, chases.Single(c => c.Level == ChaseLevel.SupervisionOrder).Id, Ct));
        Assert.NotNull(await Service().PdfAsync(_w.AssistingOperator, chases.Single(c => c.Level == ChaseLevel.SupervisionOrder).Id, Ct));
        Assert.Null(await Service().PdfAsync(_w.Inspector, chases.Single(c => c.Level == ChaseLevel.Interview).Id, Ct));
        Assert.Null(await Service().PdfAsync(_w.Inspector, 999_999, Ct));
    }

    [Fact]
    public async Task A_character_no_font_has_is_named_on_the_form_by_its_code_point()
    {
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "请核实𠀀字地名", Ct);
        var urge = (await ChasesAsync()).Single(c => c.Level == ChaseLevel.Urge);

        var text = PdfText.Flat((await Service().PdfAsync(_w.Inspector, urge.Id, Ct))!.Content);

        Assert.Contains("注：本单中有1个字符当前字体无法显示，印为空框（U+20000），请以督查系统中的原文为准。", text);
    }

    [Fact]
    public void A_form_with_very_long_text_continues_on_a_second_page_without_losing_any()
    {
        var requirement = string.Concat(Enumerable.Range(1, 120).Select(i => $"第{i}项要求，按期报送。"));
        var form = new DocumentForm("澜江市委市政府督查室", "督办单", "督办〔2026〕9号", "市住建局", [("任务编号", "2026-ZD-001")], [("督办事项", requirement)], "澜江市委市政府督查室", new DateOnly(2026, 7, 10), []);

        var pdf = DocumentForms.Render(new DocumentRenderer(SampleReports.Fonts), form);

        Assert.True(pdf.PageCount >= 2);
        Assert.Contains(requirement, PdfText.Flat(pdf.Bytes));
        Assert.Contains("二〇二六年七月十日", PdfText.Flat(pdf.Bytes));
    }
}
