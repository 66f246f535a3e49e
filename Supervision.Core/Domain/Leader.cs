namespace Supervision.Core.Domain;

/// <summary>A city leader (市长, 副市长 …) who is responsible for tasks and oversees (分管) some units.</summary>
public sealed class Leader : Recorded, IVersioned
{
    private readonly List<LeaderOversight> _oversees = [];
    private readonly List<LeaderAlias> _aliases = [];

    private Leader()
    {
        Name = "";
        Title = "";
    }

    public Leader(string name, string title, int sortOrder)
    {
        Name = Guard.Text(name, "领导姓名", 20);
        Title = Guard.Text(title, "领导职务", 30);
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    /// <summary>职务; several separated by 、 (副市长、市公安局局长). Imports match 王副市长 by surname + one of them.</summary>
    public string Title { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;
    public long Version { get; private set; }

    /// <summary>The units this leader oversees (分管).</summary>
    public IReadOnlyList<LeaderOversight> Oversees => _oversees;

    /// <summary>Other names 分解表 use for the leader (王副市长 where two 副市长 are surnamed 王); imports match them.</summary>
    public IReadOnlyList<LeaderAlias> Aliases => _aliases;

    public string DisplayName => $"{Name}（{Title}）";

    public void Update(string name, string title, int sortOrder, Actor actor, DateTime at)
    {
        Name = Guard.Text(name, "领导姓名", 20);
        Title = Guard.Text(title, "领导职务", 30);
        SortOrder = sortOrder;
        Record("leader.updated", $"修改领导「{Name}」", actor, at);
    }

    /// <summary>Replaces the set of units this leader oversees (分管).</summary>
    public void SetOverseenUnits(IEnumerable<int> unitIds, Actor actor, DateTime at)
    {
        var wanted = unitIds.Distinct().ToList();
        _oversees.RemoveAll(o => !wanted.Contains(o.UnitId));
        foreach (var id in wanted.Where(id => _oversees.All(o => o.UnitId != id)))
            _oversees.Add(new LeaderOversight(id));
        Record("leader.oversight", $"调整{Name}分管单位（{wanted.Count}个）", actor, at);
    }

    public void SetActive(bool active, Actor actor, DateTime at)
    {
        IsActive = active;
        Record(active ? "leader.activated" : "leader.deactivated", $"{(active ? "启用" : "停用")}领导「{Name}」", actor, at);
    }

    /// <summary>Adds another name of the leader; <paramref name="context"/> says where it came from (an import) for the record.</summary>
    public void AddAlias(string alias, Actor actor, DateTime at, string? context = null)
    {
        if (EntryAlias.Add(_aliases, alias, Name, "领导的其他称呼", 30, v => new LeaderAlias(v)) is { } value)
            Record("leader.alias-added", $"领导「{Name}」增加称呼「{value}」{context}", actor, at);
    }

    public void RemoveAlias(string alias, Actor actor, DateTime at)
    {
        if (EntryAlias.Remove(_aliases, alias))
            Record("leader.alias-removed", $"领导「{Name}」删除称呼「{alias}」", actor, at);
    }
}

/// <summary>Another name of a leader.</summary>
public sealed class LeaderAlias : EntryAlias
{
    private LeaderAlias()
    {
    }

    internal LeaderAlias(string name)
        : base(name)
    {
    }
}

/// <summary>One unit a leader oversees.</summary>
public sealed class LeaderOversight
{
    private LeaderOversight()
    {
    }

    internal LeaderOversight(int unitId) => UnitId = unitId;

    public int LeaderId { get; private set; }
    public int UnitId { get; private set; }
}
