using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// Optimistic concurrency, one way everywhere: a command refuses an item the person saw at an older version, and a save
/// that loses the race to another person's (<see cref="DbUpdateConcurrencyException"/>) becomes a <see cref="DomainException"/>
/// in Chinese that says nothing was done. Each service keeps its own wording; this keeps the mechanics in one place.
/// </summary>
public static class Concurrency
{
    /// <summary>Refuses <paramref name="item"/> when it changed since the person saw <paramref name="version"/>.</summary>
    public static void RequireVersion(IVersioned item, long version, Func<string> whatHappened)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(whatHappened);
        if (item.Version != version)
            throw new DomainException(whatHappened());
    }

    /// <summary>Saves; a lost race is refused with <paramref name="message"/>.</summary>
    public static Task SaveAsync(DbContext db, string message, CancellationToken ct) =>
        SaveAsync(db, _ => Task.FromResult(new DomainException(message)), ct);

    /// <summary>Saves; a lost race is refused with what <paramref name="refusal"/> makes of it (e.g. who changed the row, read afresh).</summary>
    public static async Task SaveAsync(DbContext db, Func<DbUpdateConcurrencyException, Task<DomainException>> refusal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(refusal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw await refusal(ex);
        }
    }
}
