using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Core.Ledger.DirectoryRules;

namespace Supervision.Core.Ledger;

/// <summary>
/// 单位名录 (管理员 maintains, 督查员 reads): units with kind, order, short name and aliases. Names and aliases must stay
/// unambiguous across units and unit groups, because imports match against them.
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

    /// <summary>Every unit, active or not, by kind and order, with its aliases and how many tasks it leads.</summary>
    public async Task<IReadOnlyList<UnitRecord>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Tasks.AsNoTracking().GroupBy(t => t.LeadUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        return units.Select(u => new UnitRecord(u.Id, u.Name, u.ShortName, u.Kind, u.SortOrder, u.IsActive, u.Aliases.OrderBy(a => a.Id).Select(a => a.Name).ToList(),
            counts.GetValueOrDefault(u.Id), u.Version)).ToList();
    }

    /// <summary>Adds a unit (id 0) or saves an edit made on <see cref="UnitInput.Version"/>.</summary>
    public async Task<int> SaveAsync(Actor actor, int id, UnitInput input, CancellationToken ct = default)
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

    /// <summary>Disables or re-enables a unit, on the version the person saw; its tasks and history stay.</summary>
    public async Task SetActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
        if (unit.Version != version)
            throw new DomainException("该单位已被他人修改，请刷新后重试。");
        if (active && !unit.IsActive)
            await EnsureUnambiguousAsync(db, unit, unit.Id, ct);
        unit.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }
}
