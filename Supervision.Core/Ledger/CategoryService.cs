using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Core.Ledger.DirectoryRules;

namespace Supervision.Core.Ledger;

/// <summary>Each year's 大类 (categories) in their order, with aliases; a category no task uses can be removed.</summary>
public sealed class CategoryService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Years a category list can be opened for: every year with tasks or categories, this year and the next, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct = default)
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
    public async Task<IReadOnlyList<CategoryRecord>> ListAsync(Actor actor, int year, CancellationToken ct = default)
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
    public async Task<int> SaveAsync(Actor actor, int id, CategoryInput input, CancellationToken ct = default)
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
    public async Task MoveAsync(Actor actor, int id, long version, bool up, CancellationToken ct = default)
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
    public async Task RemoveAsync(Actor actor, int id, long version, CancellationToken ct = default)
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
}
