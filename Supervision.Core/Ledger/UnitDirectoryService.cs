using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>A unit as the directory admin page edits it.</summary>
public sealed record UnitRecord(int Id, string Name, string? ShortName, UnitKind Kind, int SortOrder, bool IsActive, IReadOnlyList<string> Aliases, int TaskCount, long Version);

/// <summary>A leader as the directory admin page edits it.</summary>
public sealed record LeaderRecord(int Id, string Name, string Title, int SortOrder, bool IsActive, IReadOnlyList<int> OverseenUnitIds, long Version);

/// <summary>A 大类 as the directory admin page lists it, with how many tasks of any state use it.</summary>
public sealed record CategoryRecord(int Id, int Year, string Name, int SortOrder, int TaskCount, long Version);

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
    public string Title { get; set; } = "";
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
        if (SortOrder is < 0 or > Category.MaxSortOrder)
            e[nameof(SortOrder)] = $"排序应在0到{Category.MaxSortOrder}之间。";
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
        return leaders.Select(l => new LeaderRecord(l.Id, l.Name, l.Title, l.SortOrder, l.IsActive, l.Oversees.Select(o => o.UnitId).ToList(), l.Version)).ToList();
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该单位已被他人修改，您的修改未保存。请刷新后重新编辑。");
        }

        return unit.Id;
    }

    public async Task SetUnitActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
        if (unit.Version != version)
            throw new DomainException("该单位已被他人修改，请刷新后重试。");
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
        }

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
        return categories.Select(c => new CategoryRecord(c.Id, c.Year, c.Name, c.SortOrder, counts.GetValueOrDefault(c.Id), c.Version)).ToList();
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

    /// <summary>A name, short name or alias may belong to one unit only, or imports could not tell them apart.</summary>
    private static async Task EnsureUnambiguousAsync(SupervisionDbContext db, Unit unit, int id, CancellationToken ct)
    {
        var mine = new[] { unit.Name, unit.ShortName }.Concat(unit.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize).ToList();
        if (mine.Distinct().Count() != mine.Count && mine.Count(n => n == UnitMatcher.Normalize(unit.Name)) > 1)
            throw new DomainException("别名不能与单位名称相同。");
        var others = await db.Units.AsNoTracking().Where(u => u.Id != id).ToListAsync(ct);
        foreach (var other in others)
        {
            var names = new[] { other.Name, other.ShortName }.Concat(other.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize);
            var clash = names.FirstOrDefault(mine.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位「{other.Name}」使用，导入时将无法区分，请换一个。");
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
        var names = await db.Categories.AsNoTracking().Where(c => c.Year == year && c.Id != id).Select(c => c.Name).ToListAsync(ct);
        if (names.FirstOrDefault(n => TaskSheetAnalyzer.ContentKey(n) == key) is { } clash)
            throw new DomainException($"{year}年已有类别「{clash}」，同一年度的类别名称不能重复。");
    }

    private static async Task SaveCategoryChangesAsync(SupervisionDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(StaleCategory);
        }
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
