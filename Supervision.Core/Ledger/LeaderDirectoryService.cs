using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Core.Ledger.DirectoryRules;

namespace Supervision.Core.Ledger;

/// <summary>市领导名录: the city leaders, their other names (imports match them) and the units each oversees.</summary>
public sealed class LeaderDirectoryService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Every city leader in order, with other names and the units he or she oversees.</summary>
    public async Task<IReadOnlyList<LeaderRecord>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).ThenBy(l => l.Id).ToListAsync(ct);
        return leaders.Select(l => new LeaderRecord(l.Id, l.Name, l.Title, l.SortOrder, l.IsActive, l.Oversees.Select(o => o.UnitId).ToList(), l.Version)
        {
            Aliases = l.Aliases.Select(a => a.Name).ToList(),
        }).ToList();
    }

    /// <summary>Adds a leader (id 0) or saves an edit, including the units he or she oversees.</summary>
    public async Task<int> SaveAsync(Actor actor, int id, LeaderInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitIds = input.OverseenUnitIds.Distinct().ToList();
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count)
            throw new DomainException("所选分管单位不存在，请重新选择。");
        Leader leader;
        if (id == 0)
        {
            leader = new Leader(input.Name, input.Title, input.SortOrder);
            db.Leaders.Add(leader);
        }
        else
        {
            leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
            if (leader.Version != input.Version)
                throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
            leader.Update(input.Name, input.Title, input.SortOrder, actor, now);
        }

        if (!leader.Oversees.Select(o => o.UnitId).Order().SequenceEqual(unitIds.Order()))
            leader.SetOverseenUnits(unitIds, actor, now);
        var wanted = UnitMatcher.Split(input.Aliases).Distinct().ToList();
        foreach (var old in leader.Aliases.Select(a => a.Name).Where(a => !wanted.Contains(a)).ToList())
            leader.RemoveAlias(old, actor, now);
        foreach (var alias in wanted)
        {
            await EnsureLeaderAliasFreeAsync(db, alias, id, ct);
            leader.AddAlias(alias, actor, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
        }

        return leader.Id;
    }

    /// <summary>Disables or re-enables a leader, on the version the person saw.</summary>
    public async Task SetActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
        if (leader.Version != version)
            throw new DomainException("该领导信息已被他人修改，请刷新后重试。");
        leader.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }
}
