using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>A unit as the directory admin page edits it.</summary>
public sealed record UnitRecord(int Id, string Name, string? ShortName, UnitKind Kind, int SortOrder, bool IsActive, IReadOnlyList<string> Aliases, int TaskCount, long Version);

/// <summary>A leader as the directory admin page edits it.</summary>
public sealed record LeaderRecord(int Id, string Name, string Title, int SortOrder, bool IsActive, IReadOnlyList<int> OverseenUnitIds, long Version)
{
    /// <summary>Other names 分解表 use for the leader (王副市长).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>A 大类 as the directory admin page lists it, with how many tasks of any state use it.</summary>
public sealed record CategoryRecord(int Id, int Year, string Name, int SortOrder, int TaskCount, long Version)
{
    /// <summary>Other names 分解表 have used for the category.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>A unit group as the directory admin page lists it, with its current members.</summary>
public sealed record UnitGroupRecord(int Id, string Name, int SortOrder, IReadOnlyList<string> Aliases, IReadOnlyList<UnitKind> Kinds, IReadOnlyList<int> UnitIds,
    IReadOnlyList<string> Members, long Version);

/// <summary>The directory's figures for the 管理 hub: units and leaders (all and active), and this year's categories.</summary>
public sealed record DirectorySummary(int Units, int ActiveUnits, int Leaders, int ActiveLeaders, int Year, int Categories);

/// <summary>The fields of a unit form.</summary>
public sealed class UnitInput
{
    public string Name { get; set; } = "";
    public string? ShortName { get; set; }
    public UnitKind Kind { get; set; } = UnitKind.Department;
    public int SortOrder { get; set; }

    /// <summary>Aliases, one per line or separated by 、，,；.</summary>
    public string Aliases { get; set; } = "";

    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写单位名称。";
        else if (Name.Trim().Length > 60)
            e[nameof(Name)] = "单位名称不能超过60个字。";
        if (ShortName is { Length: > 0 } s && s.Trim().Length > 30)
            e[nameof(ShortName)] = "单位简称不能超过30个字。";
        if (!Enum.IsDefined(Kind))
            e[nameof(Kind)] = "请选择单位类型。";
        if (SortOrder is < 0 or > 9999)
            e[nameof(SortOrder)] = "排序应在0到9999之间。";
        if (UnitMatcher.Split(Aliases).Any(a => a.Length > 60))
            e[nameof(Aliases)] = "每个别名不能超过60个字。";
        return e;
    }
}

/// <summary>The fields of a leader form.</summary>
public sealed class LeaderInput
{
    public string Name { get; set; } = "";

    /// <summary>职务; several separated by 、 (副市长、市公安局局长).</summary>
    public string Title { get; set; } = "";

    /// <summary>Other names files use (王副市长), separated by 、，,；.</summary>
    public string Aliases { get; set; } = "";

    public int SortOrder { get; set; }
    public List<int> OverseenUnitIds { get; set; } = [];
    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写领导姓名。";
        else if (Name.Trim().Length > 20)
            e[nameof(Name)] = "领导姓名不能超过20个字。";
        if (string.IsNullOrWhiteSpace(Title))
            e[nameof(Title)] = "请填写领导职务。";
        else if (Title.Trim().Length > 30)
            e[nameof(Title)] = "领导职务不能超过30个字。";
        if (UnitMatcher.Split(Aliases).Any(a => a.Length > 30))
            e[nameof(Aliases)] = "每个称呼不能超过30个字。";
        if (SortOrder is < 0 or > 9999)
            e[nameof(SortOrder)] = "排序应在0到9999之间。";
        return e;
    }
}

/// <summary>The fields of a category form. The year is fixed once the category exists.</summary>
public sealed class CategoryInput
{
    public int Year { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Other names files use for it, separated by 、；or line breaks (a name may contain ，).</summary>
    public string Aliases { get; set; } = "";
    public int SortOrder { get; set; }
    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (Year is < 2000 or > 2100)
            e[nameof(Year)] = "请选择年度。";
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写类别名称。";
        else if (Name.Trim().Length > 40)
            e[nameof(Name)] = "类别名称不能超过40个字。";
        if (AliasList().Any(a => a.Length > 40))
            e[nameof(Aliases)] = "每个别名不能超过40个字。";
        if (SortOrder is < 0 or > Category.MaxSortOrder)
            e[nameof(SortOrder)] = $"排序应在0到{Category.MaxSortOrder}之间。";
        return e;
    }

    /// <summary>The aliases one by one: category names often hold a ，, so only 、；; and line breaks separate them.</summary>
    public IReadOnlyList<string> AliasList() =>
        Aliases.Split(['、', '；', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
}

/// <summary>The fields of a unit group form.</summary>
public sealed class UnitGroupInput
{
    public string Name { get; set; } = "";
    public int SortOrder { get; set; }

    /// <summary>Other names, separated by 、，,；.</summary>
    public string Aliases { get; set; } = "";

    /// <summary>Kinds whose every active unit is a member.</summary>
    public List<UnitKind> Kinds { get; set; } = [];

    /// <summary>Units that are members besides the kinds.</summary>
    public List<int> UnitIds { get; set; } = [];

    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写单位组名称。";
        else if (Name.Trim().Length > 60)
            e[nameof(Name)] = "单位组名称不能超过60个字。";
        if (UnitMatcher.Split(Aliases).Any(a => a.Length > 60))
            e[nameof(Aliases)] = "每个别名不能超过60个字。";
        if (Kinds.Count == 0 && UnitIds.Count == 0)
            e[nameof(Kinds)] = "请选择成员：至少一类单位或一个单位。";
        if (SortOrder is < 0 or > 9999)
            e[nameof(SortOrder)] = "排序应在0到9999之间。";
        return e;
    }
}

/// <summary>
/// 单位名录 administration (管理员): units with kind, order, short name and aliases; city leaders and the units
/// they oversee; each year's 大类 (categories). Names and aliases must stay unambiguous, because imports match
/// against them.
/// </summary>
public sealed class UnitDirectoryService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many units and leaders there are (and are active), and how many categories this year (China time) has.</summary>
    public async Task<DirectorySummary> SummaryAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        var year = ChinaTime.Today(clock).Year;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new DirectorySummary(
            await db.Units.CountAsync(ct),
            await db.Units.CountAsync(u => u.IsActive, ct),
            await db.Leaders.CountAsync(ct),
            await db.Leaders.CountAsync(l => l.IsActive, ct),
            year,
            await db.Categories.CountAsync(c => c.Year == year, ct));
    }

    public async Task<IReadOnlyList<UnitRecord>> UnitsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Tasks.AsNoTracking().GroupBy(t => t.LeadUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        return units.Select(u => new UnitRecord(u.Id, u.Name, u.ShortName, u.Kind, u.SortOrder, u.IsActive, u.Aliases.OrderBy(a => a.Id).Select(a => a.Name).ToList(),
            counts.GetValueOrDefault(u.Id), u.Version)).ToList();
    }

    public async Task<IReadOnlyList<LeaderRecord>> LeadersAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).ThenBy(l => l.Id).ToListAsync(ct);
        return leaders.Select(l => new LeaderRecord(l.Id, l.Name, l.Title, l.SortOrder, l.IsActive, l.Oversees.Select(o => o.UnitId).ToList(), l.Version)
        {
            Aliases = l.Aliases.Select(a => a.Name).ToList(),
        }).ToList();
    }

    /// <summary>Adds a unit (id 0) or saves an edit made on <see cref="UnitInput.Version"/>.</summary>
    public async Task<int> SaveUnitAsync(Actor actor, int id, UnitInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Unit unit;
        if (id == 0)
        {
            unit = new Unit(input.Name, input.Kind, input.SortOrder, input.ShortName);
            db.Units.Add(unit);
        }
        else
        {
            unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
            if (unit.Version != input.Version)
                throw new DomainException("该单位已被他人修改，您的修改未保存。请刷新后重新编辑。");
            unit.Update(input.Name, input.ShortName, input.Kind, input.SortOrder, actor, now);
        }

        var wanted = UnitMatcher.Split(input.Aliases).Distinct().ToList();
        foreach (var old in unit.Aliases.Select(a => a.Name).Where(a => !wanted.Contains(a)).ToList())
            unit.RemoveAlias(old, actor, now);
        foreach (var alias in wanted)
            unit.AddAlias(alias, actor, now);

        await EnsureUnambiguousAsync(db, unit, id, ct);
        await Concurrency.SaveAsync(db, "该单位已被他人修改，您的修改未保存。请刷新后重新编辑。", ct);

        return unit.Id;
    }

    public async Task SetUnitActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
        if (unit.Version != version)
            throw new DomainException("该单位已被他人修改，请刷新后重试。");
        if (active && !unit.IsActive)
            await EnsureUnambiguousAsync(db, unit, unit.Id, ct);
        unit.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a leader (id 0) or saves an edit, including the units he or she oversees.</summary>
    public async Task<int> SaveLeaderAsync(Actor actor, int id, LeaderInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitIds = input.OverseenUnitIds.Distinct().ToList();
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count)
            throw new DomainException("所选分管单位不存在，请重新选择。");
        Leader leader;
        if (id == 0)
        {
            leader = new Leader(input.Name, input.Title, input.SortOrder);
            db.Leaders.Add(leader);
        }
        else
        {
            leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
            if (leader.Version != input.Version)
                throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
            leader.Update(input.Name, input.Title, input.SortOrder, actor, now);
        }

        if (!leader.Oversees.Select(o => o.UnitId).Order().SequenceEqual(unitIds.Order()))
            leader.SetOverseenUnits(unitIds, actor, now);
        var wanted = UnitMatcher.Split(input.Aliases).Distinct().ToList();
        foreach (var old in leader.Aliases.Select(a => a.Name).Where(a => !wanted.Contains(a)).ToList())
            leader.RemoveAlias(old, actor, now);
        foreach (var alias in wanted)
        {
            await EnsureLeaderAliasFreeAsync(db, alias, id, ct);
            leader.AddAlias(alias, actor, now);
        }

        await Concurrency.SaveAsync(db, "该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。", ct);

        return leader.Id;
    }

    public async Task SetLeaderActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
        if (leader.Version != version)
            throw new DomainException("该领导信息已被他人修改，请刷新后重试。");
        leader.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Years a category list can be opened for: every year with tasks or categories, this year and the next, newest first.</summary>
    public async Task<IReadOnlyList<int>> CategoryYearsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var years = await db.Categories.AsNoTracking().Select(c => c.Year).Distinct().ToListAsync(ct);
        years.AddRange(await db.Tasks.AsNoTracking().Select(t => t.Year).Distinct().ToListAsync(ct));
        var thisYear = ChinaTime.Today(clock).Year;
        years.Add(thisYear);
        years.Add(thisYear + 1);
        return years.Distinct().OrderDescending().ToList();
    }

    /// <summary>The categories of <paramref name="year"/> in their order, each with the number of tasks that use it.</summary>
    public async Task<IReadOnlyList<CategoryRecord>> CategoriesAsync(Actor actor, int year, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Tasks.AsNoTracking().Where(t => t.Year == year && t.CategoryId != null)
            .GroupBy(t => t.CategoryId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        return categories.Select(c => new CategoryRecord(c.Id, c.Year, c.Name, c.SortOrder, counts.GetValueOrDefault(c.Id), c.Version)
        {
            Aliases = c.Aliases.Select(a => a.Name).ToList(),
        }).ToList();
    }

    /// <summary>Adds a category to <see cref="CategoryInput.Year"/> (id 0) or renames / re-sorts one, on <see cref="CategoryInput.Version"/>.</summary>
    public async Task<int> SaveCategoryAsync(Actor actor, int id, CategoryInput input, CancellationToken ct = default)
    {
        RequireCategoryAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Category category;
        if (id == 0)
        {
            await EnsureCategoryNameFreeAsync(db, input.Year, input.Name, 0, ct);
            category = Category.Add(input.Year, input.Name, input.SortOrder, actor, now);
            db.Categories.Add(category);
        }
        else
        {
            category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new DomainException("类别不存在，可能已被他人删除。请刷新后查看。");
            if (category.Version != input.Version)
                throw new DomainException(StaleCategory);
            await EnsureCategoryNameFreeAsync(db, category.Year, input.Name, category.Id, ct);
            category.Rename(input.Name, input.SortOrder, actor, now);
        }

        var aliases = input.AliasList();
        foreach (var old in category.Aliases.Select(a => a.Name).Where(a => !aliases.Contains(a)).ToList())
            category.RemoveAlias(old, actor, now);
        foreach (var alias in aliases)
        {
            await EnsureCategoryNameFreeAsync(db, category.Year, alias, category.Id, ct);
            category.AddAlias(alias, actor, now);
        }

        try
        {
            await SaveCategoryChangesAsync(db, ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Someone saved the same name in the same year between the check and the save: the unique index refuses.
            throw new DomainException($"{category.Year}年已有类别「{category.Name}」，同一年度的类别名称不能重复。");
        }

        return category.Id;
    }

    /// <summary>Moves a category one place up (<paramref name="up"/>) or down in its year's order, trading places with its neighbour.</summary>
    public async Task MoveCategoryAsync(Actor actor, int id, long version, bool up, CancellationToken ct = default)
    {
        RequireCategoryAdmin(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new DomainException("类别不存在，可能已被他人删除。请刷新后查看。");
        if (category.Version != version)
            throw new DomainException(StaleCategory);
        var order = await db.Categories.Where(c => c.Year == category.Year).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var index = order.FindIndex(c => c.Id == id);
        var other = index + (up ? -1 : 1);
        if (other < 0 || other >= order.Count)
            return; // already first (or last): nothing to move
        (order[index], order[other]) = (order[other], order[index]);
        if (order[index].SortOrder != order[other].SortOrder)
        {
            // Trade the two numbers, so the other categories keep theirs: the earlier place takes the smaller one.
            var (first, second) = (Math.Min(index, other), Math.Max(index, other));
            var (low, high) = (Math.Min(order[first].SortOrder, order[second].SortOrder), Math.Max(order[first].SortOrder, order[second].SortOrder));
            order[first].MoveTo(low, actor, now);
            order[second].MoveTo(high, actor, now);
        }
        else
        {
            // Equal numbers cannot be traded: number the year 1, 2, 3 … in the new order.
            for (var i = 0; i < order.Count; i++)
                order[i].MoveTo(i + 1, actor, now);
        }

        await SaveCategoryChangesAsync(db, ct);
    }

    /// <summary>Removes a category no task uses; refused (with the count) while any task of any state has it.</summary>
    public async Task RemoveCategoryAsync(Actor actor, int id, long version, CancellationToken ct = default)
    {
        RequireCategoryAdmin(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new DomainException("类别不存在，可能已被他人删除。请刷新后查看。");
        if (category.Version != version)
            throw new DomainException(StaleCategory);
        category.Remove(await db.Tasks.CountAsync(t => t.CategoryId == id, ct), actor, now);
        db.Categories.Remove(category);
        try
        {
            await SaveCategoryChangesAsync(db, ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // A task registered with this category between the count and the delete: the foreign key refuses.
            throw new DomainException($"类别「{category.Name}」刚刚被任务使用，不能删除。请刷新后查看。");
        }
    }

    /// <summary>The unit groups in their order, each with its current members (active units, by short name).</summary>
    public async Task<IReadOnlyList<UnitGroupRecord>> GroupsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        var groups = await db.UnitGroups.AsNoTracking().OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);
        return groups.Select(g => new UnitGroupRecord(g.Id, g.Name, g.SortOrder, g.Aliases.Select(a => a.Name).ToList(), g.Kinds, g.UnitIds,
            g.MembersAmong(units).Select(u => u.DisplayName).ToList(), g.Version)).ToList();
    }

    /// <summary>Adds a unit group (id 0) or saves an edit made on <see cref="UnitGroupInput.Version"/>.</summary>
    public async Task<int> SaveGroupAsync(Actor actor, int id, UnitGroupInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitIds = input.UnitIds.Distinct().ToList();
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count)
            throw new DomainException("所选成员单位不存在，请重新选择。");
        UnitGroup group;
        if (id == 0)
        {
            group = UnitGroup.Create(input.Name, input.SortOrder, input.Kinds, unitIds, actor, now);
            db.UnitGroups.Add(group);
        }
        else
        {
            group = await db.UnitGroups.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw new DomainException("单位组不存在，可能已被他人删除。请刷新后查看。");
            if (group.Version != input.Version)
                throw new DomainException(StaleGroup);
            group.Update(input.Name, input.SortOrder, input.Kinds, unitIds, actor, now);
        }

        var wanted = UnitMatcher.Split(input.Aliases).Distinct().ToList();
        foreach (var old in group.Aliases.Select(a => a.Name).Where(a => !wanted.Contains(a)).ToList())
            group.RemoveAlias(old, actor, now);
        foreach (var alias in wanted)
            group.AddAlias(alias, actor, now);

        var names = group.Aliases.Select(a => a.Name).Prepend(group.Name).Select(UnitMatcher.Normalize).ToList();
        await EnsureNotAGroupNameAsync(db, names, id, ct);
        foreach (var unit in await db.Units.AsNoTracking().ToListAsync(ct))
        {
            var clash = new[] { unit.Name, unit.ShortName }.Concat(unit.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize).FirstOrDefault(names.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位「{unit.Name}」使用，导入时将无法区分，请换一个。");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(StaleGroup);
        }
        catch (DbUpdateException)
        {
            throw new DomainException($"已有名为「{group.Name}」的单位组，请换一个名称。");
        }

        return group.Id;
    }

    /// <summary>Removes a unit group. Tasks are not touched: a group only names units, each task keeps its own.</summary>
    public async Task RemoveGroupAsync(Actor actor, int id, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.UnitGroups.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw new DomainException("单位组不存在，可能已被他人删除。请刷新后查看。");
        if (group.Version != version)
            throw new DomainException(StaleGroup);
        group.Remove(actor, clock.GetUtcNow().UtcDateTime);
        db.UnitGroups.Remove(group);
        await Concurrency.SaveAsync(db, StaleGroup, ct);
    }

    /// <summary>
    /// Remembers an answer given in an import's preview as another name of the entry chosen — a unit's or group's
    /// alias, a leader's other name, a category's alias — so the next file with that name matches by itself. Office
    /// staff who import (督查员 too) may do this; the record names who, and from which file.
    /// </summary>
    public async Task RememberAsync(Actor actor, ImportAnswer answer, string? fileName = null, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var context = string.IsNullOrWhiteSpace(fileName) ? "（导入任务分解表时确认）" : $"（导入「{(fileName.Length > 60 ? fileName[..60] : fileName)}」时确认）";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (answer.Kind, answer.Target)
        {
            case (ImportNameKind.Unit, ImportTargetKind.Unit):
            {
                var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == answer.Id && u.IsActive, ct) ?? throw new DomainException("所选单位不存在或已停用。");
                var alias = UnitMatcher.Cleaned(answer.Written);
                await EnsureAliasFreeForUnitsAsync(db, alias, unit.Id, 0, ct);
                unit.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Unit, ImportTargetKind.Group):
            {
                var group = await db.UnitGroups.FirstOrDefaultAsync(g => g.Id == answer.Id, ct) ?? throw new DomainException("所选单位组不存在。");
                var alias = UnitMatcher.Cleaned(answer.Written);
                await EnsureAliasFreeForUnitsAsync(db, alias, 0, group.Id, ct);
                group.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Leader, ImportTargetKind.Leader):
            {
                var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == answer.Id && l.IsActive, ct) ?? throw new DomainException("所选领导不存在或已停用。");
                var alias = answer.Written.Trim();
                await EnsureLeaderAliasFreeAsync(db, alias, leader.Id, ct);
                leader.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Category, ImportTargetKind.Category):
            {
                var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == answer.Id, ct) ?? throw new DomainException("所选类别不存在，可能已被删除。");
                var alias = TaskSheetAnalyzer.ParseCategory(answer.Written).Name;
                await EnsureCategoryNameFreeAsync(db, category.Year, alias, category.Id, ct);
                category.AddAlias(alias, actor, now, context);
                break;
            }

            default:
                throw new DomainException("所选条目与名称的种类不符。");
        }

        await Concurrency.SaveAsync(db, "名录刚刚被他人修改，别名未记住。请重试。", ct);
    }

    /// <summary>
    /// An alias an import remembers may not be an active unit's or a group's name: the file would mean two things. The
    /// name of a disabled unit is allowed — that is how a renamed unit's old name is handed on (an active unit wins).
    /// </summary>
    private static async Task EnsureAliasFreeForUnitsAsync(SupervisionDbContext db, string alias, int unitId, int groupId, CancellationToken ct)
    {
        var key = UnitMatcher.Normalize(alias);
        foreach (var other in await db.Units.AsNoTracking().Where(u => u.Id != unitId && u.IsActive).ToListAsync(ct))
        {
            if (new[] { other.Name, other.ShortName }.Concat(other.Aliases.Select(a => a.Name)).OfType<string>().Any(n => UnitMatcher.Normalize(n) == key))
                throw new DomainException($"名称「{alias}」已被单位「{other.Name}」使用，导入时将无法区分。");
        }

        await EnsureNotAGroupNameAsync(db, [key], groupId, ct);
    }

    private const string StaleGroup = "在您修改期间，该单位组已被他人修改并保存，您的修改未保存。请刷新后重新编辑。";

    /// <summary>A name, short name or alias may belong to one active unit or group only, or imports could not tell them apart.</summary>
    private static async Task EnsureUnambiguousAsync(SupervisionDbContext db, Unit unit, int id, CancellationToken ct)
    {
        var mine = new[] { unit.Name, unit.ShortName }.Concat(unit.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize).ToList();
        if (mine.Distinct().Count() != mine.Count && mine.Count(n => n == UnitMatcher.Normalize(unit.Name)) > 1)
            throw new DomainException("别名不能与单位名称相同。");
        // A disabled unit's names may live on as an active unit's aliases (a renamed unit); the active one wins in imports.
        var others = await db.Units.AsNoTracking().Where(u => u.Id != id && u.IsActive).ToListAsync(ct);
        foreach (var other in others)
        {
            var names = new[] { other.Name, other.ShortName }.Concat(other.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize);
            var clash = names.FirstOrDefault(mine.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位「{other.Name}」使用，导入时将无法区分，请换一个。");
        }

        await EnsureNotAGroupNameAsync(db, mine, 0, ct);
    }

    /// <summary>Unit and group names share one name space: an import could not tell 市直各部门 the group from a unit of that name.</summary>
    private static async Task EnsureNotAGroupNameAsync(SupervisionDbContext db, IReadOnlyCollection<string> normalizedNames, int exceptGroup, CancellationToken ct)
    {
        foreach (var group in await db.UnitGroups.AsNoTracking().Where(g => g.Id != exceptGroup).ToListAsync(ct))
        {
            var clash = group.Aliases.Select(a => a.Name).Prepend(group.Name).Select(UnitMatcher.Normalize).FirstOrDefault(normalizedNames.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位组「{group.Name}」使用，导入时将无法区分，请换一个。");
        }
    }

    /// <summary>A leader's other name may not be another leader's name or other name.</summary>
    private static async Task EnsureLeaderAliasFreeAsync(SupervisionDbContext db, string alias, int leaderId, CancellationToken ct)
    {
        var key = LeaderMatcher.Key(alias);
        foreach (var other in await db.Leaders.AsNoTracking().Where(l => l.Id != leaderId).ToListAsync(ct))
        {
            if (LeaderMatcher.Key(other.Name) == key || other.Aliases.Any(a => LeaderMatcher.Key(a.Name) == key))
                throw new DomainException($"称呼「{alias}」已用于领导「{other.Name}」，导入时将无法区分，请换一个。");
        }
    }

    private const string StaleCategory = "在您修改期间，该类别已被他人修改并保存，您的修改未保存。请刷新后重新编辑。";

    /// <summary>
    /// Two categories of a year may not have the same name, ignoring spaces and punctuation: imports and the 完成情况表
    /// find a category by its name, and could not tell them apart.
    /// </summary>
    private static async Task EnsureCategoryNameFreeAsync(SupervisionDbContext db, int year, string name, int id, CancellationToken ct)
    {
        var key = TaskSheetAnalyzer.ContentKey(name.Trim());
        foreach (var other in await db.Categories.AsNoTracking().Where(c => c.Year == year && c.Id != id).ToListAsync(ct))
        {
            if (TaskSheetAnalyzer.ContentKey(other.Name) == key)
                throw new DomainException($"{year}年已有类别「{other.Name}」，同一年度的类别名称不能重复。");
            if (other.Aliases.FirstOrDefault(a => TaskSheetAnalyzer.ContentKey(a.Name) == key) is { } alias)
                throw new DomainException($"「{alias.Name}」已是{year}年类别「{other.Name}」的别名，同一年度的类别名称不能重复。");
        }
    }

    private static async Task SaveCategoryChangesAsync(SupervisionDbContext db, CancellationToken ct)
    {
        await Concurrency.SaveAsync(db, StaleCategory, ct);
    }

    private static void RequireCategoryAdmin(Actor actor)
    {
        if (!LedgerAccess.CanManageDirectory(actor))
            throw new DomainException("只有督查室管理员可以维护年度类别。");
    }

    private static void RequireReader(Actor actor)
    {
        if (!LedgerAccess.CanManageTasks(actor))
            throw new DomainException("只有督查室管理员和督查员可以查看单位名录、市领导和类别。");
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!LedgerAccess.CanManageDirectory(actor))
            throw new DomainException("只有督查室管理员可以维护单位名录。");
    }
}
