using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Supervision.Core.Domain;

namespace Supervision.Core.Data.AuditTrail;

/// <summary>
/// The part of a save that puts data states into the audit record (see <see cref="AuditedState"/>); called by
/// <c>SupervisionDbContext</c> inside the save's write transaction.
/// </summary>
internal static class AuditStates
{
    /// <summary>
    /// An audited entity changed without an event would later read as changed outside the app: every change of one goes
    /// through a guarded method that records what it did. This is a programming error, so it fails the save loudly.
    /// </summary>
    public static void RequireEvents(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<Recorded>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.PendingEvents.Count == 0
                && AuditedState.Of(entry.Entity.GetType()) is not null)
            {
                throw new InvalidOperationException($"{entry.Entity.GetType().Name} changed ({entry.State}) without an audit event; record the change through one of its guarded methods.");
            }
        }
    }

    /// <summary>The audited entities among those saved with events.</summary>
    public static List<(AuditedAggregate Aggregate, EntityEntry<Recorded> Entry)> Touched(List<EntityEntry<Recorded>> recorded) =>
        recorded.Select(e => (Aggregate: AuditedState.Of(e.Entity.GetType())!, Entry: e)).Where(x => x.Aggregate is not null).ToList();

    /// <summary>
    /// For each audited entity about to be changed: its state in the database now, when that differs from the latest
    /// state the record holds for it (someone changed the row outside the app since). Normally empty.
    /// </summary>
    public static async Task<Dictionary<(string, int), string>> CaptureBeforeAsync(DbContext db, List<(AuditedAggregate Aggregate, EntityEntry<Recorded> Entry)> audited, bool sync, CancellationToken ct)
    {
        var found = new Dictionary<(string, int), string>();
        foreach (var group in audited.Where(a => a.Entry.State is EntityState.Modified or EntityState.Deleted).GroupBy(a => a.Aggregate))
        {
            var aggregate = group.Key;
            var ids = group.Select(g => AuditedState.IdOf(db.Model, g.Entry.Entity)).Distinct().ToList();
            var recorded = await RecordedStatesAsync(db, aggregate.EntityType, ids, sync, ct);
            if (recorded.Count == 0)
                continue;
            var current = await AuditedState.LoadAsync(db, aggregate, recorded.Keys.ToList(), sync, ct);
            foreach (var (id, state) in recorded)
            {
                var now = current.GetValueOrDefault(id, AuditedState.Deleted);
                if (!string.Equals(now, state, StringComparison.Ordinal))
                    found[(aggregate.EntityType, id)] = now;
            }
        }

        return found;
    }

    /// <summary>The state of every audited entity of the save as the database holds it now (after the save's writes).</summary>
    public static async Task<Dictionary<(string, int), string>> CaptureAfterAsync(DbContext db, List<(AuditedAggregate Aggregate, EntityEntry<Recorded> Entry)> audited, bool sync, CancellationToken ct)
    {
        var states = new Dictionary<(string, int), string>();
        foreach (var group in audited.GroupBy(a => a.Aggregate))
        {
            var aggregate = group.Key;
            var ids = group.Select(g => AuditedState.IdOf(db.Model, g.Entry.Entity)).Distinct().ToList();
            var current = await AuditedState.LoadAsync(db, aggregate, ids, sync, ct);
            foreach (var id in ids)
                states[(aggregate.EntityType, id)] = current.GetValueOrDefault(id, AuditedState.Deleted);
        }

        return states;
    }

    /// <summary>The latest recorded state of each of <paramref name="ids"/> that has one.</summary>
    private static async Task<Dictionary<int, string>> RecordedStatesAsync(DbContext db, string entityType, List<int> ids, bool sync, CancellationToken ct)
    {
        var events = db.Set<AuditEvent>().AsNoTracking();
        var latest = events
            .Where(e => e.EntityType == entityType && ids.Contains(e.EntityId) && e.State != null)
            .GroupBy(e => e.EntityId)
            .Select(g => g.Max(e => e.Sequence));
        var query = events.Where(e => latest.Contains(e.Sequence)).Select(e => new { e.EntityId, e.State });
        var rows = sync ? query.ToList() : await query.ToListAsync(ct);
        return rows.ToDictionary(r => r.EntityId, r => r.State!);
    }
}
