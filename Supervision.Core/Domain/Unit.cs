namespace Supervision.Core.Domain;

/// <summary>A unit in the directory: a county/district, a city department, a development zone or other body.</summary>
public sealed class Unit : Recorded, IVersioned
{
    private readonly List<UnitAlias> _aliases = [];

    private Unit()
    {
        Name = "";
    }

    public Unit(string name, UnitKind kind, int sortOrder, string? shortName = null)
    {
        Name = Guard.Text(name, "单位名称", 60);
        Kind = kind;
        SortOrder = sortOrder;
        ShortName = Guard.OptionalText(shortName, "单位简称", 30);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>How documents usually write it (市发改委 for 市发展和改革委员会).</summary>
    public string? ShortName { get; private set; }

    public UnitKind Kind { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;
    public long Version { get; private set; }

    /// <summary>Other names the unit is known by; imports match against them.</summary>
    public IReadOnlyList<UnitAlias> Aliases => _aliases;

    public string DisplayName => ShortName ?? Name;

    public void Update(string name, string? shortName, UnitKind kind, int sortOrder, Actor actor, DateTime at)
    {
        Name = Guard.Text(name, "单位名称", 60);
        ShortName = Guard.OptionalText(shortName, "单位简称", 30);
        Kind = kind;
        SortOrder = sortOrder;
        Record("unit.updated", $"修改单位「{Name}」", actor, at);
    }

    /// <summary>Adds another name of the unit; <paramref name="context"/> says where it came from (an import) for the record.</summary>
    public void AddAlias(string alias, Actor actor, DateTime at, string? context = null)
    {
        if (EntryAlias.Add(_aliases, alias, Name, "单位别名", 60, v => new UnitAlias(v)) is { } value)
            Record("unit.alias-added", $"单位「{Name}」增加别名「{value}」{context}", actor, at);
    }

    public void RemoveAlias(string alias, Actor actor, DateTime at)
    {
        if (EntryAlias.Remove(_aliases, alias))
            Record("unit.alias-removed", $"单位「{Name}」删除别名「{alias}」", actor, at);
    }

    public void SetActive(bool active, Actor actor, DateTime at)
    {
        IsActive = active;
        Record(active ? "unit.activated" : "unit.deactivated", $"{(active ? "启用" : "停用")}单位「{Name}」", actor, at);
    }
}

/// <summary>Another name of a unit.</summary>
public sealed class UnitAlias : EntryAlias
{
    private UnitAlias()
    {
    }

    internal UnitAlias(string name)
        : base(name)
    {
    }
}
