using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Security;

/// <summary>Writes access events (sign-ins, failures, lockouts, refusals, admin actions) to the audit record.</summary>
public sealed class AccessAudit(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Failed sign-ins for one user name from one address closer together than this form one burst: one row (and one
    /// audit event for its first attempt) with a count, instead of a row per attempt. See <see cref="AccessEvent"/>.
    /// </summary>
    public static readonly TimeSpan FailureBurstWindow = TimeSpan.FromMinutes(15);

    /// <summary>Records one event in its own short transaction.</summary>
    public async Task RecordAsync(string action, string subject, string summary, Actor actor, CancellationToken ct = default, string? client = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<AccessEvent>().Add(AccessEvent.Create(action, subject, summary, actor, clock.GetUtcNow().UtcDateTime, client));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records a failed sign-in, aggregated: the first failure of a burst (same user name, same address, each within
    /// <see cref="FailureBurstWindow"/> of the last) is a new row and audit event with <paramref name="summary"/>; the
    /// rest only raise the row's count. A flood of attempts therefore costs one small update each, not a row each.
    /// </summary>
    public async Task RecordFailureAsync(string subject, string summary, Actor actor, string? client, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - FailureBurstWindow;
        var name = AccessEvent.SubjectOf(subject);
        var address = client is null ? null : AccessEvent.ClientOf(client);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var burst = await db.Set<AccessEvent>()
            .Where(x => x.Action == AccessActions.LoginFailed && x.Subject == name && x.Client == address && x.LastOccurredAt >= since)
            .OrderByDescending(x => x.Id)
            .FirstOrDefaultAsync(ct);
        if (burst is null)
            db.Set<AccessEvent>().Add(AccessEvent.Create(AccessActions.LoginFailed, subject, summary, actor, now, client));
        else
            burst.Repeat(now);
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
