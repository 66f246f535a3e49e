using System.IO.Compression;
using System.Xml.Linq;
using ClosedXML.Excel;
using Supervision.Core.Documents;
using Supervision.Core.Rules;

namespace Supervision.Tests.Documents;

public sealed class CompletionTableTests
{
    private static readonly string[] _headers = ["序号", "统一编号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "完成情况", "备注"];

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    /// <summary>A part of the xlsx package as XML.</summary>
    private static XDocument Part(byte[] xlsx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var stream = zip.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }

    private static IXLRow TaskRow(IXLWorksheet ws, string number) => ws.RowsUsed().First(r => r.Cell(2).GetString() == number);

    [Fact]
    public void The_detail_sheet_has_the_merged_title_the_columns_and_category_rows_with_counts()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        Assert.Equal("2026年上半年《政府工作报告》任务指标完成情况表", ws.Cell(1, 1).GetString());
        Assert.Contains(ws.MergedRanges, r => r.RangeAddress.ToString() == "A1:J1");
        Assert.Equal(_headers, Enumerable.Range(1, 10).Select(c => ws.Cell(CompletionTableBuilder.HeaderRow, c).GetString()));
        // The indicators are classed apart from 重点工作, each task once.
        Assert.Equal("一、主要经济指标（8项：完成进度3项，未完成进度5项，暂无数据0项）", ws.Cell(4, 1).GetString());
        Assert.StartsWith("二、城市建设（5项：完成2项，部分完成1项，未完成1项，未报送0项，取消1项）", ws.RowsUsed().Select(r => r.Cell(1).GetString()).First(t => t.StartsWith("二、", StringComparison.Ordinal)));
        Assert.StartsWith("统计截至2026年6月30日，进展情况以2026年7月15日前审核采纳的报告为准", ws.Cell(2, 1).GetString());
        Assert.Contains(ws.MergedRanges, r => r.RangeAddress.ToString() == "A4:J4");
        var cancelled = TaskRow(ws, "2026-ZD-009");
        Assert.Equal("取消", cancelled.Cell(9).GetString());
        Assert.Equal("取消：因政策调整原因取消", cancelled.Cell(10).GetString());
        Assert.Equal("市财政局", cancelled.Cell(5).GetString());
        Assert.Equal("李明", cancelled.Cell(6).GetString());
    }

    [Fact]
    public void An_unreported_task_has_its_own_class_colour_and_count_in_the_band_and_the_summary()
    {
        var report = SampleReports.HalfYear();
        var silent = SampleReports.Task(41, "老旧小区改造", PeriodOutcome.Unreported, "市房管局");
        report = report with { Categories = [.. report.Categories.Select(c => c.Name == "城市建设" ? c with { Tasks = [.. c.Tasks, silent] } : c)] };
        using var book = Open(CompletionTableBuilder.Build(report));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        var cell = TaskRow(ws, "2026-ZD-041").Cell(9);
        Assert.Equal("未报送", cell.GetString());
        Assert.Equal(0xE4DFEC, cell.Style.Fill.BackgroundColor.Color.ToArgb() & 0xFFFFFF);
        Assert.Contains(ws.RowsUsed(), r => r.Cell(1).GetString() == "二、城市建设（6项：完成2项，部分完成1项，未完成1项，未报送1项，取消1项）");
        var city = book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "城市建设");
        Assert.Equal([6, 2, 1, 1, 1, 1], Enumerable.Range(2, 6).Select(c => city.Cell(c).GetValue<int>()));
    }

    [Fact]
    public void The_task_content_does_not_repeat_the_task_name_and_the_unified_number_identifies_the_task()
    {
        var report = SampleReports.HalfYear();
        var named = SampleReports.Task(20, "重点项目建设攻坚", PeriodOutcome.Completed) with { Content = "全年实施市级重点项目260个，完成投资420亿元以上。" };
        report = report with { Categories = [.. report.Categories, new PeriodCategory("扩大有效投资", [named])] };
        using var book = Open(CompletionTableBuilder.Build(report));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);

        // SampleReports' content repeats the name ("北湖公园改造，年底前完成。"): it is not said twice.
        Assert.Equal("北湖公园改造，年底前完成。", TaskRow(ws, "2026-ZD-010").Cell(3).GetString());
        Assert.Equal("重点项目建设攻坚：全年实施市级重点项目260个，完成投资420亿元以上。", TaskRow(ws, "2026-ZD-020").Cell(3).GetString());
        Assert.Equal(XLAlignmentHorizontalValues.Center, TaskRow(ws, "2026-ZD-020").Cell(2).Style.Alignment.Horizontal);
    }

    [Fact]
    public void Numbers_start_afresh_in_each_category_or_run_through_the_table_when_asked()
    {
        using var perCategory = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        using var continuous = Open(CompletionTableBuilder.Build(SampleReports.HalfYear(), continuousNumbering: true));

        Assert.Equal(1, TaskRow(perCategory.Worksheet(1), "2026-ZD-009").Cell(1).GetValue<int>());
        Assert.Equal(9, TaskRow(continuous.Worksheet(1), "2026-ZD-009").Cell(1).GetValue<int>());
        Assert.Equal(13, TaskRow(continuous.Worksheet(1), "2026-ZD-013").Cell(1).GetValue<int>());
    }

    [Fact]
    public void Completion_cells_are_colour_coded_by_outcome()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var byOutcome = ws.RowsUsed().Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .GroupBy(r => r.Cell(9).GetString())
            .ToDictionary(g => g.Key, g => g.First().Cell(9).Style.Fill.BackgroundColor.Color.ToArgb() & 0xFFFFFF);

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
        foreach (var cell in ws.Range(CompletionTableBuilder.HeaderRow, 1, lastRow, 10).Cells())
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
        Assert.Equal(CompletionColumns.All.Select(c => c.ExcelWidth), Enumerable.Range(1, 10).Select(c => ws.Column(c).Width));
        // The page footer (第 N 页) prints inside the bottom margin, not over the last rows.
        Assert.True(ws.PageSetup.Margins.Footer < ws.PageSetup.Margins.Bottom);
        Assert.Contains("第 &P 页 共 &N 页", ws.PageSetup.Footer.Center.GetText(XLHFOccurrence.OddPages));
        Assert.Equal(XLPageOrientation.Landscape, book.Worksheet(CompletionTableBuilder.SummarySheet).PageSetup.PageOrientation);
    }

    [Fact]
    public void The_print_titles_are_absolute_references_that_excel_repeats_on_every_printed_page()
    {
        var xlsx = CompletionTableBuilder.Build(SampleReports.HalfYear());
        XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var names = Part(xlsx, "xl/workbook.xml").Descendants(x + "definedName").Where(n => (string?)n.Attribute("name") == "_xlnm.Print_Titles").ToList();

        Assert.Equal(
            [("0", "'完成情况表'!$3:$3"), ("1", "'汇总'!$3:$3")],
            names.Select(n => ((string)n.Attribute("localSheetId")!, n.Value)).OrderBy(n => n.Item1));
    }

    [Fact]
    public void Column_elements_are_written_in_order_so_excel_opens_the_file_without_repair()
    {
        var xlsx = CompletionTableBuilder.Build(SampleReports.HalfYear());
        XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).Select(e => e.FullName).ToList();

        Assert.Equal(2, sheets.Count);
        foreach (var sheet in sheets)
        {
            var columns = Part(xlsx, sheet).Descendants(x + "col").Select(c => ((int)c.Attribute("min")!, (int)c.Attribute("max")!)).ToList();
            Assert.NotEmpty(columns);
            Assert.Equal(columns.OrderBy(c => c.Item1), columns);
            Assert.All(columns.Zip(columns.Skip(1)), pair => Assert.True(pair.First.Item2 < pair.Second.Item1, $"{sheet}: {pair}"));
        }
    }

    [Fact]
    public void The_summary_counts_are_formulas_over_the_detail_sheet()
    {
        using var book = Open(CompletionTableBuilder.Build(SampleReports.HalfYear()));
        var ws = book.Worksheet(CompletionTableBuilder.SummarySheet);
        var total = ws.RowsUsed().First(r => r.Cell(1).GetString() == "合计");
        var city = ws.RowsUsed().First(r => r.Cell(1).GetString() == "城市建设");

        // 重点工作, 完成, 部分完成, 未完成, 未报送, 取消: the indicators are not counted in them but apart below.
        Assert.Equal([5, 2, 1, 1, 0, 1], Enumerable.Range(2, 6).Select(c => total.Cell(c).GetValue<int>()));
        Assert.Equal([5, 2, 1, 1, 0, 1], Enumerable.Range(2, 6).Select(c => city.Cell(c).GetValue<int>()));
        Assert.All(Enumerable.Range(2, 6), c => Assert.True(city.Cell(c).HasFormula));
        Assert.Equal("COUNTIF('完成情况表'!$I$14:$I$18,\"未完成\")", city.Cell(5).FormulaA1);
        Assert.StartsWith("SUM(", total.Cell(2).FormulaA1, StringComparison.Ordinal);
        Assert.DoesNotContain(ws.RowsUsed(), r => r.Cell(1).GetString() == "主要经济指标");

        // Correcting a 完成情况 in the detail sheet corrects the summary.
        book.Worksheet(CompletionTableBuilder.DetailSheet).Cell(18, 9).SetValue("未完成");
        Assert.Equal(2, city.Cell(5).GetValue<int>());
        Assert.Contains(ws.RowsUsed(), r => r.Cell(1).GetString() == "主要经济发展指标8项：完成进度3项，未完成进度5项，暂无数据0项");
    }

    [Fact]
    public void A_category_mixing_indicators_and_key_work_counts_only_its_key_work_rows_even_after_an_edit()
    {
        // 产业发展: a cancelled indicator between two 重点工作, an indicator behind schedule at the end.
        List<PeriodTaskLine> mixed =
        [
            SampleReports.Task(21, "工业技改", PeriodOutcome.Completed),
            SampleReports.Task(22, "工业用电量目标", PeriodOutcome.Cancelled, indicator: "工业用电量", cancelReason: "统计口径调整") with { IsIndicator = true },
            SampleReports.Task(23, "园区扩容", PeriodOutcome.Cancelled, cancelReason: "规划调整"),
            SampleReports.Task(24, "数字经济", PeriodOutcome.PartiallyCompleted),
            SampleReports.Task(25, "工业投资目标", PeriodOutcome.BehindSchedule, indicator: "工业投资", onSchedule: false),
        ];
        var report = SampleReports.HalfYear() with { Categories = [new PeriodCategory("产业发展", mixed)] };
        using var book = Open(CompletionTableBuilder.Build(report));
        var summary = book.Worksheet(CompletionTableBuilder.SummarySheet);
        var row = summary.RowsUsed().First(r => r.Cell(1).GetString() == "产业发展");

        // 重点工作 3: 完成 1, 部分完成 1, 取消 1 — the cancelled indicator is not among them.
        Assert.Equal([3, 1, 1, 0, 0, 1], Enumerable.Range(2, 6).Select(c => row.Cell(c).GetValue<int>()));
        Assert.DoesNotContain("-", row.Cell(7).FormulaA1, StringComparison.Ordinal);

        // The clerk cancels 数字经济 in the detail sheet: the summary follows.
        var detail = book.Worksheet(CompletionTableBuilder.DetailSheet);
        var digital = detail.RowsUsed().First(r => r.Cell(2).GetString() == "2026-ZD-024");
        digital.Cell(CompletionColumns.Outcome + 1).SetValue("取消");
        Assert.Equal([3, 1, 0, 0, 0, 2], Enumerable.Range(2, 6).Select(c => row.Cell(c).GetValue<int>()));
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_stored_as_text()
    {
        var report = SampleReports.HalfYear();
        var evil = SampleReports.Task(99, "=HYPERLINK(\"http://x\",\"y\")", PeriodOutcome.Completed, unit: "+市住建局", progress: "@SUM(1,2)") with { Content = "=HYPERLINK(\"http://x\",\"y\")" };
        report = report with { Categories = [new PeriodCategory("其他", [evil])] };
        using var book = Open(CompletionTableBuilder.Build(report));
        var row = book.Worksheet(CompletionTableBuilder.DetailSheet).Row(5);

        foreach (var c in new[] { 3, 4, 8 })
        {
            Assert.False(row.Cell(c).HasFormula);
            Assert.Equal(XLDataType.Text, row.Cell(c).DataType);
        }

        // Prefixed as OWASP recommends, so an edit or a save as CSV does not bring the formula to life.
        Assert.StartsWith("'=HYPERLINK", row.Cell(3).GetString());
        Assert.Equal("'+市住建局", row.Cell(4).GetString());
        Assert.StartsWith("'@SUM(1,2)", row.Cell(8).GetString());
        Assert.DoesNotContain(book.Worksheets.SelectMany(w => w.CellsUsed()), c => c.GetString() is ['=' or '+' or '-' or '@' or '\t' or '\r', ..]);
    }

    [Fact]
    public void Chinese_text_in_the_table_takes_chinese_quotes_and_brackets()
    {
        var report = SampleReports.HalfYear();
        var task = SampleReports.Task(30, "「小升规」培育", PeriodOutcome.PartiallyCompleted, progress: "新增规上企业12家(含「专精特新」3家)。");
        using var book = Open(CompletionTableBuilder.Build(report with { Categories = [new PeriodCategory("产业", [task])] }));
        var row = TaskRow(book.Worksheet(1), "2026-ZD-030");

        Assert.Equal("新增规上企业12家（含“专精特新”3家）。", row.Cell(8).GetString());
        Assert.Equal("“小升规”培育，年底前完成。", row.Cell(3).GetString());
        Assert.Equal("时间过半（50%），进度30%，落后20个百分点", row.Cell(10).GetString());
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
