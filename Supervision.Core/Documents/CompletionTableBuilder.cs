using ClosedXML.Excel;
using Supervision.Core.Files;
using Supervision.Core.Domain;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Rules;

namespace Supervision.Core.Documents;

/// <summary>
/// The period completion table (seed 002's 附表) as an .xlsx workbook: a 完成情况表 sheet grouped by category with the
/// columns of <see cref="CompletionColumns"/> (the same as the 通报's attached table), and a 汇总 sheet whose counts are
/// formulas over the detail sheet. Printable on A4 landscape with the header row repeated on every page. Every text
/// cell is written as text, so content such as "=HYPERLINK(...)" typed into a task can never run as a formula.
/// </summary>
public static class CompletionTableBuilder
{
    /// <summary>Name of the detail sheet.</summary>
    public const string DetailSheet = "完成情况表";

    /// <summary>Name of the summary sheet.</summary>
    public const string SummarySheet = "汇总";

    /// <summary>Header row of the detail sheet (1-based), repeated on every printed page.</summary>
    public const int HeaderRow = 3;

    /// <summary>Header row of the summary sheet's count table.</summary>
    public const int SummaryHeaderRow = 3;

    internal static IReadOnlyList<string> Headers => CompletionColumns.Headers;

    /// <summary>Fill and font colour of a 完成情况 cell, shared with the bulletin's table.</summary>
    public static (string Fill, string Font) OutcomeColours(PeriodOutcome outcome) => CompletionColumns.OutcomeColours(outcome);

    /// <summary>Builds the workbook and returns its bytes.</summary>
    /// <param name="continuousNumbering">序号 1…N through the whole table instead of afresh in each category.</param>
    public static byte[] Build(PeriodFigures report, bool continuousNumbering = false)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = report.TableTitle;
        workbook.Properties.Author = report.OfficeName;
        workbook.Properties.Company = report.OfficeName;
        // A fixed creation time keeps the same data giving the same file.
        workbook.Properties.Created = report.AsOf.ToDateTime(TimeOnly.MinValue);
        workbook.Properties.Modified = workbook.Properties.Created;
        workbook.Style.Font.FontName = "宋体";
        workbook.Style.Font.FontSize = 10.5;
        // The 汇总 counts are formulas: spreadsheet programs compute them when the file opens.
        workbook.FullCalculationOnLoad = true;

        var ranges = BuildDetail(workbook.Worksheets.Add(DetailSheet), report, continuousNumbering);
        BuildSummary(workbook.Worksheets.Add(SummarySheet), report, ranges);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return SpreadsheetPackage.Tidy(stream.ToArray(), [(DetailSheet, HeaderRow), (SummarySheet, SummaryHeaderRow)]);
    }

    /// <summary>The detail rows (first, last; 0 when empty) of each category, in order.</summary>
    private static List<(PeriodCategory Category, int First, int Last)> BuildDetail(IXLWorksheet ws, PeriodFigures report, bool continuousNumbering)
    {
        var columns = CompletionColumns.All;
        var last = columns.Count;
        for (var c = 0; c < last; c++)
            ws.Column(c + 1).Width = columns[c].ExcelWidth;

        var title = ws.Range(1, 1, 1, last).Merge();
        Text(title.FirstCell(), report.TableTitle);
        title.Style.Font.FontSize = 18;
        title.Style.Font.Bold = true;
        title.Style.Font.FontName = "黑体";
        title.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        title.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        ws.Row(1).Height = 36;

        var sub = ws.Range(2, 1, 2, last).Merge();
        var asOfText = report.Ended ? report.PointPhrase : $"本期尚未结束，{report.PointPhrase}";
        Text(sub.FirstCell(), $"{asOfText}　　制表：{report.OfficeName}");
        sub.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
        ws.Row(2).Height = 20;

        // Styles are built once and assigned whole: styling a 1,000-row table range by range costs ClosedXML a
        // style lookup per cell and property, several times the rest of the build.
        using var styles = new TableStyles(ws);
        for (var c = 0; c < last; c++)
            Text(ws.Cell(HeaderRow, c + 1), columns[c].Header).Style = styles.Header;
        ws.Row(HeaderRow).Height = 24;

        var row = HeaderRow + 1;
        if (report.Total == 0)
        {
            Band(row, BulletinDrafter.NoTasks, styles.Empty);
            ws.Row(row).Height = 28;
            row++;
        }

        var ranges = new List<(PeriodCategory, int, int)>();
        foreach (var (band, category, tasks) in CompletionColumns.Numbered(report, continuousNumbering))
        {
            Band(row, band, styles.Band);
            ws.Row(row).Height = 22;
            row++;
            var first = row;
            foreach (var (task, number) in tasks)
            {
                var values = CompletionColumns.Cells(task, number);
                var numberCell = ws.Cell(row, 1);
                numberCell.SetValue(number);
                numberCell.Style = styles.Centered;
                for (var c = 1; c < last; c++)
                {
                    Text(ws.Cell(row, c + 1), values[c]).Style = c == CompletionColumns.Outcome ? styles.Outcome(task.Outcome)
                        : columns[c].Align == TextAlign.Center ? styles.Centered
                        : styles.Body;
                }

                ws.Row(row).Height = RowHeight(values);
                row++;
            }

            if (category is not null)
                ranges.Add((category, first, row - 1));
        }

        ws.SheetView.Freeze(HeaderRow, 3);
        PrintSetup(ws, report, HeaderRow);
        return ranges;

        void Band(int bandRow, string text, IXLStyle style)
        {
            var band = ws.Range(bandRow, 1, bandRow, last);
            // Merging resets the other cells' styles, so the style goes on afterwards.
            band.Merge();
            band.Style = style;
            Text(band.FirstCell(), text);
        }
    }

    private static void BuildSummary(IXLWorksheet ws, PeriodFigures report, List<(PeriodCategory Category, int First, int Last)> ranges)
    {
        // 重点工作 by category; the indicators are counted apart below (seed 002), each task once.
        string[] headers = ["类别", "重点工作", "完成", "部分完成", "未完成", "未报送", "取消"];
        // Wide enough for the indicator list below too (控制目标3%以内, 完成年计划的62.0%).
        double[] widths = [24, 14, 16, 10, 10, 12, 12];
        for (var c = 0; c < widths.Length; c++)
            ws.Column(c + 1).Width = widths[c];

        var title = ws.Range(1, 1, 1, headers.Length).Merge();
        Text(title.FirstCell(), $"{report.Period.Label}任务完成情况汇总");
        title.Style.Font.FontSize = 16;
        title.Style.Font.Bold = true;
        title.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        ws.Row(1).Height = 30;
        var sub = ws.Range(2, 1, 2, headers.Length).Merge();
        Text(sub.FirstCell(), $"{report.PointPhrase}　　各数由“{DetailSheet}”表计算");
        sub.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;

        const int headerRow = SummaryHeaderRow;
        for (var c = 0; c < headers.Length; c++)
            Text(ws.Cell(headerRow, c + 1), headers[c]);
        var row = headerRow + 1;
        var outcome = ColumnLetter(CompletionColumns.Outcome + 1);
        PeriodOutcome[] classes = [PeriodOutcome.Completed, PeriodOutcome.PartiallyCompleted, PeriodOutcome.NotCompleted, PeriodOutcome.Unreported, PeriodOutcome.Cancelled];
        var firstCount = row;
        foreach (var (category, first, _) in ranges.Where(r => r.Category.Counts.KeyWork > 0))
        {
            Text(ws.Cell(row, 1), category.Name);
            // Counted from the detail sheet's 重点工作 rows, so a class corrected there is corrected here. The
            // indicators are counted apart, so their rows are left out of the ranges (a cancelled indicator also
            // reads 取消).
            var keyWorkRuns = KeyWorkRuns(category, first);
            for (var k = 0; k < classes.Length; k++)
            {
                var word = DisplayNames.Of(classes[k]);
                var terms = keyWorkRuns.Select(r => $"COUNTIF('{DetailSheet}'!${outcome}${r.First}:${outcome}${r.Last},\"{word}\")").ToList();
                ws.Cell(row, 3 + k).FormulaA1 = terms.Count == 1 ? terms[0] : $"SUM({string.Join(",", terms)})";
            }

            ws.Cell(row, 2).FormulaA1 = $"SUM(C{row}:{ColumnLetter(headers.Length)}{row})";
            row++;
        }

        Text(ws.Cell(row, 1), "合计");
        for (var c = 2; c <= headers.Length; c++)
        {
            var letter = ColumnLetter(c);
            if (row > firstCount)
                ws.Cell(row, c).FormulaA1 = $"SUM({letter}{firstCount}:{letter}{row - 1})";
            else
                ws.Cell(row, c).SetValue(0);
        }

        ws.Row(row).Style.Font.Bold = true;
        row++;
        var counts = ws.Range(headerRow, 1, row - 1, headers.Length);
        counts.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        counts.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        ws.Range(headerRow, 1, headerRow, headers.Length).Style.Font.Bold = true;
        ws.Range(headerRow, 1, headerRow, headers.Length).Style.Fill.BackgroundColor = XLColor.FromHtml("#D9E1F2");
        ws.Range(headerRow, 2, row - 1, headers.Length).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;

        row++;
        BuildIndicators(ws, report, row, headers.Length);

        ws.SheetView.FreezeRows(headerRow);
        PrintSetup(ws, report, headerRow);
    }

    /// <summary>The detail rows of a category's 重点工作 as contiguous runs (its rows start at <paramref name="first"/>, in task order).</summary>
    private static List<(int First, int Last)> KeyWorkRuns(PeriodCategory category, int first)
    {
        var runs = new List<(int First, int Last)>();
        for (var i = 0; i < category.Tasks.Count; i++)
        {
            if (category.Tasks[i].IsIndicator)
                continue;
            var row = first + i;
            if (runs.Count > 0 && runs[^1].Last == row - 1)
                runs[^1] = (runs[^1].First, row);
            else
                runs.Add((row, row));
        }

        return runs;
    }

    /// <summary>The indicator list under the counts.</summary>
    private static void BuildIndicators(IXLWorksheet ws, PeriodFigures report, int row, int width)
    {
        var indicators = report.Indicators;
        var onSchedule = indicators.Where(i => i.Outcome == PeriodOutcome.OnSchedule).ToList();
        var behind = indicators.Where(i => i.Outcome == PeriodOutcome.BehindSchedule).ToList();
        var noData = indicators.Where(i => i.Outcome == PeriodOutcome.NoData).ToList();
        var indicatorTitle = ws.Range(row, 1, row, width).Merge();
        Text(indicatorTitle.FirstCell(), $"{(report.HasMainIndicatorCategory ? "主要经济发展指标" : "指标类任务")}{indicators.Count}项：完成进度{onSchedule.Count}项，未完成进度{behind.Count}项，暂无数据{noData.Count}项");
        indicatorTitle.Style.Font.Bold = true;
        row++;
        var indicatorHeader = row;
        // 目标 / 实际 / 完成情况 in the one indicator wording (IndicatorWords), as the 通报's indicator paragraph states them.
        string[] columns = ["指标", "牵头单位", "目标", "实际", "进度", "完成情况"];
        for (var c = 0; c < columns.Length; c++)
            Text(ws.Cell(row, c + 1), columns[c]);
        ws.Range(row, 6, row, width).Merge();
        row++;
        foreach (var i in onSchedule.Concat(behind).Concat(noData))
        {
            Text(ws.Cell(row, 1), i.IndicatorName ?? i.Title);
            Text(ws.Cell(row, 2), i.LeadUnit);
            Text(ws.Cell(row, 3), i.IndicatorTarget ?? "");
            Text(ws.Cell(row, 4), i.IndicatorActual ?? "—");
            var status = ws.Cell(row, 5);
            Text(status, DisplayNames.Of(i.Outcome));
            Text(ws.Cell(row, 6), i.IndicatorWords ?? IndicatorWords.NoData);
            ws.Range(row, 6, row, width).Merge();
            var (fill, font) = OutcomeColours(i.Outcome);
            status.Style.Fill.BackgroundColor = XLColor.FromHtml(fill);
            status.Style.Font.FontColor = XLColor.FromHtml(font);
            row++;
        }

        var indicatorRange = ws.Range(indicatorHeader, 1, row - 1, width);
        indicatorRange.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        indicatorRange.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        ws.Range(indicatorHeader, 1, indicatorHeader, width).Style.Font.Bold = true;
        ws.Range(indicatorHeader, 1, indicatorHeader, width).Style.Fill.BackgroundColor = XLColor.FromHtml("#D9E1F2");
    }

    private static string ColumnLetter(int column) => XLHelper.GetColumnLetterFromNumber(column);

    private static void PrintSetup(IXLWorksheet ws, PeriodFigures report, int headerRow)
    {
        var page = ws.PageSetup;
        page.PaperSize = XLPaperSize.A4Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.FitToPages(1, 0);
        // Written again as an absolute reference ($3:$3) by SpreadsheetPackage.Tidy: Excel ignores the relative one.
        page.SetRowsToRepeatAtTop(headerRow, headerRow);
        page.CenterHorizontally = true;
        // Inches. The footer sits inside the bottom margin (Excel's default footer margin would overlap the last rows).
        page.Margins.Top = 0.6;
        page.Margins.Bottom = 0.7;
        page.Margins.Left = 0.4;
        page.Margins.Right = 0.4;
        page.Margins.Header = 0.3;
        page.Margins.Footer = 0.3;
        page.Footer.Center.AddText($"{report.TableTitle}　第 &P 页 共 &N 页");
    }

    /// <summary>Writes text so it stays text, also once edited or saved as CSV (<see cref="SpreadsheetText"/>).</summary>
    internal static IXLCell Text(IXLCell cell, string? value) => SpreadsheetText.Write(cell, value);

    /// <summary>
    /// Row height from the wrapped text, estimated without measuring fonts (ClosedXML's auto-fit needs GDI+):
    /// a CJK character takes two width units, anything else one.
    /// </summary>
    private static double RowHeight(string[] values)
    {
        var lines = 1;
        for (var c = 0; c < values.Length; c++)
        {
            var units = 0;
            foreach (var ch in values[c])
                units += ch > 0x2E80 ? 2 : 1;
            var perLine = Math.Max(1, (int)(CompletionColumns.All[c].ExcelWidth * 0.95));
            lines = Math.Max(lines, (units + perLine - 1) / perLine);
        }

        return Math.Min(409, 6 + (lines * 14));
    }

    /// <summary>
    /// The detail table's cell styles, each built once on a scratch cell far outside the table and then assigned to
    /// cells whole. Dispose clears the scratch cells.
    /// </summary>
    private sealed class TableStyles : IDisposable
    {
        private readonly IXLWorksheet _ws;
        private readonly IXLStyle[] _outcomes;
        private int _scratchRow = 1_000_000;

        public TableStyles(IXLWorksheet ws)
        {
            _ws = ws;
            Body = Make(s =>
            {
                s.Border.OutsideBorder = XLBorderStyleValues.Thin;
                s.Alignment.WrapText = true;
                s.Alignment.Vertical = XLAlignmentVerticalValues.Center;
            });
            Centered = Make(s => s.Alignment.Horizontal = XLAlignmentHorizontalValues.Center, Body);
            Header = Make(s =>
            {
                s.Font.Bold = true;
                s.Font.FontName = "黑体";
                s.Fill.BackgroundColor = XLColor.FromHtml("#D9E1F2");
            }, Centered);
            Band = Make(s =>
            {
                s.Font.Bold = true;
                s.Fill.BackgroundColor = XLColor.FromHtml("#F2F2F2");
            }, Body);
            Empty = Centered;
            _outcomes = Enum.GetValues<PeriodOutcome>().Select(outcome => Make(s =>
            {
                var (fill, font) = OutcomeColours(outcome);
                s.Fill.BackgroundColor = XLColor.FromHtml(fill);
                s.Font.FontColor = XLColor.FromHtml(font);
                s.Font.Bold = true;
            }, Centered)).ToArray();
        }

        public IXLStyle Body { get; }

        public IXLStyle Centered { get; }

        public IXLStyle Header { get; }

        public IXLStyle Band { get; }

        public IXLStyle Empty { get; }

        public IXLStyle Outcome(PeriodOutcome outcome) => _outcomes[(int)outcome];

        public void Dispose() => _ws.Rows(1_000_000, _scratchRow).Delete();

        private IXLStyle Make(Action<IXLStyle> configure, IXLStyle? basedOn = null)
        {
            var cell = _ws.Cell(_scratchRow++, 1);
            if (basedOn is not null)
                cell.Style = basedOn;
            configure(cell.Style);
            return cell.Style;
        }
    }
}

/// <summary>Chinese numerals as documents write them.</summary>
public static class ChineseNumerals
{
    private static readonly string[] _digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一 (up to 99).</summary>
    public static string Ordinal(int n)
    {
        if (n is < 1 or > 99)
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (n < 10)
            return _digits[n];
        var tens = n / 10;
        var ones = n % 10;
        return (tens == 1 ? "" : _digits[tens]) + "十" + (ones == 0 ? "" : _digits[ones]);
    }
}
