using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Core.Demo;

/// <summary>
/// The demo city: deterministic, fictional seed data (澜江市) written into an empty database on first start, so a
/// newcomer can try every page at once. Everything is dated on or before the clock's "now"; the same clock gives
/// the same data, ids included.
/// </summary>
public static class DemoCity
{
    /// <summary>The fictional city's name.</summary>
    public const string CityName = DemoDirectory.CityName;

    private static readonly TimeSpan _seedWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Seeds the current year (China date of <paramref name="clock"/>) into an empty database. Returns null and
    /// writes nothing when any unit, leader, category, task or audit event exists. The check and all writes share one
    /// transaction that takes the database's write lock first, so two instances starting at once cannot both seed.
    /// </summary>
    public static async Task<DemoSeedResult?> SeedAsync(IDbContextFactory<SupervisionDbContext> factory, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(clock);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The other instance holds the write lock for as long as its seeding takes, which on a busy machine is longer
        // than a writer usually waits: the loser waits for it to finish, then finds the city and seeds nothing.
        await db.OpenWaitingForWritersAsync(_seedWait, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Units.AnyAsync(ct) || await db.UnitGroups.AnyAsync(ct) || await db.Leaders.AnyAsync(ct) || await db.Categories.AnyAsync(ct) || await db.Tasks.AnyAsync(ct)
            || await db.AuditEvents.AnyAsync(ct))
            return null;

        var result = await new DemoSeeder(db, now).RunAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }
}
