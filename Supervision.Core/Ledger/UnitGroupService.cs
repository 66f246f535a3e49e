using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Core.Ledger.DirectoryRules;

namespace Supervision.Core.Ledger;

/// <summary>单位组: names such as 各县(市)区人民政府 that a 分解表 uses for several units at once, with the unit kinds or units they stand for.</summary>
public sealed class UnitGroupService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The unit groups in their order, each with its current members (active units, by short name).</summary>
    public async Task<IReadOnlyList<UnitGroupRecord>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        var groups = await db.UnitGroups.AsNoTracking().OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);
        return groups.Select(g => new UnitGroupRecord(g.Id, g.Name, g.SortOrder, g.Aliases.Select(a => a.Name).ToList(), g.Kinds, g.UnitIds,
            g.MembersAmong(units).Select(u => u.DisplayName).ToList(), g.Version)).ToList();
    }

    /// <summary>Adds a unit group (id 0) or saves an edit made on <see cref="UnitGroupInput.Version"/>.</summary>
    public async Task<int> SaveAsync(Actor actor, int id, UnitGroupInput input, CancellationToken ct = default)
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
    public async Task RemoveAsync(Actor actor, int id, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.UnitGroups.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw new DomainException("单位组不存在，可能已被他人删除。请刷新后查看。");
        if (group.Version != version)
            throw new DomainException(StaleGroup);
        group.Remove(actor, clock.GetUtcNow().UtcDateTime);
        db.UnitGroups.Remove(group);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(StaleGroup);
        }
    }
}
