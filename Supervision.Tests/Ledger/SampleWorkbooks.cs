using ClosedXML.Excel;

namespace Supervision.Tests.Ledger;

/// <summary>Real .xlsx files in the public 任务分解表 layout, built in memory and read back by the import.</summary>
internal static class SampleWorkbooks
{
    /// <summary>A sheet with a merged title row, the given header row, then rows; a row with one string starting "一、" etc. is merged as a category row.</summary>
    public static byte[] Sheet(string[] headers, params object?[][] rows) => Build(ws =>
    {
        ws.Cell(1, 1).Value = "2026年《政府工作报告》重点工作任务分解表";
        ws.Range(1, 1, 1, headers.Length).Merge();
        for (var c = 0; c < headers.Length; c++)
            ws.Cell(2, c + 1).Value = headers[c];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (row.Length == 1 && row[0] is string category)
            {
                ws.Cell(3 + r, 1).Value = category;
                ws.Range(3 + r, 1, 3 + r, headers.Length).Merge();
                continue;
            }

            for (var c = 0; c < row.Length; c++)
            {
                switch (row[c])
                {
                    case null:
                        break;
                    case int n:
                        ws.Cell(3 + r, c + 1).Value = n;
                        break;
                    case DateTime d:
                        ws.Cell(3 + r, c + 1).Value = d;
                        break;
                    case string s:
                        ws.Cell(3 + r, c + 1).Value = s;
                        break;
                }
            }
        }
    });

    /// <summary>The layout most offices use: 序号 | 任务内容 | 牵头单位 | 配合单位 | 责任领导 | 完成时限.</summary>
    public static readonly string[] StandardHeaders = ["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限"];

    /// <summary>A small realistic 分解表 with two merged category rows and multi-line content.</summary>
    public static byte[] Standard() => Sheet(
        StandardHeaders,
        ["一、扩大有效投资（2项）"],
        [1, "推进重大项目建设。全年实施市级重点项目200个以上，\n完成投资500亿元。", "市发改委", "市财政局、市住建局", "钱立恒", "年底前"],
        [2, "加快城市更新，完成老旧小区改造50个。", "市住房和城乡建设局", "澜东区", "钱立恒", "6月底前"],
        ["二、民生实事（1项）"],
        [3, "新增城镇就业岗位2万个。", "市财政局", null, null, "长期坚持"]);

    public static byte[] Build(Action<IXLWorksheet> fill, string sheetName = "任务分解表")
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(sheetName);
        fill(ws);
        using var output = new MemoryStream();
        wb.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>A generated file of <paramref name="count"/> distinct, valid task rows under ten categories.</summary>
    public static byte[] Large(int count, IReadOnlyList<string> unitNames)
    {
        var rows = new List<object?[]>();
        var perCategory = Math.Max(1, count / 10);
        string[] deadlines = ["6月底前", "年底前", "三季度", "2026年9月30日", "长期坚持", "持续推进", "11月底前"];
        for (var i = 0; i < count; i++)
        {
            if (i % perCategory == 0)
                rows.Add([$"{"一二三四五六七八九十"[Math.Min(9, i / perCategory)]}、类别{i / perCategory + 1}（{perCategory}项）"]);
            var lead = unitNames[i % unitNames.Count];
            var assist = $"{unitNames[(i + 1) % unitNames.Count]}、{unitNames[(i + 2) % unitNames.Count]}";
            rows.Add([i + 1, $"第{i + 1}项重点工作：推进项目建设，完成年度投资任务{i + 1}亿元，\n确保按期投产见效。", lead, assist, null, deadlines[i % deadlines.Length]]);
        }

        return Sheet(StandardHeaders, rows.ToArray());
    }
}
