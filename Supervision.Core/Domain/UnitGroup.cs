namespace Supervision.Core.Domain;

/// <summary>
/// A name documents use for many units at once (各县（市）区政府, 各开发区管委会, 市直各部门). Its members are every active
/// unit of the kinds it lists plus the units it names; a task a group leads is one task per member (分别落实), a task a
/// group assists on has every member as an assisting unit. Imports match its name and aliases like a unit's.
/// </summary>
public sealed class UnitGroup : Recorded, IVersioned
{
    private readonly List<UnitGroupAlias> _aliases = [];
    private readonly List<UnitGroupMember> _members = [];

    private UnitGroup()
    {
        Name = "";
    }

    private UnitGroup(string name, int sortOrder)
    {
        Name = Guard.Text(name, "单位组名称", 60);
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public int SortOrder { get; private set; }
    public long Version { get; private set; }

    public IReadOnlyList<UnitGroupAlias> Aliases => _aliases;

    public IReadOnlyList<UnitGroupMember> Members => _members;

    /// <summary>The unit kinds whose every active unit is a member.</summary>
    public IReadOnlyList<UnitKind> Kinds => _members.Where(m => m.Kind is not null).Select(m => m.Kind!.Value).Order().ToList();

    /// <summary>Units named as members besides the kinds.</summary>
    public IReadOnlyList<int> UnitIds => _members.Where(m => m.UnitId is not null).Select(m => m.UnitId!.Value).ToList();

    /// <summary>The members among <paramref name="units"/> (in their order): active units of the group's kinds and the active units it names.</summary>
    public IEnumerable<Unit> MembersAmong(IEnumerable<Unit> units)
    {
        var kinds = Kinds;
        var ids = UnitIds;
        return units.Where(u => u.IsActive && (kinds.Contains(u.Kind) || ids.Contains(u.Id)));
    }

    /// <summary>A group the office defines; seeded groups (demo city) are created the same way.</summary>
    public static UnitGroup Create(string name, int sortOrder, IEnumerable<UnitKind> kinds, IEnumerable<int> unitIds, Actor actor, DateTime at)
    {
        var group = new UnitGroup(name, sortOrder);
        group.SetMembers(kinds, unitIds);
        group.Record("unitgroup.created", $"新增单位组「{group.Name}」（{group.DescribeMembers()}）", actor, at);
        return group;
    }

    /// <summary>Renames, re-sorts and re-defines the members; nothing is recorded when nothing changes.</summary>
    public void Update(string name, int sortOrder, IEnumerable<UnitKind> kinds, IEnumerable<int> unitIds, Actor actor, DateTime at)
    {
        var newName = Guard.Text(name, "单位组名称", 60);
        var oldMembers = DescribeMembers();
        var oldKinds = Kinds;
        var oldUnits = UnitIds.Order().ToList();
        SetMembers(kinds, unitIds);
        var membersChanged = !oldKinds.SequenceEqual(Kinds) || !oldUnits.SequenceEqual(UnitIds.Order());
        if (newName == Name && sortOrder == SortOrder && !membersChanged)
            return;
        var summary = newName == Name ? $"修改单位组「{Name}」" : $"单位组「{Name}」改名为「{newName}」";
        Name = newName;
        SortOrder = sortOrder;
        Record("unitgroup.updated", membersChanged ? $"{summary}，成员由（{oldMembers}）改为（{DescribeMembers()}）" : summary, actor, at);
    }

    /// <summary>Adds another name of the group; <paramref name="context"/> says where it came from (an import) for the record.</summary>
    public void AddAlias(string alias, Actor actor, DateTime at, string? context = null)
    {
        if (EntryAlias.Add(_aliases, alias, Name, "单位组别名", 60, v => new UnitGroupAlias(v)) is { } value)
            Record("unitgroup.alias-added", $"单位组「{Name}」增加别名「{value}」{context}", actor, at);
    }

    public void RemoveAlias(string alias, Actor actor, DateTime at)
    {
        if (EntryAlias.Remove(_aliases, alias))
            Record("unitgroup.alias-removed", $"单位组「{Name}」删除别名「{alias}」", actor, at);
    }

    /// <summary>Records the removal; the caller then deletes the row. Tasks keep their units: a group is only a name for them.</summary>
    public void Remove(Actor actor, DateTime at) => Record("unitgroup.removed", $"删除单位组「{Name}」", actor, at);

    private void SetMembers(IEnumerable<UnitKind> kinds, IEnumerable<int> unitIds)
    {
        var wantedKinds = kinds.Distinct().ToList();
        var wantedUnits = unitIds.Distinct().ToList();
        if (wantedKinds.Count == 0 && wantedUnits.Count == 0)
            throw new DomainException("单位组至少要包含一类单位或一个单位。");
        if (wantedKinds.Any(k => !Enum.IsDefined(k)))
            throw new DomainException("单位类型不正确。");
        _members.RemoveAll(m => (m.Kind is { } k && !wantedKinds.Contains(k)) || (m.UnitId is { } u && !wantedUnits.Contains(u)));
        foreach (var k in wantedKinds.Where(k => _members.All(m => m.Kind != k)))
            _members.Add(UnitGroupMember.OfKind(k));
        foreach (var u in wantedUnits.Where(u => _members.All(m => m.UnitId != u)))
            _members.Add(UnitGroupMember.OfUnit(u));
    }

    private string DescribeMembers()
    {
        var parts = new List<string>();
        if (Kinds.Count > 0)
            parts.Add("全部" + string.Join("、", Kinds.Select(k => DisplayNames.Of(k))));
        if (UnitIds.Count > 0)
            parts.Add($"另指定{UnitIds.Count}个单位");
        return string.Join("，", parts);
    }
}

/// <summary>Another name of a unit group.</summary>
public sealed class UnitGroupAlias : EntryAlias
{
    private UnitGroupAlias()
    {
    }

    internal UnitGroupAlias(string name)
        : base(name)
    {
    }
}

/// <summary>One member rule of a unit group: every active unit of a kind, or one named unit.</summary>
public sealed class UnitGroupMember
{
    private UnitGroupMember()
    {
    }

    public int Id { get; private set; }
    public UnitKind? Kind { get; private set; }
    public int? UnitId { get; private set; }

    internal static UnitGroupMember OfKind(UnitKind kind) => new() { Kind = kind };

    internal static UnitGroupMember OfUnit(int unitId) => new() { UnitId = unitId };
}
