using ClosedXML.Excel;
using Supervision.Core.Documents;
using Supervision.Core.Rules;

namespace Supervision.Tests.Documents;

public sealed class CompletionTableTests
{
    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    [Fact]
    public void The_detail_sheet_has_the_merged_title_the_columns_and_category_rows_with_counts()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        Assert.Equal("2026年上半年《政府工作报告》任务指标完成情况表", ws.Cell(1, 1).GetString());
        Assert.Contains(ws.MergedRanges, r => r.RangeAddress.ToString() == "A1:I1");
        Assert.Equal(
            ["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "完成情况", "备注"],
            Enumerable.Range(1, 9).Select(c => ws.Cell(CompletionTableBuilder.HeaderRow, c).GetString()));
        // The indicators are classed apart from 重点工作, each task once.
        Assert.Equal("一、主要经济指标（8项：完成进度3项，未完成进度5项，暂无数据0项）", ws.Cell(4, 1).GetString());
        Assert.StartsWith("二、城市建设（5项：完成2项，部分完成1项，未完成1项，未报送0项，取消1项）", ws.RowsUsed().Select(r => r.Cell(1).GetString()).First(t => t.StartsWith("二、", StringComparison.Ordinal)));
        Assert.StartsWith("统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准", ws.Cell(2, 1).GetString());
        Assert.Contains(ws.MergedRanges, r => r.RangeAddress.ToString() == "A4:I4");
        var cancelledRow = ws.RowsUsed().First(r => r.Cell(2).GetString().StartsWith("园林绿化养护市场化试点", StringComparison.Ordinal));
        Assert.Equal("取消", cancelledRow.Cell(8).GetString());
        Assert.Equal("取消：因政策调整原因取消", cancelledRow.Cell(9).GetString());
        Assert.Equal("市财政局", cancelledRow.Cell(4).GetString());
    }

    [Fact]
    public void Completion_cells_are_colour_coded_by_outcome()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var byOutcome = ws.RowsUsed().Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .GroupBy(r => r.Cell(8).GetString())
            .ToDictionary(g => g.Key, g => g.First().Cell(8).Style.Fill.BackgroundColor.Color.ToArgb() & 0xFFFFFF);

        Assert.Equal(0xC6EFCE, byOutcome["完成"]);
        Assert.Equal(0xC6EFCE, byOutcome["完成进度"]);
        Assert.Equal(0xFFEB9C, byOutcome["未完成进度"]);
        Assert.Equal(0xFFEB9C, byOutcome["部分完成"]);
        Assert.Equal(0xFFC7CE, byOutcome["未完成"]);
        Assert.Equal(0xD9D9D9, byOutcome["取消"]);
    }

    [Fact]
    public void Every_table_cell_is_bordered_and_wrapped_and_nothing_is_left_below_the_table()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var lastRow = ws.LastRowUsed(XLCellsUsedOptions.All).RowNumber();

        // The header, two category bands and thirteen tasks; no scratch formatting below them.
        Assert.Equal(CompletionTableBuilder.HeaderRow + 2 + 13, lastRow);
        foreach (var cell in ws.Range(CompletionTableBuilder.HeaderRow, 1, lastRow, 9).Cells())
        {
            var where = cell.Address.ToString();
            Assert.True(cell.Style.Border.LeftBorder == XLBorderStyleValues.Thin, where);
            Assert.True(cell.Style.Border.BottomBorder == XLBorderStyleValues.Thin, where);
            Assert.True(cell.Style.Alignment.WrapText, where);
        }

        Assert.True(ws.Cell(CompletionTableBuilder.HeaderRow, 2).Style.Font.Bold);
        Assert.Equal(XLAlignmentHorizontalValues.Center, ws.Cell(CompletionTableBuilder.HeaderRow + 2, 1).Style.Alignment.Horizontal);
    }

    [Fact]
    public void It_prints_on_a4_landscape_one_page_wide_with_the_header_row_repeated_and_frozen_panes()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        Assert.Equal(XLPaperSize.A4Paper, ws.PageSetup.PaperSize);
        Assert.Equal(XLPageOrientation.Landscape, ws.PageSetup.PageOrientation);
        Assert.Equal(1, ws.PageSetup.PagesWide);
        Assert.Equal(0, ws.PageSetup.PagesTall);
        Assert.Equal(CompletionTableBuilder.HeaderRow, ws.PageSetup.FirstRowToRepeatAtTop);
        Assert.Equal(CompletionTableBuilder.HeaderRow, ws.PageSetup.LastRowToRepeatAtTop);
        Assert.Equal(CompletionTableBuilder.HeaderRow, ws.SheetView.SplitRow);
        Assert.Equal(36, ws.Column(2).Width);
        Assert.Equal(46, ws.Column(7).Width);
        // The page footer (第 N 页) prints inside the bottom margin, not over the last rows.
        Assert.True(ws.PageSetup.Margins.Footer < ws.PageSetup.Margins.Bottom);
        Assert.Contains("第 &P 页 共 &N 页", ws.PageSetup.Footer.Center.GetText(XLHFOccurrence.OddPages));
        Assert.Equal(XLPageOrientation.Landscape, book.Worksheet(CompletionTableBuilder.SummarySheet).PageSetup.PageOrientation);
    }

    [Fact]
    public void The_summary_sheet_counts_each_category_and_the_indicators()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.SummarySheet);
        var total = ws.RowsUsed().First(r => r.Cell(1).GetString() == "合计");

        // 重点工作, 完成, 部分完成, 未完成, 未报送, 取消: the indicators are not counted in them but apart below.
        Assert.Equal([5, 2, 1, 1, 0, 1], Enumerable.Range(2, 6).Select(c => total.Cell(c).GetValue<int>()));
        var city = ws.RowsUsed().First(r => r.Cell(1).GetString() == "城市建设");
        Assert.Equal([5, 2, 1, 1, 0, 1], Enumerable.Range(2, 6).Select(c => city.Cell(c).GetValue<int>()));
        Assert.DoesNotContain(ws.RowsUsed(), r => r.Cell(1).GetString() == "主要经济指标");
        Assert.Contains(ws.RowsUsed(), r => r.Cell(1).GetString() == "主要经济发展指标8项：完成进度3项，未完成进度5项，暂无数据0项");
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_stored_as_text()
    {
        var report = SampleReports.HalfYear();
        var evil = SampleReports.Task(99, "=HYPERLINK(\"http://x\",\"点我\")", PeriodOutcome.Completed, unit: "+市住建局", progress: "@SUM(1,2)");
        report = report with { Categories = [new PeriodCategory("其他", [evil])] };
        using var book = Open(CompletionTableBuilder.Build(report));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var row = ws.Row(5);

        foreach (var c in new[] { 2, 3, 7 })
        {
            Assert.False(row.Cell(c).HasFormula);
            Assert.Equal(XLDataType.Text, row.Cell(c).DataType);
        }

        // Prefixed as OWASP recommends, so an edit or a save as CSV does not bring the formula to life.
        Assert.StartsWith("'=HYPERLINK", row.Cell(2).GetString());
        Assert.Equal("'+市住建局", row.Cell(3).GetString());
        Assert.StartsWith("'@SUM(1,2)", row.Cell(7).GetString());
        Assert.DoesNotContain(book.Worksheets.SelectMany(w => w.CellsUsed()), c => c.GetString() is ['=' or '+' or '-' or '@' or '\t' or '\r', ..]);
    }

    [Fact]
    public void A_period_without_tasks_gives_a_valid_table_that_says_so()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.Empty()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        Assert.Equal("本期无督查事项", ws.Cell(4, 1).GetString());
        var total = book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计");
        Assert.Equal(0, total.Cell(2).GetValue<int>());
    }
}
