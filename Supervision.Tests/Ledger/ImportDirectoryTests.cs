using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>
/// The directory the import matches against — unit groups, leaders' titles and other names, category aliases — and what
/// an import does with it, through the real services on a real database.
/// </summary>
public sealed class ImportDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ImportSettings _settings = new(2026, ReportCycle.Monthly);

    private static async Task<int> AddCountyGroupAsync(LedgerWorld world)
    {
        await world.Directory().SaveAsync(LedgerWorld.Admin, 0, new UnitInput { Name = "澜西区", Kind = UnitKind.County, SortOrder = 2 }, Ct);
        return await world.Groups().SaveAsync(LedgerWorld.Admin, 0,
            new UnitGroupInput { Name = "各县（市）区政府", Aliases = "各县区、各县（市、区）人民政府", Kinds = [UnitKind.County], SortOrder = 1 }, Ct);
    }

    private static async Task<List<string>> AuditSummariesAsync(LedgerWorld world)
    {
        await using var db = world.Db.CreateDbContext();
        return await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Summary).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_row_led_by_a_unit_group_is_imported_as_one_task_per_member_each_leading_its_own()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await AddCountyGroupAsync(world);
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进重大项目建设。", "市发改委", "各县区", "钱立恒", "年底前"],
            [2, "开展城乡环境整治，完成农村户厕改造。", "各县（市、区）人民政府", "市财政局、澜东区", "钱副市长", "年底前"]);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表.xlsx", 2026, ct: Ct);
        var result = await world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表.xlsx", _settings, Ct);

        Assert.Equal(3, preview.TaskCount);
        Assert.Equal((3, "2026-ZD-001", "2026-ZD-003"), (result.TaskCount, result.FirstNumber, result.LastNumber));
        await using var db = world.Db.CreateDbContext();
        var tasks = await db.Tasks.OrderBy(t => t.Sequence).ToListAsync(Ct);
        var xi = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Name == "澜西区").Id;
        // The group assisting: every member assists (and adds its part to the lead unit's report).
        Assert.Equal([world.Units["澜东区"], xi], tasks[0].AssistingUnits.Select(a => a.UnitId).Order());
        // The group leading: each member leads its own copy — its own number, its own reports, its own light.
        Assert.Equal([world.Units["澜东区"], xi], tasks.Skip(1).Select(t => t.LeadUnitId));
        Assert.Equal(["开展城乡环境整治（澜东区）", "开展城乡环境整治（澜西区）"], tasks.Skip(1).Select(t => t.Title));
        Assert.Equal([world.Units["市财政局"]], tasks[1].AssistingUnits.Select(a => a.UnitId));
        Assert.Equal([world.Units["市财政局"], world.Units["澜东区"]], tasks[2].AssistingUnits.Select(a => a.UnitId).Order());
        Assert.All(tasks, t => Assert.Equal(world.Leaders["钱立恒"], t.ResponsibleLeaderId));
        Assert.Contains(await AuditSummariesAsync(world), s => s.Contains("第4行导入（「各县（市）区政府」分别落实，共2项，本项由澜西区牵头）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_remembered_in_the_preview_become_recorded_aliases_that_match_the_next_file()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var groupId = await AddCountyGroupAsync(world);
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、聚焦扩大有效投资，着力稳住经济大盘（2项）"],
            [1, "推进重大项目建设。", "市发改局", "各区政府", "钱市长", "年底前"],
            [2, "加快城市更新。", "市发改局", null, null, "年底前"]);
        var first = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表.xlsx", 2026, ct: Ct);
        Assert.Equal(["市发改局", "各区政府", "钱市长"], first.Questions.Select(q => q.Written));

        // A 督查员 importing may remember what a name means; the record says who, and from which file.
        await world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Unit, "市发改局", ImportTargetKind.Unit, world.Units["市发展改革委"]), "分解表.xlsx", Ct);
        await world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Unit, "各区政府", ImportTargetKind.Group, groupId), "分解表.xlsx", Ct);
        await world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Leader, "钱市长", ImportTargetKind.Leader, world.Leaders["钱立恒"]), "分解表.xlsx", Ct);
        await world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Category, "聚焦扩大有效投资，着力稳住经济大盘", ImportTargetKind.Category, world.InvestmentCategory), "分解表.xlsx", Ct);

        var next = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表.xlsx", 2026, ct: Ct);
        Assert.True(next.CanCommit, next.Summary());
        Assert.Empty(next.Questions);
        Assert.Equal(world.InvestmentCategory, Assert.Single(next.Categories).CategoryId);
        Assert.Equal("扩大有效投资", next.Categories[0].MappedTo);
        var audit = await AuditSummariesAsync(world);
        Assert.Contains("单位「市发展和改革委员会」增加别名「市发改局」（导入「分解表.xlsx」时确认）", audit);
        Assert.Contains("单位组「各县（市）区政府」增加别名「各区政府」（导入「分解表.xlsx」时确认）", audit);
        Assert.Contains("领导「钱立恒」增加称呼「钱市长」（导入「分解表.xlsx」时确认）", audit);
        Assert.Contains("2026年类别「扩大有效投资」增加别名「聚焦扩大有效投资，着力稳住经济大盘」（导入「分解表.xlsx」时确认）", audit);
        Assert.Contains("市发改局", (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Id == world.Units["市发展改革委"]).Aliases);
        Assert.Equal(["钱市长"], (await world.LeaderDirectory().ListAsync(LedgerWorld.Admin, Ct)).Single().Aliases);
        Assert.Equal(["聚焦扩大有效投资，着力稳住经济大盘"], (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single().Aliases);

        await world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表.xlsx", _settings, Ct);
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(1, await db.Categories.CountAsync(Ct));
        Assert.All(await db.Tasks.ToListAsync(Ct), t => Assert.Equal(world.InvestmentCategory, t.CategoryId));
    }

    [Fact]
    public async Task A_remembered_name_may_not_mean_another_active_unit_but_may_take_over_a_disabled_units_name()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var old = await world.Directory().SaveAsync(LedgerWorld.Admin, 0, new UnitInput { Name = "市政务服务中心", Kind = UnitKind.Department, SortOrder = 9 }, Ct);
        var record = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Id == old);
        await world.Directory().SetActiveAsync(LedgerWorld.Admin, old, false, record.Version, Ct);
        var successor = await world.Directory().SaveAsync(LedgerWorld.Admin, 0, new UnitInput { Name = "市营商环境建设局", ShortName = "市营商局", Kind = UnitKind.Department, SortOrder = 10 }, Ct);

        var clash = await Assert.ThrowsAsync<DomainException>(() =>
            world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Unit, "市财政局", ImportTargetKind.Unit, successor), "a.xlsx", Ct));
        await world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Unit, "市政务服务中心（牵头）", ImportTargetKind.Unit, successor), "a.xlsx", Ct);
        var wrongKind = await Assert.ThrowsAsync<DomainException>(() =>
            world.ImportAliases().RememberAsync(LedgerWorld.Inspector, new ImportAnswer(ImportNameKind.Leader, "王副市长", ImportTargetKind.Unit, successor), "a.xlsx", Ct));
        await Assert.ThrowsAsync<DomainException>(() =>
            world.ImportAliases().RememberAsync(world.Operator("市财政局"), new ImportAnswer(ImportNameKind.Unit, "财政", ImportTargetKind.Unit, world.Units["市财政局"]), "a.xlsx", Ct));

        Assert.Equal("名称「市财政局」已被单位「市财政局」使用，导入时将无法区分。", clash.Message);
        Assert.Equal("所选条目与名称的种类不符。", wrongKind.Message);
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "优化营商环境。", "市政务服务中心", null, null, "年底前"]);
        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "b.xlsx", 2026, ct: Ct);
        Assert.Equal(successor, Assert.Single(preview.Rows).Lead!.Id);
        // The successor keeps its alias through later edits; the disabled unit cannot come back under the same name.
        var saved = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Id == successor);
        await world.Directory().SaveAsync(LedgerWorld.Admin, successor, new UnitInput { Name = saved.Name, ShortName = saved.ShortName, Kind = saved.Kind, SortOrder = 11, Aliases = string.Join("、", saved.Aliases), Version = saved.Version }, Ct);
        var disabled = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Id == old);
        var back = await Assert.ThrowsAsync<DomainException>(() => world.Directory().SetActiveAsync(LedgerWorld.Admin, old, true, disabled.Version, Ct));
        Assert.Contains("已被单位「市营商环境建设局」使用", back.Message);
    }

    [Fact]
    public async Task One_off_answers_hold_for_the_import_and_leave_the_directory_as_it_was()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            ["一、保障和改善民生（1项）"],
            [1, "新增城镇就业岗位2万个。", "市人社局", null, "钱秘书长", "年底前"]);
        var choices = ImportChoices.None
            .With(new ImportAnswer(ImportNameKind.Unit, "市人社局", ImportTargetKind.Unit, world.Units["市财政局"]))
            .With(new ImportAnswer(ImportNameKind.Leader, "钱秘书长", ImportTargetKind.Leader, world.Leaders["钱立恒"]))
            .With(new ImportAnswer(ImportNameKind.Category, "保障和改善民生", ImportTargetKind.Category, world.InvestmentCategory));
        var before = await AuditSummariesAsync(world);

        await Assert.ThrowsAsync<DomainException>(() => world.Import().CommitAsync(LedgerWorld.Inspector, file, "民生.xlsx", _settings, Ct));
        await world.Import().CommitAsync(LedgerWorld.Inspector, file, "民生.xlsx", _settings with { Choices = choices }, Ct);

        await using var db = world.Db.CreateDbContext();
        var task = await db.Tasks.SingleAsync(Ct);
        Assert.Equal((world.Units["市财政局"], world.Leaders["钱立恒"], world.InvestmentCategory), (task.LeadUnitId, task.ResponsibleLeaderId, task.CategoryId));
        Assert.Equal(1, await db.Categories.CountAsync(Ct));
        Assert.DoesNotContain((await AuditSummariesAsync(world)).Except(before), s => s.Contains("别名", StringComparison.Ordinal) || s.Contains("称呼", StringComparison.Ordinal));
        Assert.DoesNotContain("市人社局", (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).SelectMany(u => u.Aliases));
    }

    [Fact]
    public async Task Expanded_groups_count_against_the_row_limit()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await AddCountyGroupAsync(world);
        world.Options.Value.MaxImportRows = 3;
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "开展城乡环境整治。", "各县区", null, null, "年底前"],
            [2, "推进农村公路建设。", "各县区", null, null, "年底前"]);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表.xlsx", 2026, ct: Ct);

        Assert.False(preview.CanCommit);
        Assert.Equal("单位组展开后共4项任务，超过每次最多导入3项任务的上限，请分批导入。", Assert.Single(preview.FileErrors));
    }

    [Fact]
    public async Task Groups_expand_to_active_units_of_their_kinds_and_the_units_they_name_and_share_the_name_space_with_units()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var id = await world.Groups().SaveAsync(LedgerWorld.Admin, 0,
            new UnitGroupInput { Name = "城建口", Kinds = [UnitKind.County], UnitIds = [world.Units["市住建局"]], Aliases = "城建各单位", SortOrder = 1 }, Ct);

        var group = Assert.Single(await world.Groups().ListAsync(LedgerWorld.Inspector, Ct));
        Assert.Equal(["澜东区", "市住建局"], group.Members);
        var clash = await Assert.ThrowsAsync<DomainException>(() => world.Groups().SaveAsync(LedgerWorld.Admin, 0, new UnitGroupInput { Name = "市发改委", Kinds = [UnitKind.Department] }, Ct));
        var unitClash = await Assert.ThrowsAsync<DomainException>(() => world.Directory().SaveAsync(LedgerWorld.Admin, 0, new UnitInput { Name = "市城建局", Aliases = "城建各单位" }, Ct));
        var empty = await Assert.ThrowsAsync<DomainException>(() => world.Groups().SaveAsync(LedgerWorld.Admin, 0, new UnitGroupInput { Name = "空组" }, Ct));
        var notAdmin = await Assert.ThrowsAsync<DomainException>(() => world.Groups().SaveAsync(LedgerWorld.Inspector, 0, new UnitGroupInput { Name = "各区", Kinds = [UnitKind.County] }, Ct));
        Assert.Equal("名称「市发改委」已被单位「市发展和改革委员会」使用，导入时将无法区分，请换一个。", clash.Message);
        Assert.Equal("名称「城建各单位」已被单位组「城建口」使用，导入时将无法区分，请换一个。", unitClash.Message);
        Assert.Equal("请选择成员：至少一类单位或一个单位。", empty.Message);
        Assert.Equal("只有督查室管理员可以维护单位名录。", notAdmin.Message);

        // A disabled unit leaves the group; an edit on a stale copy is refused; removal is recorded.
        var dong = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Name == "澜东区");
        await world.Directory().SetActiveAsync(LedgerWorld.Admin, dong.Id, false, dong.Version, Ct);
        Assert.Equal(["市住建局"], Assert.Single(await world.Groups().ListAsync(LedgerWorld.Admin, Ct)).Members);
        await world.Groups().SaveAsync(LedgerWorld.Admin, id, new UnitGroupInput { Name = "城建口", Kinds = [UnitKind.County, UnitKind.DevelopmentZone], Version = group.Version, SortOrder = 1 }, Ct);
        var stale = await Assert.ThrowsAsync<DomainException>(() => world.Groups().RemoveAsync(LedgerWorld.Admin, id, group.Version, Ct));
        Assert.Contains("已被他人修改", stale.Message);
        await world.Groups().RemoveAsync(LedgerWorld.Admin, id, (await world.Groups().ListAsync(LedgerWorld.Admin, Ct)).Single().Version, Ct);
        Assert.Empty(await world.Groups().ListAsync(LedgerWorld.Admin, Ct));
        var audit = await AuditSummariesAsync(world);
        Assert.Contains("新增单位组「城建口」（全部县市区，另指定1个单位）", audit);
        Assert.Contains("修改单位组「城建口」，成员由（全部县市区，另指定1个单位）改为（全部县市区、开发区）", audit);
        Assert.Contains("删除单位组「城建口」", audit);
    }

    [Fact]
    public async Task Leader_titles_and_other_names_are_kept_in_the_directory_and_recorded()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var leader = (await world.LeaderDirectory().ListAsync(LedgerWorld.Admin, Ct)).Single();
        await world.LeaderDirectory().SaveAsync(LedgerWorld.Admin, leader.Id,
            new LeaderInput { Name = "钱立恒", Title = "市委常委、常务副市长", Aliases = "钱常务", SortOrder = 1, OverseenUnitIds = [.. leader.OverseenUnitIds], Version = leader.Version }, Ct);
        var other = await world.LeaderDirectory().SaveAsync(LedgerWorld.Admin, 0, new LeaderInput { Name = "朱启航", Title = "副市长", SortOrder = 2 }, Ct);

        var clash = await Assert.ThrowsAsync<DomainException>(() => world.LeaderDirectory().SaveAsync(LedgerWorld.Admin, 0, new LeaderInput { Name = "韩明哲", Title = "副市长", Aliases = "钱常务", SortOrder = 3 }, Ct));
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, "钱常务", "年底前"],
            [2, "优化营商环境。", "市财政局", null, "朱副市长", "年底前"],
            [3, "完善养老服务。", "市财政局", null, "市委常委", "年底前"]);
        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "a.xlsx", 2026, ct: Ct);

        Assert.Equal("称呼「钱常务」已用于领导「钱立恒」，导入时将无法区分，请换一个。", clash.Message);
        Assert.Equal([world.Leaders["钱立恒"], other, world.Leaders["钱立恒"]], preview.Rows.Select(r => r.LeaderId!.Value));
        var audit = await AuditSummariesAsync(world);
        Assert.Contains("修改领导「钱立恒」", audit);
        Assert.Contains("领导「钱立恒」增加称呼「钱常务」", audit);
        Assert.Equal("市委常委、常务副市长", (await world.LeaderDirectory().ListAsync(LedgerWorld.Admin, Ct)).First().Title);
    }

    [Fact]
    public async Task A_category_alias_is_unique_within_its_year()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var investment = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();
        await world.Categories().SaveAsync(LedgerWorld.Admin, investment.Id,
            new CategoryInput { Year = 2026, Name = investment.Name, SortOrder = 1, Aliases = "稳投资、聚焦扩大有效投资，着力稳住经济大盘", Version = investment.Version }, Ct);

        var clash = await Assert.ThrowsAsync<DomainException>(() => world.Categories().SaveAsync(LedgerWorld.Admin, 0, new CategoryInput { Year = 2026, Name = "稳投资", SortOrder = 2 }, Ct));
        await world.Categories().SaveAsync(LedgerWorld.Admin, 0, new CategoryInput { Year = 2027, Name = "稳投资", SortOrder = 1 }, Ct);

        Assert.Equal("「稳投资」已是2026年类别「扩大有效投资」的别名，同一年度的类别名称不能重复。", clash.Message);
        Assert.Equal(["稳投资", "聚焦扩大有效投资，着力稳住经济大盘"], (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single().Aliases);
    }
}
