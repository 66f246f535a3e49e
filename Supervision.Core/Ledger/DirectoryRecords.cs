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
