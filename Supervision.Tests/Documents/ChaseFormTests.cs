using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Publishing;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Documents;

/// <summary>催办单 and 督办单: one-page PDFs on the document engine, read back with PdfPig and rendered with pdftoppm.</summary>
public sealed class ChaseFormTests : IAsyncLifetime
{
    private ReportingWorld _w = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _w = await ReportingWorld.CreateAsync();

    public ValueTask DisposeAsync() => _w.DisposeAsync();

    private static readonly OfficeOptions _office = new() { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室", Contact = "督查一科 王敏", Phone = "0123-87654321" };

    private ChaseDocumentService Service(OfficeOptions? office = null) =>
        new(_w.Db, new DocumentRenderer(SampleReports.Fonts), Options.Create(office ?? _office));

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
        Assert.Contains("澜江市委市政府督查室2026年4月2日", text);
        Assert.DoesNotContain("〇", text, StringComparison.Ordinal);
        Assert.Contains("联系人：督查一科王敏联系电话：0123-87654321", text.Replace("　", "", StringComparison.Ordinal));
        // A one-page form carries no "— 1 —".
        Assert.DoesNotContain("—1—", PdfText.Page(file.Content, 1));
        Assert.Contains("督查员：督查员甲", text);
        Assert.True(File.Exists(PdfText.RenderFirstPage(file.Content, "supervision-order")));
    }

    [Fact]
    public async Task An_urge_is_numbered_once_when_it_is_made_and_its_form_states_the_reply_deadline()
    {
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "请尽快报送三月份落实情况", Ct);
        _w.Clock.Advance(TimeSpan.FromDays(1));
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "再次催办：请于本周内报送", Ct);
        var urges = (await ChasesAsync()).Where(c => c.Level == ChaseLevel.Urge).OrderBy(c => c.Id).ToList();

        // Stored on the record, with the reply date three days on (Chasing:UrgeReplyDays).
        Assert.Equal(["催办〔2026〕1号", "催办〔2026〕2号"], urges.Select(u => u.Number));
        Assert.Equal([new DateOnly(2026, 4, 5), new DateOnly(2026, 4, 6)], urges.Select(u => u.Deadline));
        var second = await Service().PdfAsync(_w.Inspector, urges[1].Id, Ct);
        var first = await Service().PdfAsync(_w.Operator, urges[0].Id, Ct);
        var text = PdfText.Flat(second!.Content);
        Assert.Equal("催办单（催办〔2026〕2号）.pdf", second.FileName);
        Assert.Contains("催办单编号：催办〔2026〕2号", text);
        Assert.Contains("反馈时限2026年4月6日前", text);
        Assert.Contains("催办事项再次催办：请于本周内报送", text);
        Assert.Contains("于2026年4月6日前通过督查系统反馈办理情况", text);
        Assert.Contains("澜江市委市政府督查室2026年4月3日", text);
        Assert.Contains("编号：催办〔2026〕1号", PdfText.Flat(first!.Content));
        Assert.Equal(1, PdfText.Pages(first.Content));
        Assert.DoesNotContain("—1—", PdfText.Page(first.Content, 1));
        Assert.True(File.Exists(PdfText.RenderFirstPage(first.Content, "urge")));
        await using var db = _w.Db.CreateDbContext();
        Assert.Contains("催办（催办〔2026〕1号，限2026年4月5日前反馈）：请尽快报送三月份落实情况", await db.AuditEvents.Select(e => e.Summary).ToListAsync(Ct));
    }

    [Fact]
    public async Task Automatic_urges_take_their_numbers_from_the_same_counter_and_keep_them()
    {
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "请尽快报送", Ct);
        // The March report (due 5 April, 3 grace days) is overdue from 9 April: the chasing job urges it.
        _w.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, (await _w.Chasing.RunAsync(Ct)).Urges);
        var urges = (await ChasesAsync()).Where(c => c.Level == ChaseLevel.Urge).OrderBy(c => c.Id).ToList();

        Assert.Equal(["催办〔2026〕1号", "催办〔2026〕2号"], urges.Select(u => u.Number));
        Assert.Equal(new DateOnly(2026, 4, 12), urges[1].Deadline);
        var form = PdfText.Flat((await Service().PdfAsync(_w.Inspector, urges[1].Id, Ct))!.Content);
        Assert.Contains("编号：催办〔2026〕2号", form);
        Assert.Contains("系统按时限规则自动发出", form);
        // Downloading again, after more urges, prints the same number.
        await _w.FollowUp.EscalateAsync(_w.Inspector, _w.TaskId, ChaseLevel.Urge, "第三次催办", Ct);
        Assert.Contains("编号：催办〔2026〕2号", PdfText.Flat((await Service().PdfAsync(_w.Inspector, urges[1].Id, Ct))!.Content));
    }

    [Fact]
    public async Task An_office_without_a_configured_contact_leaves_blanks_to_fill_in()
    {
        var number = await _w.FollowUp.IssueOrderAsync(_w.Inspector, _w.TaskId, "请加快进度", new DateOnly(2026, 4, 20), Ct);
        var order = (await ChasesAsync()).Single(c => c.Number == number);

        var text = PdfText.Flat((await Service(new OfficeOptions { Name = "澜江市委市政府督查室" }).PdfAsync(_w.Inspector, order.Id, Ct))!.Content);

        Assert.Contains("联系人：＿＿＿＿＿＿联系电话：＿＿＿＿＿＿", text.Replace("　", "", StringComparison.Ordinal));
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
        Assert.Contains("2026年7月10日", PdfText.Flat(pdf.Bytes));
        Assert.Contains("—1—", PdfText.Page(pdf.Bytes, 1));
        Assert.Contains("—2—", PdfText.Page(pdf.Bytes, 2));
    }
}
