using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>The import's reading rules, on real .xlsx files, without a database.</summary>
public sealed class ImportAnalysisTests
{
    private static readonly ImportContext _context = new(
        2026,
        [
            new UnitName(1, "市发展和改革委员会", "市发展改革委", ["市发改委"]),
            new UnitName(2, "市财政局", null, []),
            new UnitName(3, "市住房和城乡建设局", "市住建局", []),
            new UnitName(4, "澜东区", null, ["澜东区人民政府"]),
            new UnitName(5, "市撤销局", null, [], IsActive: false),
            new UnitName(6, "市自然资源和规划局", "市自然资源规划局", []),
        ],
        [new LeaderName(1, "钱立恒", "常务副市长", []), new LeaderName(2, "朱启航", "副市长", [])],
        [new CategoryName(10, "扩大有效投资", [])],
        new Dictionary<string, string> { [TaskSheetAnalyzerKey("已经登记过的任务内容。")] = "2026-ZD-009" },
        null,
        5000);

    private static string TaskSheetAnalyzerKey(string s) => TaskSheetAnalyzer.ContentKey(s);

    private static ImportPreview Analyze(byte[] file, ImportContext? context = null)
    {
        using var stream = new MemoryStream(file);
        var workbook = TaskSheetReader.Read(stream, 5000);
        Assert.Null(workbook.Error);
        return TaskSheetAnalyzer.Analyze(workbook, "分解表.xlsx", "hash", context ?? _context);
    }

    [Fact]
    public void The_standard_layout_reads_categories_units_leaders_and_deadlines()
    {
        var preview = Analyze(SampleWorkbooks.Standard());

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal(3, preview.Rows.Count);
        Assert.Equal(["扩大有效投资", "民生实事"], preview.Categories.Select(c => c.Name));
        Assert.Equal(10, preview.Categories[0].CategoryId);
        Assert.Null(preview.Categories[1].CategoryId);
        Assert.Equal(2, preview.Categories[0].DeclaredCount);

        var first = preview.Rows[0];
        Assert.Equal(4, first.RowNumber);
        Assert.Equal("扩大有效投资", first.Category);
        Assert.Equal("推进重大项目建设", first.Title);
        Assert.Contains("\n完成投资500亿元", first.Content);
        Assert.Equal(1, first.Lead!.Id);
        Assert.Equal([2, 3], first.Assisting.Select(a => a.Id));
        Assert.Equal(1, first.LeaderId);
        Assert.Equal(new DateOnly(2026, 12, 31), first.Deadline);

        var last = preview.Rows[2];
        Assert.Equal("民生实事", last.Category);
        Assert.Contains("长期任务，按年底（12月31日）考核", last.Warnings);
        // The new category is announced once (preview.Categories), not as a warning on each of its rows.
        Assert.Equal(["长期任务，按年底（12月31日）考核"], last.Warnings);
    }

    [Fact]
    public void Category_rows_are_read_unmerged_with_the_numeral_in_the_sequence_column_or_with_only_a_count()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一", "扩大有效投资（1项）", null, null, null, null],
            [1, "推进重大项目建设。", "市发改委", null, null, "年底前"],
            ["（二）", "民生实事", null, null, null, null],
            [2, "加快城市更新。", "市住建局", null, null, "6月底前"],
            [null, "产业升级（1项）", null, null, null, null],
            [3, "加快产业升级。", "市住建局", null, null, "三季度"]);

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal(["扩大有效投资", "民生实事", "产业升级"], preview.Categories.Select(c => c.Name));
        Assert.Equal([1, 1, 1], preview.Categories.Select(c => c.TaskCount));
        Assert.Equal(["扩大有效投资", "民生实事", "产业升级"], preview.Rows.Select(r => r.Category));
    }

    [Fact]
    public void A_task_row_that_lacks_its_unit_and_deadline_stays_a_task_row_with_errors()
    {
        // Only a Chinese numeral in 序号 or a stated count makes a heading; an ordinary row missing fields is reported.
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进重大项目建设。", null, null, null, null]);

        var row = Assert.Single(Analyze(file).Rows);

        Assert.Equal(["未填写牵头单位", "未填写完成时限"], row.Errors);
        Assert.Empty(Analyze(file).Categories);
    }

    [Fact]
    public void One_units_column_splits_on_every_separator_and_the_first_unit_leads()
    {
        var file = SampleWorkbooks.Sheet(
            ["序号", "任务内容", "责任单位", "完成时限"],
            [1, "推进重大项目建设。", "市发改委；市财政局;澜东区", "年底前"],
            [2, "加快城市更新。", "市住建局，市财政局,澜东区、市发展改革委", "年底前"]);

        var rows = Analyze(file).Rows;

        Assert.Equal(1, rows[0].Lead!.Id);
        Assert.Equal([2, 4], rows[0].Assisting.Select(a => a.Id));
        Assert.Equal(3, rows[1].Lead!.Id);
        Assert.Equal([2, 4, 1], rows[1].Assisting.Select(a => a.Id));
    }

    [Fact]
    public void A_second_sheet_laid_out_as_a_breakdown_is_named_as_not_imported()
    {
        using var wb = new ClosedXML.Excel.XLWorkbook();
        foreach (var (name, content) in new[] { ("一季度", "推进重大项目建设。"), ("说明", ""), ("二季度", "加快城市更新。") })
        {
            var ws = wb.Worksheets.Add(name);
            if (content.Length == 0)
            {
                ws.Cell(1, 1).Value = "本表由市发展改革委汇总。";
                continue;
            }

            for (var c = 0; c < SampleWorkbooks.StandardHeaders.Length; c++)
                ws.Cell(1, c + 1).Value = SampleWorkbooks.StandardHeaders[c];
            ws.Cell(2, 1).Value = 1;
            ws.Cell(2, 2).Value = content;
            ws.Cell(2, 3).Value = "市发改委";
            ws.Cell(2, 6).Value = "年底前";
        }

        using var output = new MemoryStream();
        wb.SaveAs(output);

        var preview = Analyze(output.ToArray());

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal("一季度", preview.SheetName);
        Assert.Equal("推进重大项目建设。", Assert.Single(preview.Rows).Content);
        Assert.Equal("本次只读取工作表「一季度」；工作表「二季度」也有任务表头，不会导入，如需导入请另存为单独的文件。", Assert.Single(preview.SheetNotes));
        Assert.Empty(Analyze(SampleWorkbooks.Standard()).SheetNotes);
    }

    [Fact]
    public void Headers_are_recognised_in_any_order_and_by_their_variants()
    {
        var file = SampleWorkbooks.Sheet(
            ["完成\n时间", "责任单位", "工作任务", "编号", "牵头市领导"],
            ["9月30日前", "市发改委、市财政局，澜东区", "推进数字政府建设。", 1, "常务副市长钱立恒"]);

        var preview = Analyze(file);

        Assert.True(preview.CanCommit, preview.Summary());
        var row = Assert.Single(preview.Rows);
        Assert.Equal(1, row.Lead!.Id);
        Assert.Equal([2, 4], row.Assisting.Select(a => a.Id));
        Assert.Equal(1, row.LeaderId);
        Assert.Equal(new DateOnly(2026, 9, 30), row.Deadline);
    }

    [Fact]
    public void A_two_row_header_splits_responsibility_into_lead_and_assisting()
    {
        var file = SampleWorkbooks.Build(ws =>
        {
            ws.Cell(1, 1).Value = "序号";
            ws.Cell(1, 2).Value = "重点任务";
            ws.Cell(1, 3).Value = "责任单位";
            ws.Range(1, 3, 1, 4).Merge();
            ws.Cell(1, 5).Value = "完成时限";
            ws.Cell(2, 3).Value = "牵头单位";
            ws.Cell(2, 4).Value = "配合单位";
            ws.Cell(3, 1).Value = 1;
            ws.Cell(3, 2).Value = "实施城市更新行动。";
            ws.Cell(3, 3).Value = "市住建局";
            ws.Cell(3, 4).Value = "市财政局";
            ws.Cell(3, 5).Value = "三季度";
        });

        var row = Assert.Single(Analyze(file).Rows);

        Assert.Equal(3, row.Lead!.Id);
        Assert.Equal([2], row.Assisting.Select(a => a.Id));
        Assert.Equal(new DateOnly(2026, 9, 30), row.Deadline);
    }

    [Fact]
    public void Missing_required_columns_are_named()
    {
        var file = SampleWorkbooks.Sheet(["序号", "任务内容", "牵头单位"], [1, "推进数字政府建设。", "市发改委"]);

        var preview = Analyze(file);

        Assert.False(preview.CanCommit);
        Assert.Contains("缺少必需的列：完成时限", Assert.Single(preview.FileErrors));
    }

    [Fact]
    public void A_sheet_without_any_header_is_refused()
    {
        var file = SampleWorkbooks.Build(ws => ws.Cell(1, 1).Value = "随便写的一段话");

        var preview = Analyze(file);

        Assert.Contains("未找到表头", Assert.Single(preview.FileErrors));
    }

    [Fact]
    public void A_header_without_rows_is_refused_as_empty()
    {
        var preview = Analyze(SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders));

        Assert.False(preview.CanCommit);
        Assert.Contains("没有任务行", Assert.Single(preview.FileErrors));
    }

    [Fact]
    public void Unknown_units_are_row_errors_with_the_nearest_names()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改局", "市财务局", null, "年底前"]);

        var row = Assert.Single(Analyze(file).Rows);

        Assert.Contains("单位「市发改局」不在单位名录中，是否指：市发展改革委？", row.Errors);
        Assert.Contains(row.Errors, e => e.StartsWith("单位「市财务局」不在单位名录中，是否指：市财政局", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deactivated_unit_is_a_row_error()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市撤销局", null, null, "年底前"]);

        Assert.Contains("单位「市撤销局」已停用", Assert.Single(Analyze(file).Rows).Errors);
    }

    [Fact]
    public void Unreadable_deadlines_empty_fields_and_unknown_leaders_are_row_errors()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, null, "尽快"],
            [2, "优化营商环境。", null, null, "王五", "年底前"],
            [3, "完善养老服务。", "市财政局", null, null, null],
            [4, null, "市财政局", null, null, "年底前"]);

        var rows = Analyze(file).Rows;

        Assert.Contains("无法识别完成时限「尽快」，请写成" + DeadlineParser.Examples, rows[0].Errors);
        Assert.Contains("未填写牵头单位", rows[1].Errors);
        Assert.Contains("责任领导「王五」不在市领导名单中", rows[1].Errors);
        Assert.Contains("未填写完成时限", rows[2].Errors);
        Assert.Contains("任务内容为空", rows[3].Errors);
        Assert.Equal([3, 4, 5, 6], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public void Duplicate_rows_in_the_file_and_tasks_already_registered_are_row_errors()
    {
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
            [2, "推进数字政府 建设", "市财政局", null, null, "6月底前"],
            [3, "已经登记过的任务内容。", "市财政局", null, null, "6月底前"]);

        var preview = Analyze(file);

        Assert.Empty(preview.Rows[0].Errors);
        Assert.Contains("与第3行内容重复", preview.Rows[1].Errors);
        Assert.Contains("与已登记任务2026-ZD-009内容相同，不能重复登记", preview.Rows[2].Errors);
        Assert.False(preview.CanCommit);
        Assert.Equal(2, preview.ErrorRowCount);
    }

    [Fact]
    public void A_lead_named_again_as_assisting_and_several_leads_become_warnings()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改委、市财政局", "市发展改革委", null, "年底前"]);

        var row = Assert.Single(Analyze(file).Rows);

        Assert.Empty(row.Errors);
        Assert.Equal(1, row.Lead!.Id);
        Assert.Equal([2], row.Assisting.Select(a => a.Id));
        Assert.Contains(row.Warnings, w => w.StartsWith("牵头单位一栏有2个单位", StringComparison.Ordinal));
        Assert.Contains("「市发展改革委」已是牵头单位，不再列为配合单位", row.Warnings);
    }

    [Fact]
    public void A_deadline_cell_formatted_as_a_date_is_read()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改委", null, null, new DateTime(2026, 10, 15)]);

        Assert.Equal(new DateOnly(2026, 10, 15), Assert.Single(Analyze(file).Rows).Deadline);
    }

    [Fact]
    public void A_deadline_before_the_year_is_an_error()
    {
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改委", null, null, "2025年12月31日"]);

        Assert.Contains("完成时限「2025年12月31日」早于2026年", Assert.Single(Analyze(file).Rows).Errors);
    }

    [Fact]
    public void More_task_rows_than_the_limit_are_refused()
    {
        var file = SampleWorkbooks.Large(30, ["市发改委", "市财政局", "市住建局"]);

        var preview = Analyze(file, _context with { MaxRows = 20 });

        Assert.Contains("超过每次最多导入20项任务的上限", Assert.Single(preview.FileErrors));
        Assert.Empty(preview.Rows);
    }

    [Theory]
    [InlineData("一、扩大有效投资（15项）", "扩大有效投资", 15)]
    [InlineData("（二）产业转型升级", "产业转型升级", null)]
    [InlineData("三、民生实事(10项)", "民生实事", 10)]
    [InlineData("第四部分 社会事业发展", "社会事业发展", null)]
    public void Category_rows_lose_their_numbering_and_count(string text, string name, int? count)
    {
        var (parsed, declared) = TaskSheetAnalyzer.ParseCategory(text);

        Assert.Equal(name, parsed);
        Assert.Equal(count, declared);
    }

    [Fact]
    public void The_downloadable_template_imports_cleanly()
    {
        var preview = Analyze(ImportTemplate.Build(2026));

        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal("扩大有效投资", preview.Rows[0].Category);
    }
}
