using System.Globalization;
using ClosedXML.Excel;

namespace Supervision.Core.Ledger;

/// <summary>A worksheet as text: <c>Cells[row][col]</c> (0-based) and, per cell, the width of a merge starting there.</summary>
internal sealed record SheetGrid(string Name, IReadOnlyList<string[]> Cells, IReadOnlyDictionary<(int Row, int Col), int> MergeWidths, int FirstRowNumber)
{
    public int ColumnCount => Cells.Count == 0 ? 0 : Cells[0].Length;

    /// <summary>True when (row, col) lies inside a merged range but is not its top-left cell.</summary>
    public bool IsCovered(int row, int col) => Covered.Contains((row, col));

    public HashSet<(int Row, int Col)> Covered { get; init; } = [];
}

/// <summary>Reads worksheets of an already inspected .xlsx into text grids. Cells are read as people see them.</summary>
internal static class TaskSheetReader
{
    /// <summary>Most columns looked at; real 分解表 have fewer than 15.</summary>
    private const int MaxColumns = 40;

    /// <summary>The non-empty worksheets, or an error in Chinese.</summary>
    public static (IReadOnlyList<SheetGrid> Sheets, string? Error) Read(Stream xlsx, int maxRows)
    {
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(xlsx);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return ([], "无法读取该Excel文件，文件可能已损坏或已加密。请用Excel打开后另存为.xlsx再导入。");
        }

        using (workbook)
        {
            var sheets = new List<SheetGrid>();
            foreach (var ws in workbook.Worksheets)
            {
                if (ws.Visibility != XLWorksheetVisibility.Visible)
                    continue;
                var lastRow = ws.LastRowUsed()?.RowNumber() ?? 0;
                var lastCol = Math.Min(ws.LastColumnUsed()?.ColumnNumber() ?? 0, MaxColumns);
                if (lastRow == 0 || lastCol == 0)
                    continue;
                // Title and header rows come on top of the task rows; anything much longer is refused before reading.
                if (lastRow > maxRows + 50)
                    return ([], $"工作表「{ws.Name}」有{lastRow}行，超过每次最多导入{maxRows}项任务的上限，请分批导入。");

                var cells = new List<string[]>(lastRow);
                for (var r = 1; r <= lastRow; r++)
                {
                    var row = new string[lastCol];
                    for (var c = 1; c <= lastCol; c++)
                        row[c - 1] = Text(ws.Cell(r, c));
                    cells.Add(row);
                }

                var widths = new Dictionary<(int, int), int>();
                var covered = new HashSet<(int, int)>();
                foreach (var range in ws.MergedRanges)
                {
                    var first = range.RangeAddress.FirstAddress;
                    var last = range.RangeAddress.LastAddress;
                    widths[(first.RowNumber - 1, first.ColumnNumber - 1)] = last.ColumnNumber - first.ColumnNumber + 1;
                    for (var r = first.RowNumber; r <= Math.Min(last.RowNumber, lastRow); r++)
                    {
                        for (var c = first.ColumnNumber; c <= Math.Min(last.ColumnNumber, lastCol); c++)
                        {
                            if (r != first.RowNumber || c != first.ColumnNumber)
                                covered.Add((r - 1, c - 1));
                        }
                    }
                }

                sheets.Add(new SheetGrid(ws.Name, cells, widths, 1) { Covered = covered });
            }

            return sheets.Count == 0 ? ([], "文件中没有任何内容。") : (sheets, null);
        }
    }

    private static string Text(IXLCell cell)
    {
        if (cell.IsEmpty())
            return "";
        try
        {
            if (cell.DataType == XLDataType.DateTime)
            {
                var d = cell.GetDateTime();
                return $"{d.Year}年{d.Month}月{d.Day}日";
            }

            if (cell.DataType == XLDataType.Number)
                return cell.GetDouble().ToString(CultureInfo.InvariantCulture);
            return (cell.HasFormula ? cell.CachedValue?.ToString() : cell.GetString())?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException)
        {
            return cell.GetFormattedString().Trim();
        }
    }
}
