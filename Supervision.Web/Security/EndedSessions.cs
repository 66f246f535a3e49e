using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Web.Security;

/// <summary>
/// The server side of signing out: the session id in the cookie is written down as ended, and every request (and every
/// open page's revalidation) refuses a cookie of an ended session — a copy taken before the sign-out no longer works.
/// </summary>
public sealed class EndedSessions(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<SecurityOptions> options)
{
    /// <summary>Ends a session; rows whose cookies can no longer be valid anyway are dropped on the way.</summary>
    public async Task EndAsync(string sessionId, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EndedSessions.Where(e => e.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (await db.EndedSessions.AnyAsync(e => e.SessionId == sessionId, ct))
            return;
        // A cookie lives at most the idle timeout past its last use, and after the sign-out it cannot be used again.
        db.EndedSessions.Add(new EndedSession(sessionId, userId, now, now + options.Value.IdleTimeout + TimeSpan.FromHours(1)));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether the session was ended by signing out.</summary>
    public async Task<bool> IsEndedAsync(string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EndedSessions.AnyAsync(e => e.SessionId == sessionId, ct);
    }
}
