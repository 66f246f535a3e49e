using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Services;

/// <summary>A unit as the directory shows it.</summary>
public sealed record UnitEntry(int Id, string Name, string? ShortName, UnitKind Kind, int SortOrder, bool IsActive, IReadOnlyList<string> Aliases);

/// <summary>A leader and the units he or she oversees (分管).</summary>
public sealed record LeaderEntry(int Id, string Name, string Title, IReadOnlyList<string> OverseenUnits);

/// <summary>Reads the unit directory. Office staff only.</summary>
public sealed class DirectoryService(IDbContextFactory<SupervisionDbContext> dbFactory)
{
    public async Task<IReadOnlyList<UnitEntry>> UnitsAsync(Actor actor, CancellationToken ct = default)
    {
        Authorize(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ToListAsync(ct);
        return units.Select(u => new UnitEntry(u.Id, u.Name, u.ShortName, u.Kind, u.SortOrder, u.IsActive, u.Aliases.Select(a => a.Name).ToList())).ToList();
    }

    public async Task<IReadOnlyList<LeaderEntry>> LeadersAsync(Actor actor, CancellationToken ct = default)
    {
        Authorize(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).ToListAsync(ct);
        var names = await Names.LoadAsync(db, ct);
        return leaders.Select(l => new LeaderEntry(l.Id, l.Name, l.Title, l.Oversees.Select(o => names.Unit(o.UnitId)).ToList())).ToList();
    }

    private static void Authorize(Actor actor)
    {
        if (!actor.IsIn(Roles.Admin) && !actor.IsIn(Roles.Inspector))
            throw new DomainException("只有督查室管理员和督查员可以查看单位名录。");
    }
}
