using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>What keeps the directories' names unambiguous for imports, and who may read and change them.</summary>
internal static class DirectoryRules
{
    /// <summary>
    /// An alias an import remembers may not be an active unit's or a group's name: the file would mean two things. The
    /// name of a disabled unit is allowed — that is how a renamed unit's old name is handed on (an active unit wins).
    /// </summary>
    internal static async Task EnsureAliasFreeForUnitsAsync(SupervisionDbContext db, string alias, int unitId, int groupId, CancellationToken ct)
    {
        var key = UnitMatcher.Normalize(alias);
        foreach (var other in await db.Units.AsNoTracking().Where(u => u.Id != unitId && u.IsActive).ToListAsync(ct))
        {
            if (new[] { other.Name, other.ShortName }.Concat(other.Aliases.Select(a => a.Name)).OfType<string>().Any(n => UnitMatcher.Normalize(n) == key))
                throw new DomainException($"名称「{alias}」已被单位「{other.Name}」使用，导入时将无法区分。");
        }

        await EnsureNotAGroupNameAsync(db, [key], groupId, ct);
    }

    internal const string StaleGroup = "在您修改期间，该单位组已被他人修改并保存，您的修改未保存。请刷新后重新编辑。";

    /// <summary>A name, short name or alias may belong to one active unit or group only, or imports could not tell them apart.</summary>
    internal static async Task EnsureUnambiguousAsync(SupervisionDbContext db, Unit unit, int id, CancellationToken ct)
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
    internal static async Task EnsureNotAGroupNameAsync(SupervisionDbContext db, IReadOnlyCollection<string> normalizedNames, int exceptGroup, CancellationToken ct)
    {
        foreach (var group in await db.UnitGroups.AsNoTracking().Where(g => g.Id != exceptGroup).ToListAsync(ct))
        {
            var clash = group.Aliases.Select(a => a.Name).Prepend(group.Name).Select(UnitMatcher.Normalize).FirstOrDefault(normalizedNames.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位组「{group.Name}」使用，导入时将无法区分，请换一个。");
        }
    }

    /// <summary>A leader's other name may not be another leader's name or other name.</summary>
    internal static async Task EnsureLeaderAliasFreeAsync(SupervisionDbContext db, string alias, int leaderId, CancellationToken ct)
    {
        var key = LeaderMatcher.Key(alias);
        foreach (var other in await db.Leaders.AsNoTracking().Where(l => l.Id != leaderId).ToListAsync(ct))
        {
            if (LeaderMatcher.Key(other.Name) == key || other.Aliases.Any(a => LeaderMatcher.Key(a.Name) == key))
                throw new DomainException($"称呼「{alias}」已用于领导「{other.Name}」，导入时将无法区分，请换一个。");
        }
    }

    internal const string StaleCategory = "在您修改期间，该类别已被他人修改并保存，您的修改未保存。请刷新后重新编辑。";

    /// <summary>
    /// Two categories of a year may not have the same name, ignoring spaces and punctuation: imports and the 完成情况表
    /// find a category by its name, and could not tell them apart.
    /// </summary>
    internal static async Task EnsureCategoryNameFreeAsync(SupervisionDbContext db, int year, string name, int id, CancellationToken ct)
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

    internal static async Task SaveCategoryChangesAsync(SupervisionDbContext db, CancellationToken ct)
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

    internal static void RequireCategoryAdmin(Actor actor)
    {
        if (!LedgerAccess.CanManageDirectory(actor))
            throw new DomainException("只有督查室管理员可以维护年度类别。");
    }

    internal static void RequireReader(Actor actor)
    {
        if (!LedgerAccess.CanManageTasks(actor))
            throw new DomainException("只有督查室管理员和督查员可以查看单位名录、市领导和类别。");
    }

    internal static void RequireAdmin(Actor actor)
    {
        if (!LedgerAccess.CanManageDirectory(actor))
            throw new DomainException("只有督查室管理员可以维护单位名录。");
    }
}
