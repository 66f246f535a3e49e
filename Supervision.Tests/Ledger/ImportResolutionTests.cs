using ClosedXML.Excel;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>
/// Sheets as a 政府办 circulates them — merged rows, two-row headers, leaders by surname and title, unit groups,
/// renamed units, long category headings — read against a directory, with and without a person's answers.
/// </summary>
public sealed class ImportResolutionTests
{
    private static readonly UnitName[] _units =
    [
        new(1, "市发展和改革委员会", "市发展改革委", ["市发改委"]),
        new(2, "市财政局", null, []),
        new(3, "市住房和城乡建设局", "市住建局", []),
        new(4, "澜东区", null, ["澜东区人民政府"]),
        new(5, "澜西区", null, []),
        new(6, "澜北区", null, []),
        new(7, "澜江高新技术产业开发区", "高新区", []),
        new(8, "澜江经济技术开发区", "经开区", []),
        new(9, "市营商环境建设局", "市营商局", []),
        new(10, "市政务服务中心", null, [], IsActive: false),
        new(11, "市数据局", null, []),
    ];

    private static readonly ImportContext _context = new(
        2026,
        _units,
        [
            new LeaderName(1, "周承远", "市长", []),
            new LeaderName(2, "钱立恒", "常务副市长", []),
            new LeaderName(3, "王立新", "副市长", []),
            new LeaderName(4, "张海", "副市长", []),
            new LeaderName(5, "张强", "副市长", []),
            new LeaderName(6, "李明", "副市长", []),
            new LeaderName(7, "秦海峰", "副市长、市公安局局长", []),
            new LeaderName(8, "欧阳红", "市政府秘书长", ["欧阳秘书长同志"]),
        ],
        [new CategoryName(20, "扩大有效投资", []), new CategoryName(21, "民生实事", ["保障和改善民生"])],
        new Dictionary<string, string>(),
        null,
        5000)
    {
        Groups =
        [
            new UnitGroupName(1, "各县（市）区政府", ["各县区", "各县（市、区）人民政府"], [_units[3], _units[4], _units[5]]),
            new UnitGroupName(2, "各开发区管委会", ["各开发区"], [_units[6], _units[7]]),
            new UnitGroupName(3, "沿海各乡镇", [], []),
        ],
        Today = new DateOnly(2026, 3, 2),
    };

    private static ImportPreview Analyze(byte[] file, ImportContext? context = null)
    {
        using var stream = new MemoryStream(file);
        var workbook = TaskSheetReader.Read(stream, 5000);
        Assert.Null(workbook.Error);
        return TaskSheetAnalyzer.Analyze(workbook, "分解表.xlsx", "hash", context ?? _context);
    }

    private static ImportRow Row(ImportPreview preview, int number) => preview.Rows.Single(r => r.RowNumber == number);

    [Theory]
    [InlineData("王副市长", 3)]
    [InlineData("周市长", 1)]
    [InlineData("市长", 1)]
    [InlineData("常务副市长", 2)]
    [InlineData("钱副市长", 2)]
    [InlineData("秦局长", 7)]
    [InlineData("欧阳秘书长", 8)]
    [InlineData("欧阳秘书长同志", 8)]
    [InlineData("常务副市长钱立恒", 2)]
    [InlineData("王立新同志", 3)]
    public void Leaders_written_by_surname_and_title_match_the_leader_directory(string written, int leaderId)
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改委", null, written, "年底前"]);

        var row = Assert.Single(Analyze(file).Rows);

        Assert.Empty(row.Errors);
        Assert.Equal(leaderId, row.LeaderId);
    }

    [Fact]
    public void Two_leaders_fitting_a_surname_and_title_are_a_question_never_a_guess()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, "张副市长", "年底前"],
            [2, "优化营商环境。", "市营商局", null, "张副市长", "年底前"],
            [3, "完善养老服务。", "市财政局", null, "李市长", "年底前"]);

        var preview = Analyze(file);

        Assert.Null(Row(preview, 3).LeaderId);
        Assert.Contains("责任领导「张副市长」对应多位市领导：张海（副市长）、张强（副市长），请确认是哪一位", Row(preview, 3).Errors);
        var ambiguous = preview.Questions.Single(q => q.Written == "张副市长");
        Assert.True(ambiguous.Ambiguous);
        Assert.Equal([3, 4], ambiguous.Rows);
        Assert.Equal([4, 5], ambiguous.Suggestions.Select(s => s.Id));
        // 李市长 fits the 副市长 李明 only loosely (副市长 is not 市长): asked, with him suggested.
        var loose = preview.Questions.Single(q => q.Written == "李市长");
        Assert.False(loose.Ambiguous);
        Assert.Equal([6], loose.Suggestions.Select(s => s.Id));
        Assert.Contains("是否指：李明（副市长）", Row(preview, 5).Errors.Single());

        var answered = Analyze(file, _context with { Choices = ImportChoices.None.With(new ImportAnswer(ImportNameKind.Leader, "张副市长", ImportTargetKind.Leader, 5)) });

        Assert.Equal([5, 5], answered.Rows.Take(2).Select(r => r.LeaderId));
        Assert.DoesNotContain(answered.Questions, q => q.Written == "张副市长");
    }

    [Fact]
    public void A_group_in_the_lead_position_becomes_one_task_per_member_and_a_group_assisting_adds_every_member()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "开展城乡环境整治。", "各县（市）区政府", "市住建局", null, "年底前"],
            [2, "推进园区标准厂房建设。", "市发改委", "各开发区管委会、市财政局", null, "年底前"],
            [3, "落实减税降费政策。", "各县（市、区）人民政府、各开发区", "市财政局", null, "年底前"],
            [4, "建设沿海防护林。", "沿海各乡镇", null, null, "年底前"]);

        var preview = Analyze(file);

        var split = Row(preview, 3);
        Assert.Empty(split.Errors);
        Assert.Null(split.Lead);
        Assert.Equal([4, 5, 6], split.SplitLeads.Select(u => u.Id));
        Assert.Equal(["各县（市）区政府"], split.LeadGroups);
        Assert.Equal([3], split.Assisting.Select(u => u.Id));
        Assert.Equal(3, split.TaskCount);
        Assert.Contains(split.Warnings, w => w.Contains("共3个单位分别牵头落实，本行导入为3项任务", StringComparison.Ordinal));

        var assisted = Row(preview, 4);
        Assert.Equal(1, assisted.Lead!.Id);
        Assert.Equal([7, 8, 2], assisted.Assisting.Select(u => u.Id));
        Assert.Equal(["各开发区管委会"], assisted.AssistingGroups.Select(g => g.Name));

        // Groups written one after the other in the lead position all lead; 、 inside brackets does not split a name.
        Assert.Equal([4, 5, 6, 7, 8], Row(preview, 5).SplitLeads.Select(u => u.Id));
        Assert.Contains("单位组「沿海各乡镇」没有在用的成员单位，请在单位名录的“单位组”中设置", Row(preview, 6).Errors);
        Assert.Equal(3 + 1 + 5 + 1, preview.TaskCount);
    }

    [Fact]
    public void Unknown_and_renamed_units_are_asked_once_for_all_their_rows_and_an_answer_settles_every_row()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推行惠企政策“免申即享”。", "市政务服务中心", "市数字经济推进办", null, "年底前"],
            [2, "深化“一件事一次办”改革。", "市政务服务中心（牵头）", null, null, "年底前"],
            [3, "建设城市数据中台。", "市数字经济推进办", null, null, "年底前"]);

        var preview = Analyze(file);

        Assert.Equal(3, preview.ErrorRowCount);
        var renamed = preview.Questions.Single(q => q.Written == "市政务服务中心");
        Assert.Equal("单位「市政务服务中心」已停用，请选择接替它的单位", renamed.Problem);
        Assert.Equal([3, 4], renamed.Rows);
        Assert.DoesNotContain(renamed.Suggestions, s => s.Id == 10);
        var unknown = preview.Questions.Single(q => q.Written == "市数字经济推进办");
        Assert.Equal([3, 5], unknown.Rows);
        Assert.Equal(2, preview.Questions.Count);

        var choices = ImportChoices.None
            .With(new ImportAnswer(ImportNameKind.Unit, "市政务服务中心", ImportTargetKind.Unit, 9))
            .With(new ImportAnswer(ImportNameKind.Unit, "市数字经济推进办", ImportTargetKind.Unit, 11));
        var answered = Analyze(file, _context with { Choices = choices });

        Assert.True(answered.CanCommit, answered.Summary());
        Assert.Empty(answered.Questions);
        Assert.Equal([9, 9, 11], answered.Rows.Select(r => r.Lead!.Id));
        Assert.Equal([11], Row(answered, 3).Assisting.Select(u => u.Id));
    }

    [Fact]
    public void A_name_answered_with_a_group_expands_like_the_group()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "开展城乡环境整治。", "各区人民政府", null, null, "年底前"]);
        var preview = Analyze(file);
        Assert.Contains(preview.Questions.Single().Suggestions, s => s.Kind == ImportTargetKind.Group && s.Id == 1);

        var answered = Analyze(file, _context with { Choices = ImportChoices.None.With(new ImportAnswer(ImportNameKind.Unit, "各区人民政府", ImportTargetKind.Group, 1)) });

        Assert.Equal([4, 5, 6], Assert.Single(answered.Rows).SplitLeads.Select(u => u.Id));
    }

    [Fact]
    public void Merged_rows_give_their_value_to_every_row_they_span()
    {
        var file = SampleWorkbooks.Build(ws =>
        {
            ws.Cell(1, 1).Value = "2026年重点工作任务分解表";
            ws.Range(1, 1, 1, 7).Merge();
            string[] headers = ["序号", "类别", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限"];
            for (var c = 0; c < headers.Length; c++)
                ws.Cell(2, c + 1).Value = headers[c];
            object[][] rows =
            [
                [1, "民生实事", "新建社区嵌入式托育点20个。", "市财政局", "澜东区", "王副市长", "6月底前"],
                [2, "", "新增城镇就业岗位2万个。", "", "", "", "年底前"],
                [3, "", "建设口袋公园10个，其中：", "市住建局", "", "王副市长", "三季度"],
                [4, "", "", "澜东区", "", "", "三季度"],
            ];
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (rows[r][c] is int n)
                        ws.Cell(3 + r, c + 1).Value = n;
                    else if (rows[r][c] is string { Length: > 0 } s)
                        ws.Cell(3 + r, c + 1).Value = s;
                }
            }

            ws.Range(3, 2, 6, 2).Merge(); // 类别 over all four rows
            ws.Range(3, 4, 4, 4).Merge(); // one lead unit for the first two tasks
            ws.Range(3, 6, 4, 6).Merge(); // and one leader
            ws.Range(5, 3, 6, 3).Merge(); // one content shared by two rows with their own units
        });

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal(4, preview.Rows.Count);
        Assert.All(preview.Rows, r => Assert.Equal("民生实事", r.Category));
        Assert.Equal(2, Row(preview, 4).Lead!.Id);
        Assert.Equal(3, Row(preview, 4).LeaderId);
        Assert.Empty(Row(preview, 4).Assisting);
        Assert.Equal([3, 4], new[] { Row(preview, 5).Lead!.Id, Row(preview, 6).Lead!.Id });
        Assert.Contains("与第5行共用合并单元格中的任务内容，作为单独一项任务导入", Row(preview, 6).Warnings);
        Assert.Equal("建设口袋公园10个（市住建局）", Row(preview, 5).Title);
        Assert.Equal("建设口袋公园10个（澜东区）", Row(preview, 6).Title);
        Assert.Equal(21, Row(preview, 3).CategoryId);
    }

    [Fact]
    public void A_two_row_header_with_merged_cells_is_read_and_not_copied_into_the_first_task()
    {
        var file = SampleWorkbooks.Build(ws =>
        {
            ws.Cell(1, 1).Value = "序号";
            ws.Cell(1, 2).Value = "重点任务";
            ws.Cell(1, 3).Value = "责任单位";
            ws.Cell(1, 5).Value = "牵头市领导";
            ws.Cell(1, 6).Value = "完成时限";
            ws.Cell(2, 3).Value = "牵头";
            ws.Cell(2, 4).Value = "配合";
            foreach (var c in new[] { 1, 2, 5, 6 })
                ws.Range(1, c, 2, c).Merge();
            ws.Range(1, 3, 1, 4).Merge();
            ws.Cell(3, 1).Value = "一、聚焦扩大有效投资，着力稳住经济大盘（1项）";
            ws.Range(3, 1, 3, 6).Merge();
            ws.Cell(4, 1).Value = 1;
            ws.Cell(4, 2).Value = "实施城市更新行动。";
            ws.Cell(4, 3).Value = "市住建局";
            ws.Cell(4, 4).Value = "各县区";
            ws.Cell(4, 5).Value = "常务副市长";
            ws.Cell(4, 6).Value = "三季度";
        });

        var preview = Analyze(file);

        var row = Assert.Single(preview.Rows);
        Assert.Empty(row.Errors);
        Assert.Equal(3, row.Lead!.Id);
        Assert.Equal([4, 5, 6], row.Assisting.Select(u => u.Id));
        Assert.Equal(2, row.LeaderId);
        // The long heading is a new category unless mapped; the year's category it contains is offered.
        var category = Assert.Single(preview.Categories);
        Assert.Equal("聚焦扩大有效投资，着力稳住经济大盘", category.Name);
        Assert.Null(category.CategoryId);
        Assert.Equal(20, category.Suggestion!.Id);
    }

    [Fact]
    public void A_category_heading_maps_onto_the_years_category_by_answer_or_by_alias()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、聚焦扩大有效投资，着力稳住经济大盘（1项）"],
            [1, "推进重大项目建设。", "市发改委", null, null, "年底前"],
            ["二、保障和改善民生（1项）"],
            [2, "新增城镇就业岗位2万个。", "市财政局", null, null, "年底前"]);

        var answered = Analyze(file, _context with
        {
            Choices = ImportChoices.None.With(new ImportAnswer(ImportNameKind.Category, "一、聚焦扩大有效投资，着力稳住经济大盘（1项）", ImportTargetKind.Category, 20)),
        });

        Assert.Equal([20, 21], answered.Categories.Select(c => c.CategoryId));
        Assert.Equal(["扩大有效投资", "民生实事"], answered.Categories.Select(c => c.MappedTo));
        Assert.Equal([20, 21], answered.Rows.Select(r => r.CategoryId));
    }

    [Fact]
    public void A_deadline_already_past_on_import_day_is_a_warning()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, null, "1月底前"],
            [2, "优化营商环境。", "市营商局", null, null, "3月2日"]);

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Contains("完成时限2026年1月31日早于导入当天（2026年3月2日），导入后即为逾期", Row(preview, 3).Warnings);
        Assert.Empty(Row(preview, 4).Warnings);
    }

    [Fact]
    public void A_truncated_sheet_is_a_damaged_file_not_an_empty_one()
    {
        var file = WithPart(SampleWorkbooks.Standard(), "xl/worksheets/sheet1.xml", xml => xml[..(xml.Length * 2 / 3)]);

        using var stream = new MemoryStream(file);
        var read = TaskSheetReader.Read(stream, 5000);

        Assert.Null(read.Sheet);
        Assert.StartsWith("文件已损坏，无法读取（工作表「任务分解表」的数据不完整）", read.Error);
    }

    [Fact]
    public void Sheets_besides_the_task_table_are_read_no_further_than_their_head()
    {
        // A notes sheet first, the table second, then a sheet whose XML breaks after row 20: it is never read that far.
        using var wb = new XLWorkbook();
        wb.Worksheets.Add("填报说明").Cell(1, 1).Value = "请各单位按要求填报。";
        var table = wb.Worksheets.Add("任务分解表");
        for (var c = 0; c < SampleWorkbooks.StandardHeaders.Length; c++)
            table.Cell(1, c + 1).Value = SampleWorkbooks.StandardHeaders[c];
        table.Cell(2, 1).Value = 1;
        table.Cell(2, 2).Value = "推进数字政府建设。";
        table.Cell(2, 3).Value = "市发改委";
        table.Cell(2, 6).Value = "年底前";
        var data = wb.Worksheets.Add("数据");
        for (var r = 1; r <= 200; r++)
            data.Cell(r, 1).Value = $"第{r}行数据";
        using var output = new MemoryStream();
        wb.SaveAs(output);
        var file = WithPart(output.ToArray(), "xl/worksheets/sheet3.xml", xml =>
        {
            var row21 = System.Text.RegularExpressions.Regex.Match(xml, "<(\\w+:)?row r=\"21\"");
            Assert.True(row21.Success);
            return xml[..row21.Index];
        });

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal("任务分解表", preview.SheetName);
        Assert.Equal("推进数字政府建设。", Assert.Single(preview.Rows).Content);
    }

    [Fact]
    public void Cells_are_read_as_people_see_them()
    {
        var file = SampleWorkbooks.Build(ws =>
        {
            string[] headers = ["序号", "任务内容", "牵头单位", "完成时限"];
            for (var c = 0; c < headers.Length; c++)
                ws.Cell(1, c + 1).Value = headers[c];
            ws.Cell(2, 1).Value = 1;
            ws.Cell(2, 2).RichText.AddText("推进").SetBold().AddText("数字政府\r\n建设。");
            ws.Cell(2, 3).Value = "市发改委";
            ws.Cell(2, 4).Value = new DateTime(2026, 9, 30);
            ws.Cell(2, 4).Style.NumberFormat.Format = "yyyy\"年\"m\"月\"d\"日\"";
            ws.Cell(3, 1).Value = 2.5;
            ws.Cell(3, 2).Value = "完善养老服务。";
            ws.Cell(3, 3).Value = "市财政局";
            ws.Cell(3, 4).Value = new DateTime(2026, 10, 15);
            ws.Cell(3, 4).Style.NumberFormat.NumberFormatId = 14;
        });

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal("推进数字政府\n建设。", preview.Rows[0].Content);
        Assert.Equal(1, preview.Rows[0].Lead!.Id);
        Assert.Equal(new DateOnly(2026, 9, 30), preview.Rows[0].Deadline);
        Assert.Equal("2.5", preview.Rows[1].Seq);
        Assert.Equal(new DateOnly(2026, 10, 15), preview.Rows[1].Deadline);
    }

    /// <summary>The workbook with one part rewritten, the zip itself intact.</summary>
    internal static byte[] WithPart(byte[] xlsx, string part, Func<string, string> rewrite)
    {
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx), System.IO.Compression.ZipArchiveMode.Read))
        using (var target = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                writer.Write(entry.FullName == part ? rewrite(text) : text);
            }
        }

        return output.ToArray();
    }
}
