namespace Supervision.Core.Domain;

/// <summary>A 大类 of a year's work, such as 扩大有效投资 or 民生实事.</summary>
public sealed class Category : Recorded, IVersioned
{
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

    public void Rename(string name, int sortOrder, Actor actor, DateTime at)
    {
        Name = Guard.Text(name, "类别名称", 40);
        SortOrder = sortOrder;
        Record("category.updated", $"修改类别「{Name}」", actor, at);
    }
}
