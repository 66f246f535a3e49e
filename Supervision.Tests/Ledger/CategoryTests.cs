using Microsoft.EntityFrameworkCore;
using Supervision.Core.Audit;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>The 类别 tab's service on a real SQLite file: a year's 大类 added, renamed, reordered and removed by the administrator.</summary>
public sealed class CategoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<(string Action, string Summary, string Actor)>> CategoryEventsAsync(LedgerWorld world)
    {
        await using var db = world.Db.CreateDbContext();
        return (await db.AuditEvents.AsNoTracking().Where(e => e.EntityType == nameof(Category)).OrderBy(e => e.Sequence)
            .Select(e => new { e.Action, e.Summary, e.ActorName }).ToListAsync(Ct)).Select(e => (e.Action, e.Summary, e.ActorName)).ToList();
    }

    private static Task<int> AddAsync(LedgerWorld world, int year, string name, int order) =>
        world.Categories().SaveAsync(LedgerWorld.Admin, 0, new CategoryInput { Year = year, Name = name, SortOrder = order }, Ct);

    [DatabaseFact]
    public async Task An_admin_sets_up_next_years_categories_which_list_in_order_and_are_recorded()
    {
        await using var world = await LedgerWorld.CreateAsync();

        Assert.Contains(2027, await world.Categories().YearsAsync(LedgerWorld.Admin, Ct));
        Assert.Empty(await world.Categories().ListAsync(LedgerWorld.Admin, 2027, Ct));
        await AddAsync(world, 2027, "民生实事", 2);
        await AddAsync(world, 2027, "  扩大有效投资 ", 1);

        var listed = await world.Categories().ListAsync(LedgerWorld.Inspector, 2027, Ct);
        Assert.Equal(["扩大有效投资", "民生实事"], listed.Select(c => c.Name));
        Assert.All(listed, c => Assert.Equal((2027, 0, 1L), (c.Year, c.TaskCount, c.Version)));
        Assert.Equal(
            [("category.created", "新增2027年类别「民生实事」", "管理员甲"), ("category.created", "新增2027年类别「扩大有效投资」", "管理员甲")],
            await CategoryEventsAsync(world));
        Assert.True((await AuditVerifier.VerifyAsync(world.Db.Settings, [], Ct)).Intact);
        // 2026 keeps its own category, untouched.
        Assert.Equal(["扩大有效投资"], (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Select(c => c.Name));
    }

    [DatabaseFact]
    public async Task Each_category_lists_how_many_tasks_use_it()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(title: "甲"), Ct);
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(title: "乙"), Ct);
        await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: "丙"), Ct);
        await AddAsync(world, 2026, "民生实事", 2);

        var listed = await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct);

        Assert.Equal([("扩大有效投资", 2), ("民生实事", 0)], listed.Select(c => (c.Name, c.TaskCount)));
    }

    [DatabaseFact]
    public async Task Renaming_and_resorting_a_category_is_saved_and_recorded()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var category = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();

        await world.Categories().SaveAsync(LedgerWorld.Admin, category.Id,
            new CategoryInput { Year = 2026, Name = "扩大有效投资和消费", SortOrder = 5, Version = category.Version }, Ct);

        var saved = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();
        Assert.Equal(("扩大有效投资和消费", 5, category.Version + 1), (saved.Name, saved.SortOrder, saved.Version));
        Assert.Equal(("category.updated", "类别「扩大有效投资」改名为「扩大有效投资和消费」，排序调整为5", "管理员甲"), (await CategoryEventsAsync(world))[^1]);
        Assert.True((await AuditVerifier.VerifyAsync(world.Db.Settings, [], Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Moving_a_category_up_or_down_trades_places_with_its_neighbour()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await AddAsync(world, 2027, "甲类", 10);
        await AddAsync(world, 2027, "乙类", 20);
        await AddAsync(world, 2027, "丙类", 30);
        async Task<IReadOnlyList<CategoryRecord>> ListAsync() => await world.Categories().ListAsync(LedgerWorld.Admin, 2027, Ct);

        var c = (await ListAsync()).Single(x => x.Name == "丙类");
        await world.Categories().MoveAsync(LedgerWorld.Admin, c.Id, c.Version, up: true, Ct);
        Assert.Equal([("甲类", 10), ("丙类", 20), ("乙类", 30)], (await ListAsync()).Select(x => (x.Name, x.SortOrder)));

        var a = (await ListAsync()).Single(x => x.Name == "甲类");
        await world.Categories().MoveAsync(LedgerWorld.Admin, a.Id, a.Version, up: false, Ct);
        Assert.Equal(["丙类", "甲类", "乙类"], (await ListAsync()).Select(x => x.Name));

        // The first cannot go further up: nothing changes and nothing is recorded.
        var events = (await CategoryEventsAsync(world)).Count;
        var top = (await ListAsync())[0];
        await world.Categories().MoveAsync(LedgerWorld.Admin, top.Id, top.Version, up: true, Ct);
        Assert.Equal(["丙类", "甲类", "乙类"], (await ListAsync()).Select(x => x.Name));
        Assert.Equal(events, (await CategoryEventsAsync(world)).Count);
        Assert.Contains(("category.reordered", "类别「丙类」排序调整为10", "管理员甲"), await CategoryEventsAsync(world));
    }

    [DatabaseFact]
    public async Task Categories_with_the_same_number_are_renumbered_in_the_new_order()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await AddAsync(world, 2027, "甲类", 1);
        await AddAsync(world, 2027, "乙类", 1);
        var second = (await world.Categories().ListAsync(LedgerWorld.Admin, 2027, Ct))[1];

        await world.Categories().MoveAsync(LedgerWorld.Admin, second.Id, second.Version, up: true, Ct);

        Assert.Equal([("乙类", 1), ("甲类", 2)], (await world.Categories().ListAsync(LedgerWorld.Admin, 2027, Ct)).Select(x => (x.Name, x.SortOrder)));
    }

    [DatabaseTheory]
    [InlineData("扩大有效投资")]
    [InlineData(" 扩大 有效投资 ")]
    [InlineData("扩大有效投资。")]
    public async Task A_name_the_year_already_has_is_refused(string name)
    {
        await using var world = await LedgerWorld.CreateAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => AddAsync(world, 2026, name, 2));

        Assert.Equal("2026年已有类别「扩大有效投资」，同一年度的类别名称不能重复。", ex.Message);
        Assert.Single(await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct));
        // Another year may have a category of the same name.
        await AddAsync(world, 2027, name, 1);
    }

    [DatabaseFact]
    public async Task Renaming_onto_another_categorys_name_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var id = await AddAsync(world, 2026, "民生实事", 2);
        var added = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single(c => c.Id == id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Categories().SaveAsync(LedgerWorld.Admin, id,
            new CategoryInput { Year = 2026, Name = "扩大有效投资", SortOrder = 2, Version = added.Version }, Ct));

        Assert.Equal("2026年已有类别「扩大有效投资」，同一年度的类别名称不能重复。", ex.Message);
        // Its own name is not a clash: re-sorting keeps it.
        await world.Categories().SaveAsync(LedgerWorld.Admin, id, new CategoryInput { Year = 2026, Name = "民生实事", SortOrder = 3, Version = added.Version }, Ct);
    }

    [DatabaseFact]
    public async Task An_edit_made_on_a_stale_copy_is_refused_and_the_other_save_kept()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var seen = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();
        await world.Categories().SaveAsync(LedgerWorld.Admin, seen.Id, new CategoryInput { Year = 2026, Name = "扩大有效投资（一）", SortOrder = 1, Version = seen.Version }, Ct);
        var events = (await CategoryEventsAsync(world)).Count;

        var rename = await Assert.ThrowsAsync<DomainException>(() => world.Categories().SaveAsync(LedgerWorld.Admin, seen.Id,
            new CategoryInput { Year = 2026, Name = "扩大有效投资（二）", SortOrder = 1, Version = seen.Version }, Ct));
        var move = await Assert.ThrowsAsync<DomainException>(() => world.Categories().MoveAsync(LedgerWorld.Admin, seen.Id, seen.Version, up: false, Ct));
        var remove = await Assert.ThrowsAsync<DomainException>(() => world.Categories().RemoveAsync(LedgerWorld.Admin, seen.Id, seen.Version, Ct));

        Assert.All(new[] { rename, move, remove }, ex => Assert.Equal("在您修改期间，该类别已被他人修改并保存，您的修改未保存。请刷新后重新编辑。", ex.Message));
        Assert.Equal("扩大有效投资（一）", (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single().Name);
        Assert.Equal(events, (await CategoryEventsAsync(world)).Count);
    }

    [DatabaseFact]
    public async Task A_category_is_removed_only_while_no_task_uses_it()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var task = await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(), Ct);
        var used = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Categories().RemoveAsync(LedgerWorld.Admin, used.Id, used.Version, Ct));

        Assert.Equal("类别「扩大有效投资」下还有1项任务，不能删除。请先把这些任务改到其他类别，再删除。", ex.Message);
        await using (var db = world.Db.CreateDbContext())
        {
            Assert.True(await db.Categories.AnyAsync(c => c.Id == used.Id, Ct));
            Assert.Equal(used.Id, (await db.Tasks.SingleAsync(t => t.Id == task.Id, Ct)).CategoryId);
        }

        var spareId = await AddAsync(world, 2026, "民生实事", 2);
        var spare = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single(c => c.Id == spareId);
        await world.Categories().RemoveAsync(LedgerWorld.Admin, spare.Id, spare.Version, Ct);

        Assert.Equal(["扩大有效投资"], (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Select(c => c.Name));
        Assert.Equal(("category.removed", "删除2026年类别「民生实事」", "管理员甲"), (await CategoryEventsAsync(world))[^1]);
        Assert.True((await AuditVerifier.VerifyAsync(world.Db.Settings, [], Ct)).Intact);
        var gone = await Assert.ThrowsAsync<DomainException>(() => world.Categories().RemoveAsync(LedgerWorld.Admin, spare.Id, spare.Version, Ct));
        Assert.Equal("类别不存在，可能已被他人删除。请刷新后查看。", gone.Message);
    }

    [DatabaseFact]
    public async Task Only_the_admin_changes_categories_and_a_unit_account_cannot_even_read_them()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var category = (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Single();
        var unit = world.Operator("市财政局");
        var events = (await CategoryEventsAsync(world)).Count;

        foreach (var actor in new[] { unit, LedgerWorld.Inspector, LedgerWorld.Leader })
        {
            var add = await Assert.ThrowsAsync<DomainException>(() => world.Categories().SaveAsync(actor, 0, new CategoryInput { Year = 2026, Name = "民生实事", SortOrder = 2 }, Ct));
            var rename = await Assert.ThrowsAsync<DomainException>(() => world.Categories().SaveAsync(actor, category.Id,
                new CategoryInput { Year = 2026, Name = "改名", SortOrder = 1, Version = category.Version }, Ct));
            var move = await Assert.ThrowsAsync<DomainException>(() => world.Categories().MoveAsync(actor, category.Id, category.Version, up: false, Ct));
            var remove = await Assert.ThrowsAsync<DomainException>(() => world.Categories().RemoveAsync(actor, category.Id, category.Version, Ct));
            Assert.All(new[] { add, rename, move, remove }, ex => Assert.Equal("只有督查室管理员可以维护年度类别。", ex.Message));
        }

        foreach (var actor in new[] { unit, LedgerWorld.Leader })
        {
            var list = await Assert.ThrowsAsync<DomainException>(() => world.Categories().ListAsync(actor, 2026, Ct));
            var years = await Assert.ThrowsAsync<DomainException>(() => world.Categories().YearsAsync(actor, Ct));
            Assert.All(new[] { list, years }, ex => Assert.Equal("只有督查室管理员和督查员可以查看单位名录、市领导和类别。", ex.Message));
        }

        Assert.Equal(events, (await CategoryEventsAsync(world)).Count);
        Assert.Equal([("扩大有效投资", 1L)], (await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct)).Select(c => (c.Name, c.Version)));
    }

    [DatabaseFact]
    public async Task An_import_files_rows_under_the_category_the_admin_set_up()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var id = await AddAsync(world, 2026, "民生实事", 2);

        var result = await world.Import().CommitAsync(LedgerWorld.Inspector, SampleWorkbooks.Standard(), "分解表.xlsx", new ImportSettings(2026, ReportCycle.Monthly), Ct);

        Assert.Equal(0, result.CategoriesCreated);
        Assert.Contains(await world.Categories().ListAsync(LedgerWorld.Admin, 2026, Ct), c => c.Id == id && c.TaskCount > 0);
    }

    [Fact]
    public void The_category_form_validates_every_field()
    {
        var errors = new CategoryInput { Year = 1999, Name = " ", SortOrder = 10_000 }.Validate();
        var tooLong = new CategoryInput { Year = 2026, Name = new string('类', 41) }.Validate();

        Assert.Equal(["Year", "Name", "SortOrder"], errors.Keys);
        Assert.Equal("类别名称不能超过40个字。", tooLong["Name"]);
        Assert.Empty(new CategoryInput { Year = 2026, Name = "民生实事", SortOrder = 0 }.Validate());
    }
}
