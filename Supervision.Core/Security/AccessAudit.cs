using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Security;

/// <summary>Writes access events (sign-ins, failures, lockouts, refusals, admin actions) to the audit record.</summary>
public sealed class AccessAudit(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Records one event in its own short transaction.</summary>
    public async Task RecordAsync(string action, string subject, string summary, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<AccessEvent>().Add(AccessEvent.Create(action, subject, summary, actor, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The latest access events (newest first), for the administrator.</summary>
    public async Task<IReadOnlyList<AuditEvent>> RecentAsync(Actor actor, int take = 200, CancellationToken ct = default)
    {
        if (!actor.IsIn(Roles.Admin))
            throw new DomainException("只有督查室管理员可以查看访问记录。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.EntityType == nameof(AccessEvent))
            .OrderByDescending(e => e.Id)
            .Take(Math.Clamp(take, 1, 1000))
            .ToListAsync(ct);
    }
}
