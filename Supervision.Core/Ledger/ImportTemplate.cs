using ClosedXML.Excel;

namespace Supervision.Core.Ledger;

/// <summary>The 任务分解表 template offered for download: the layout the import reads, with two sample rows and the rules.</summary>
public static class ImportTemplate
{
    public const string FileName = "任务分解表导入模板.xlsx";

    public static byte[] Build(int year)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("任务分解表");
        string[] headers = ["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "备注"];
        double[] widths = [6, 60, 18, 30, 12, 14, 16];

        ws.Cell(1, 1).Value = $"{year}年《政府工作报告》重点工作任务分解表";
        ws.Range(1, 1, 1, headers.Length).Merge();
        ws.Cell(1, 1).Style.Font.Bold = true;
        ws.Cell(1, 1).Style.Font.FontSize = 16;
        ws.Cell(1, 1).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;

        for (var i = 0; i < headers.Length; i++)
        {
            var cell = ws.Cell(2, i + 1);
            cell.Value = headers[i];
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF5");
            cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
            ws.Column(i + 1).Width = widths[i];
        }

        ws.Cell(3, 1).Value = "一、扩大有效投资（2项）";
        ws.Range(3, 1, 3, headers.Length).Merge();
        ws.Cell(3, 1).Style.Font.Bold = true;

        object[][] samples =
        [
            [1, "推进重大项目建设。全年实施市级重点项目200个以上，\n完成投资500亿元。", "市发展改革委", "市财政局、市自然资源和规划局", "", "年底前", "示例，导入前请删除"],
            [2, "加快城市更新，完成老旧小区改造50个。", "市住房和城乡建设局", "市财政局", "", "6月底前", "示例，导入前请删除"],
        ];
        for (var r = 0; r < samples.Length; r++)
        {
            for (var c = 0; c < samples[r].Length; c++)
            {
                var cell = ws.Cell(4 + r, c + 1);
                if (samples[r][c] is int n)
                    cell.Value = n;
                else
                    cell.Value = (string)samples[r][c];
                cell.Style.Alignment.WrapText = true;
                cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            }
        }

        ws.Range(2, 1, 5, headers.Length).Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        ws.Range(2, 1, 5, headers.Length).Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        ws.SheetView.FreezeRows(2);

        var help = wb.Worksheets.Add("填写说明");
        help.Column(1).Width = 100;
        string[] lines =
        [
            "填写说明",
            "1. 表头可以是任意顺序；“任务内容”“牵头单位”（或“责任单位”）“完成时限”为必填列，“配合单位”“责任领导”“目标要求”“备注”可选。",
            "2. 类别行写作“一、扩大有效投资（15项）”，可跨列合并；其下的任务归入该类别；本年度没有该类别时导入时新建，也可在导入预览中归入已有类别。",
            "3. 只有一列“责任单位”时，多个单位用“、，,；”分隔，排在第一个的为牵头单位，其余为配合单位。",
            "4. 单位名称可写全称、简称或别名（如“市发改委”“市发展改革委”）；“各县（市）区政府”“各开发区管委会”等单位组写在牵头单位一栏时，每个成员单位各牵头一项、分别报送，写在配合单位一栏时，每个成员单位都作为配合单位。名录中找不到的单位，可在导入预览中直接选定。",
            "5. 责任领导可写姓名，也可写“王副市长”“常务副市长”等姓氏加职务的写法；对应多位领导时，在导入预览中确认是哪一位。",
            "6. 完成时限可写：2026年9月30日、9月30日前、6月底前、年底前、上半年、三季度、前三季度、长期坚持、持续推进（长期任务按年底考核）。",
            "7. 任务内容可以换行。内容完全相同的行视为重复，不能导入；同一文件不能重复导入。",
            "8. 每次最多导入5000项任务，文件不超过10MB。有任何错误时整个文件都不会导入，请按提示修改后重新上传。",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            help.Cell(i + 1, 1).Value = lines[i];
            help.Cell(i + 1, 1).Style.Alignment.WrapText = true;
        }

        help.Cell(1, 1).Style.Font.Bold = true;
        using var output = new MemoryStream();
        wb.SaveAs(output);
        return output.ToArray();
    }
}
