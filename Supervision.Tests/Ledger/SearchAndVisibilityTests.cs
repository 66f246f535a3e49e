using ClosedXML.Excel;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class SearchAndVisibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Task A: 市发展改革委 leads, 市财政局 assists, with an accepted-path report. Task B: 市住建局 alone.</summary>
    private static async Task<(LedgerWorld World, int A, int B)> TwoTasksAsync()
    {
        var world = await LedgerWorld.CreateAsync();
        var a = await world.Registration().RegisterAsync(LedgerWorld.Inspector,
            world.Form(title: "数字政府建设", content: "推进一网通办，政务服务事项全程网办率达到90%。", assisting: ["市财政局"]), Ct);
        var b = await world.Registration().RegisterAsync(LedgerWorld.Inspector,
            world.Form(title: "老旧小区改造", content: "完成老旧小区改造50个，惠及居民2万户。", lead: "市住建局", assisting: ["澜东区"]), Ct);
        await world.Assignment().AssignAsync(LedgerWorld.Inspector, a.Id, 1, "请按期完成。", Ct);
        await using var db = world.Db.CreateDbContext();
        var task = await db.Tasks.FindAsync([a.Id], Ct);
        db.Reports.Add(ProgressReport.Open(task!, TestData.March, new ReportContent("已完成政务云迁移，上线电子证照库。", "资金缺口较大", "争取省级专项资金", 30, null),
            world.Operator("市发展改革委"), TestData.At));
        await db.SaveChangesAsync(Ct);
        return (world, a.Id, b.Id);
    }

    private static async Task<IReadOnlyList<int>> SearchAsync(LedgerWorld world, Actor actor, string text) =>
        (await world.Query().PageAsync(actor, new LedgerFilter { Year = 2026, Text = text }, 0, 50, Ct)).Rows.Select(r => r.Id).ToList();

    [DatabaseFact]
    public async Task Three_or_more_characters_search_task_and_report_texts_through_the_trigram_index()
    {
        var (world, a, b) = await TwoTasksAsync();
        await using var _ = world;

        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "一网通办"));
        Assert.Equal([b], await SearchAsync(world, LedgerWorld.Inspector, "老旧小区"));
        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "电子证照"));
        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "专项资金"));
        Assert.Equal([b], await SearchAsync(world, LedgerWorld.Inspector, "2026-ZD-002"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "不存在的词语"));
    }

    [DatabaseFact]
    public async Task One_or_two_characters_fall_back_to_like()
    {
        var (world, a, b) = await TwoTasksAsync();
        await using var _ = world;

        Assert.Equal([b], await SearchAsync(world, LedgerWorld.Inspector, "小区"));
        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "缺口"));
        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "云"));
        Assert.Equal([a, b], (await SearchAsync(world, LedgerWorld.Inspector, "完")).Order());
    }

    [DatabaseFact]
    public async Task Short_and_long_terms_alike_ignore_the_case_of_latin_letters()
    {
        var (world, _, _) = await TwoTasksAsync();
        await using var __ = world;
        var c = await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(title: "新型基础设施", content: "新建5G基站800个。"), Ct);

        Assert.Equal([c.Id], await SearchAsync(world, LedgerWorld.Inspector, "5g"));
        Assert.Equal([c.Id], await SearchAsync(world, LedgerWorld.Inspector, "5G"));
        Assert.Equal([c.Id], await SearchAsync(world, LedgerWorld.Inspector, "5g基站"));
    }

    [DatabaseFact]
    public async Task The_export_holds_exactly_the_current_filtered_and_sorted_view_and_says_which()
    {
        var (world, _, _) = await TwoTasksAsync();
        await using var __ = world;
        var registration = world.Registration();
        var early = world.Form(TaskSource.LeaderInstruction, title: "批示早");
        early.Deadline = new DateTime(2026, 6, 30);
        var late = world.Form(TaskSource.LeaderInstruction, title: "批示晚");
        late.Deadline = new DateTime(2026, 9, 30);
        var other = world.Form(TaskSource.LeaderInstruction, title: "批示别家", lead: "市住建局", assisting: ["澜东区"]);
        await registration.RegisterAsync(LedgerWorld.Inspector, early, Ct);
        await registration.RegisterAsync(LedgerWorld.Inspector, late, Ct);
        await registration.RegisterAsync(LedgerWorld.Inspector, other, Ct);
        var filter = new LedgerFilter
        {
            Year = 2026,
            Source = TaskSource.LeaderInstruction,
            UnitId = world.Units["市发展改革委"],
            Sort = LedgerSort.Deadline,
            Descending = true,
        };

        var page = await world.Query().PageAsync(LedgerWorld.Inspector, filter, 0, 50, Ct);
        var export = await world.Query().ExportAsync(LedgerWorld.Inspector, filter, Ct);

        using var wb = new XLWorkbook(new MemoryStream(export));
        var ws = wb.Worksheet(1);
        var titles = ws.Column(3).CellsUsed().Where(c => c.Address.RowNumber > 3).Select(c => c.GetString()).ToList();
        Assert.Equal("任务名称", ws.Cell(3, 3).GetString());
        Assert.Equal(["批示晚", "批示早"], titles);
        Assert.Equal(page.Rows.Select(r => r.Title), titles);
        Assert.Equal("筛选条件：来源：领导批示件；责任单位：市发展改革委。排序：按完成时限降序。", ws.Cell(2, 1).GetString());
        Assert.Contains("共2项", ws.Cell(1, 1).GetString());
    }

    [DatabaseFact]
    public async Task Export_prefixes_text_that_begins_like_a_formula_with_a_single_quote()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: "=HYPERLINK(\"http://x\",\"点我\")", content: "@SUM(1,2)"), Ct);
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: "-2+3", content: "+86 电话核实"), Ct);

        var export = await world.Query().ExportAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, Sort = LedgerSort.Number }, Ct);

        using var wb = new XLWorkbook(new MemoryStream(export));
        var ws = wb.Worksheet(1);
        var rows = ws.RowsUsed().Where(r => r.RowNumber() > 3).ToList();
        Assert.Equal(2, rows.Count);
        foreach (var cell in rows.SelectMany(r => r.Cells(2, 14)))
        {
            Assert.False(cell.HasFormula, cell.Address.ToString());
            Assert.DoesNotMatch("^[=+\\-@\t\r]", cell.GetString());
        }

        Assert.Equal(["'=HYPERLINK(\"http://x\",\"点我\")", "'-2+3"], rows.Select(r => r.Cell(3).GetString()));
        Assert.Equal(["'@SUM(1,2)", "'+86 电话核实"], rows.Select(r => r.Cell(4).GetString()));
        // The numbers stay numbers and ordinary text stays as it was.
        Assert.Equal([1, 2], rows.Select(r => r.Cell(1).GetValue<int>()));
        Assert.Equal("市发展改革委", rows[0].Cell(7).GetString());
    }

    [DatabaseFact]
    public async Task Export_of_a_view_as_of_a_past_date_says_so_in_its_title_and_names_a_lead_only_unit()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: "批示早"), Ct);
        var filter = new LedgerFilter { Year = 2026, UnitId = world.Units["市发展改革委"], LeadOnly = true, AsOf = new DateOnly(2026, 2, 28) };

        var export = await world.Query().ExportAsync(LedgerWorld.Inspector, filter, Ct);

        using var wb = new XLWorkbook(new MemoryStream(export));
        var ws = wb.Worksheet(1);
        // Exported on 3月2日, before 2月28日's cut-off (3月15日): the reports accepted by the day of export count.
        Assert.StartsWith("2026年督查任务台账（截至2026年2月28日情况（进展以2026年3月2日前审核采纳的为准），导出于2026年3月2日", ws.Cell(1, 1).GetString());
        Assert.Contains("牵头单位：市发展改革委", ws.Cell(2, 1).GetString());
    }

    [DatabaseFact]
    public async Task Terms_separated_by_spaces_must_all_match()
    {
        var (world, a, _) = await TwoTasksAsync();
        await using var __ = world;

        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "政务 90%"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "政务 小区"));
    }

    [DatabaseFact]
    public async Task Search_syntax_and_wildcards_in_the_text_are_taken_literally()
    {
        var (world, a, _) = await TwoTasksAsync();
        await using var __ = world;

        // LIKE wildcards and FTS5 operators are searched for as characters, never interpreted.
        Assert.Equal([a], await SearchAsync(world, LedgerWorld.Inspector, "%"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "_"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "\"一网\" OR 小区"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "NEAR(一网 小区)"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "小区*"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "一网通办\""));
    }

    [DatabaseFact]
    public async Task The_index_follows_an_edit()
    {
        var (world, _, b) = await TwoTasksAsync();
        await using var __ = world;
        var form = (await world.Registration().LoadForEditAsync(LedgerWorld.Inspector, b, Ct))!;
        form.Content = "完成城中村改造12个。";

        await world.Registration().UpdateAsync(LedgerWorld.Inspector, b, form, Ct);

        Assert.Equal([b], await SearchAsync(world, LedgerWorld.Inspector, "城中村"));
        Assert.Empty(await SearchAsync(world, LedgerWorld.Inspector, "惠及居民"));
    }

    [DatabaseFact]
    public async Task Lead_and_assisting_units_see_the_whole_task_alike()
    {
        var (world, a, _) = await TwoTasksAsync();
        await using var __ = world;

        var lead = await world.Detail().GetAsync(world.Operator("市发展改革委"), a, Ct);
        var assisting = await world.Detail().GetAsync(world.Operator("市财政局"), a, Ct);

        Assert.NotNull(lead);
        Assert.NotNull(assisting);
        Assert.Equal(lead.Content, assisting.Content);
        Assert.Equal(lead.Timeline.Count, assisting.Timeline.Count);
        Assert.Equal(lead.Notices.Single().Number, assisting.Notices.Single().Number);
        Assert.Equal([a], (await world.Query().PageAsync(world.Operator("市财政局"), new LedgerFilter { Year = 2026 }, 0, 50, Ct)).Rows.Select(r => r.Id));
    }

    [DatabaseFact]
    public async Task Other_units_cannot_read_a_task_by_any_route()
    {
        var (world, a, b) = await TwoTasksAsync();
        await using var __ = world;
        var outsider = world.Operator("市财政局");

        // List, crafted unit filter, search, direct id (with its notices), acknowledgement, export.
        Assert.DoesNotContain(b, (await world.Query().PageAsync(outsider, new LedgerFilter { Year = 2026 }, 0, 50, Ct)).Rows.Select(r => r.Id));
        Assert.Equal(0, (await world.Query().PageAsync(outsider, new LedgerFilter { Year = 2026, UnitId = world.Units["市住建局"] }, 0, 50, Ct)).Total);
        Assert.Empty(await SearchAsync(world, outsider, "老旧小区"));
        Assert.Empty(await SearchAsync(world, outsider, "小区"));
        Assert.Null(await world.Detail().GetAsync(outsider, b, Ct));
        Assert.Null(await world.Detail().GetAsync(outsider, 987_654, Ct));
        await Assert.ThrowsAsync<DomainException>(() => world.Assignment().AcknowledgeAsync(outsider, b, Ct));
        await Assert.ThrowsAsync<DomainException>(() => world.Registration().LoadForEditAsync(outsider, a, Ct));

        var export = await world.Query().ExportAsync(outsider, new LedgerFilter { Year = 2026 }, Ct);
        using var wb = new XLWorkbook(new MemoryStream(export));
        var numbers = wb.Worksheet(1).Column(2).CellsUsed().Select(c => c.GetString()).Where(s => s.StartsWith("2026-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["2026-ZD-001"], numbers);
    }

    [DatabaseFact]
    public async Task A_unit_account_chooses_only_among_the_units_of_its_own_tasks()
    {
        var (world, _, _) = await TwoTasksAsync();
        await using var __ = world;

        var choices = await world.Query().ChoicesAsync(world.Operator("市财政局"), 2026, Ct);

        Assert.Equal(["市发展改革委", "市财政局"], choices.Units.Select(u => u.Name));
    }

    [DatabaseFact]
    public async Task Office_and_city_leaders_see_every_task()
    {
        var (world, a, b) = await TwoTasksAsync();
        await using var __ = world;

        foreach (var actor in new[] { LedgerWorld.Inspector, LedgerWorld.Admin, LedgerWorld.Leader })
            Assert.Equal([a, b], (await world.Query().PageAsync(actor, new LedgerFilter { Year = 2026 }, 0, 50, Ct)).Rows.Select(r => r.Id));
    }

    [DatabaseFact]
    public async Task The_ledger_filters_sorts_and_pages_in_the_database()
    {
        var (world, a, b) = await TwoTasksAsync();
        await using var __ = world;
        var query = world.Query();

        Assert.Equal([b], (await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, UnitId = world.Units["澜东区"] }, 0, 50, Ct)).Rows.Select(r => r.Id));
        Assert.Equal([a], (await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, State = TaskState.Assigned }, 0, 50, Ct)).Rows.Select(r => r.Id));
        Assert.Equal([b, a], (await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, Sort = LedgerSort.Number, Descending = true }, 0, 50, Ct)).Rows.Select(r => r.Id));
        var second = await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026 }, 1, 1, Ct);
        Assert.Equal(2, second.Total);
        Assert.Equal([b], second.Rows.Select(r => r.Id));
        Assert.Equal(0, (await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, DeadlineTo = new DateOnly(2026, 6, 30) }, 0, 50, Ct)).Total);
        Assert.Equal(2, (await query.PageAsync(LedgerWorld.Inspector, new LedgerFilter { Year = 2026, Sort = LedgerSort.Light }, 0, 50, Ct)).Total);
    }
}
