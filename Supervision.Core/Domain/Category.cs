namespace Supervision.Core.Domain;

/// <summary>A 大类 of a year's work, such as 扩大有效投资 or 民生实事.</summary>
public sealed class Category : Recorded, IVersioned
{
    /// <summary>The highest sort order a person may give.</summary>
    public const int MaxSortOrder = 9999;

    private readonly List<CategoryAlias> _aliases = [];

    private Category()
    {
        Name = "";
    }

    public Category(int year, string name, int sortOrder)
    {
        if (year is < 2000 or > 2100)
            throw new DomainException("年度不正确。");
        Year = year;
        Name = Guard.Text(name, "类别名称", 40);
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }
    public int Year { get; private set; }
    public string Name { get; private set; }
    public int SortOrder { get; private set; }
    public long Version { get; private set; }

    /// <summary>Other names 分解表 have used for the category (聚焦扩大有效投资，着力稳住经济大盘); imports match them.</summary>
    public IReadOnlyList<CategoryAlias> Aliases => _aliases;

    /// <summary>A category the office adds by hand; unlike the seeder's and the import's, it is recorded with who added it.</summary>
    public static Category Add(int year, string name, int sortOrder, Actor actor, DateTime at)
    {
        var category = new Category(year, name, CheckedOrder(sortOrder));
        category.Record("category.created", $"新增{year}年类别「{category.Name}」", actor, at);
        return category;
    }

    /// <summary>Renames and/or re-sorts the category; nothing is recorded when nothing changes.</summary>
    public void Rename(string name, int sortOrder, Actor actor, DateTime at)
    {
        var newName = Guard.Text(name, "类别名称", 40);
        var newOrder = CheckedOrder(sortOrder);
        if (newName == Name && newOrder == SortOrder)
            return;
        var summary = newName == Name
            ? $"类别「{Name}」排序调整为{newOrder}"
            : newOrder == SortOrder
                ? $"类别「{Name}」改名为「{newName}」"
                : $"类别「{Name}」改名为「{newName}」，排序调整为{newOrder}";
        Name = newName;
        SortOrder = newOrder;
        Record("category.updated", summary, actor, at);
    }

    /// <summary>Moves the category to another place in its year's order.</summary>
    public void MoveTo(int sortOrder, Actor actor, DateTime at)
    {
        var newOrder = CheckedOrder(sortOrder);
        if (newOrder == SortOrder)
            return;
        SortOrder = newOrder;
        Record("category.reordered", $"类别「{Name}」排序调整为{newOrder}", actor, at);
    }

    /// <summary>
    /// Records the removal of the category; the caller then deletes the row. Refused while any task uses it,
    /// because the task would lose its 大类 and every table grouped by category would lose the task.
    /// </summary>
    /// <param name="tasksUsing">How many tasks (of any state) have this category.</param>
    public void Remove(int tasksUsing, Actor actor, DateTime at)
    {
        if (tasksUsing > 0)
            throw new DomainException($"类别「{Name}」下还有{tasksUsing}项任务，不能删除。请先把这些任务改到其他类别，再删除。");
        Record("category.removed", $"删除{Year}年类别「{Name}」", actor, at);
    }

    /// <summary>Adds another name of the category; <paramref name="context"/> says where it came from (an import) for the record.</summary>
    public void AddAlias(string alias, Actor actor, DateTime at, string? context = null)
    {
        if (EntryAlias.Add(_aliases, alias, Name, "类别别名", 40, v => new CategoryAlias(v)) is { } value)
            Record("category.alias-added", $"{Year}年类别「{Name}」增加别名「{value}」{context}", actor, at);
    }

    public void RemoveAlias(string alias, Actor actor, DateTime at)
    {
        if (EntryAlias.Remove(_aliases, alias))
            Record("category.alias-removed", $"{Year}年类别「{Name}」删除别名「{alias}」", actor, at);
    }

    private static int CheckedOrder(int sortOrder) =>
        sortOrder is < 0 or > MaxSortOrder ? throw new DomainException($"排序应在0到{MaxSortOrder}之间。") : sortOrder;
}

/// <summary>Another name of a category.</summary>
public sealed class CategoryAlias : EntryAlias
{
    private CategoryAlias()
    {
    }

    internal CategoryAlias(string name)
        : base(name)
    {
    }
}
