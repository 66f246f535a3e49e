using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class DirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task An_admin_adds_a_unit_with_aliases_that_imports_then_match()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var id = await world.Directory().SaveAsync(LedgerWorld.Admin, 0,
            new UnitInput { Name = "市营商环境建设局", ShortName = "市营商局", Kind = UnitKind.Department, SortOrder = 9, Aliases = "市营商环境局、营商局" }, Ct);

        var unit = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Id == id);
        Assert.Equal(["市营商环境局", "营商局"], unit.Aliases);
        var file = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "优化营商环境。", "营商局", null, null, "年底前"]);
        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "营商.xlsx", 2026, ct: Ct);
        Assert.Equal(id, Assert.Single(preview.Rows).Lead!.Id);
    }

    [DatabaseFact]
    public async Task A_name_already_used_by_another_unit_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Directory().SaveAsync(LedgerWorld.Admin, 0,
            new UnitInput { Name = "市发展规划局", Kind = UnitKind.Department, Aliases = "市发改委" }, Ct));

        Assert.Equal("名称「市发改委」已被单位「市发展和改革委员会」使用，导入时将无法区分，请换一个。", ex.Message);
    }

    [DatabaseFact]
    public async Task A_stale_unit_edit_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var unit = (await world.Directory().ListAsync(LedgerWorld.Admin, Ct)).Single(u => u.Name == "市财政局");
        var first = new UnitInput { Name = "市财政局", ShortName = "财政局", Kind = unit.Kind, SortOrder = 2, Version = unit.Version };
        var second = new UnitInput { Name = "市财政局", ShortName = "市财政", Kind = unit.Kind, SortOrder = 2, Version = unit.Version };

        await world.Directory().SaveAsync(LedgerWorld.Admin, unit.Id, first, Ct);
        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Directory().SaveAsync(LedgerWorld.Admin, unit.Id, second, Ct));

        Assert.Contains("已被他人修改", ex.Message);
    }

    [DatabaseFact]
    public async Task Leaders_oversee_the_units_chosen_for_them()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var id = await world.LeaderDirectory().SaveAsync(LedgerWorld.Admin, 0,
            new LeaderInput { Name = "朱启航", Title = "副市长", SortOrder = 2, OverseenUnitIds = [world.Units["市住建局"], world.Units["澜东区"]] }, Ct);

        var leader = (await world.LeaderDirectory().ListAsync(LedgerWorld.Admin, Ct)).Single(l => l.Id == id);
        Assert.Equal([world.Units["市住建局"], world.Units["澜东区"]], leader.OverseenUnitIds.Order());
    }

    [DatabaseFact]
    public async Task Only_the_admin_maintains_the_directory()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Directory().SaveAsync(LedgerWorld.Inspector, 0, new UnitInput { Name = "市新局" }, Ct));
        await Assert.ThrowsAsync<DomainException>(() => world.Directory().ListAsync(world.Operator("市财政局"), Ct));

        Assert.Equal("只有督查室管理员可以维护单位名录。", ex.Message);
    }

    [Fact]
    public void Unit_and_leader_forms_validate_every_field()
    {
        var unit = new UnitInput { Name = "", ShortName = new string('简', 31), SortOrder = -1, Aliases = new string('别', 61) }.Validate();
        var leader = new LeaderInput { Name = "", Title = "", SortOrder = 10_000 }.Validate();

        Assert.Equal(["Name", "ShortName", "SortOrder", "Aliases"], unit.Keys);
        Assert.Equal(["Name", "Title", "SortOrder"], leader.Keys);
    }
}
