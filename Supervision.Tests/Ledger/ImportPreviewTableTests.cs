using Bunit;
using MudBlazor.Services;
using Supervision.Core.Ledger;
using Supervision.Web.Components.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>The preview table shows what the file says where it matched nothing, so the person can find and correct it.</summary>
public sealed class ImportPreviewTableTests : BunitContext
{
    public ImportPreviewTableTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ImportPreview Preview(byte[] file)
    {
        var context = new ImportContext(
            2026,
            [new UnitName(1, "市发展和改革委员会", "市发展改革委", ["市发改委"]), new UnitName(2, "市财政局", null, [])],
            [new LeaderName(1, "钱立恒", "常务副市长", [])],
            [],
            new Dictionary<string, string>(),
            null,
            5000);
        using var stream = new MemoryStream(file);
        var workbook = TaskSheetReader.Read(stream, 5000);
        Assert.Null(workbook.Error);
        return TaskSheetAnalyzer.Analyze(workbook, "分解表.xlsx", "hash", context);
    }

    [Fact]
    public void Unmatched_units_leaders_and_unreadable_deadlines_are_shown_as_written_and_marked()
    {
        var preview = Preview(SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、优化营商环境（2项）"],
            [1, "推行惠企政策“免申即享”。", "市营商办", "市财政局、市数据办", "王副市长", "尽快"],
            [2, "深化“一件事一次办”改革。", "市发改委", "市财政局", "钱立恒", "三季度"]));

        var cut = Render<ImportPreviewTable>(p => p.Add(x => x.Preview, preview));

        var rows = cut.FindAll("[data-testid=import-preview] tbody tr");
        Assert.Contains("row-error", rows[0].ClassList);
        Assert.Equal(["市营商办", "市数据办", "王副市长", "尽快"], rows[0].QuerySelectorAll(".import-unmatched").Select(e => e.TextContent.Trim()));
        Assert.Contains("市财政局、市数据办", rows[0].TextContent.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Empty(rows[1].QuerySelectorAll(".import-unmatched"));
        Assert.Contains("三季度", rows[1].TextContent);
        Assert.Contains("2026年9月30日", rows[1].TextContent);
        Assert.Contains("1行有错误", cut.Find("[data-testid=import-summary]").TextContent);
        Assert.Contains("优化营商环境（2项，将新建）", cut.Find("[data-testid=import-summary]").TextContent);
    }

    [Fact]
    public void A_large_file_is_shown_a_page_at_a_time_and_the_rows_needing_work_can_be_shown_alone()
    {
        var rows = Enumerable.Range(1, 250)
            .Select(i => new object?[] { i, $"第{i}项重点工作：推进项目建设。", i == 240 ? "市不存在局" : "市发改委", null, null, "年底前" })
            .ToArray();
        var preview = Preview(SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, rows));

        var cut = Render<ImportPreviewTable>(p => p.Add(x => x.Preview, preview));

        Assert.Equal(ImportPreviewTable.PageSize, cut.FindAll("[data-testid=import-preview] tbody tr").Count);
        Assert.Contains("全部（250）", cut.Find("[data-testid=import-show-all]").TextContent);
        cut.Find("[data-testid=import-show-errors]").Click();
        var shown = cut.FindAll("[data-testid=import-preview] tbody tr");
        Assert.Equal("242", Assert.Single(shown).GetAttribute("data-row"));
    }

    [Fact]
    public void A_row_led_by_a_group_names_the_group_and_how_many_units_lead_their_own_copy()
    {
        var units = new[] { new UnitName(1, "澜东区", null, []), new UnitName(2, "澜西区", null, []), new UnitName(3, "市财政局", null, []) };
        var context = new ImportContext(2026, units, [], [], new Dictionary<string, string>(), null, 5000)
        {
            Groups = [new UnitGroupName(1, "各县（市）区政府", [], units[..2]), new UnitGroupName(2, "市直各部门", [], units[2..])],
        };
        using var stream = new MemoryStream(SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "开展城乡环境整治。", "各县（市）区政府", "市直各部门", null, "年底前"]));
        var preview = TaskSheetAnalyzer.Analyze(TaskSheetReader.Read(stream, 5000), "分解表.xlsx", "hash", context);

        var cut = Render<ImportPreviewTable>(p => p.Add(x => x.Preview, preview));

        var row = cut.Find("[data-testid=import-preview] tbody tr");
        Assert.Contains("2个单位分别牵头：澜东区、澜西区", row.QuerySelector("[data-testid=import-lead]")!.TextContent);
        Assert.Contains("市直各部门（1个单位）", row.TextContent);
        Assert.Contains("单位组分别落实后共2项任务", cut.Find("[data-testid=import-summary]").TextContent);
    }
}
