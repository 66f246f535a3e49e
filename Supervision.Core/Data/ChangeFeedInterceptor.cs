using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// Publishes the audit events a <see cref="Data.SupervisionDbContext"/> writes to the <see cref="IChangeFeed"/>,
/// only once they are committed. Every meaningful change already writes audit events in the same transaction
/// (see <c>SupervisionDbContext.SaveChanges</c>), so hooking here covers every service without any of them
/// having to remember to publish.
/// </summary>
/// <remarks>
/// The events added by a save are noted when the save starts and handed over when the transaction commits —
/// the context's own transaction or an outer one a service opened — or right after the save when no
/// transaction was involved. A failed save or a rollback drops them: nothing that did not happen is announced.
/// Notifications ride the same way: a save that adds a <see cref="Notification"/> or marks one read announces the
/// audience whose notifications changed (<see cref="ChangeNotice.Notifications"/>), once per audience, so no service
/// announces them by hand. They are saved as tracked entities for that reason (a bulk update would pass unseen).
/// </remarks>
public sealed class ChangeFeedInterceptor(IChangeFeed feed) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Uncommitted> _uncommitted = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        FlushIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Drop(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Drop(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
            return;
        Uncommitted? noted = null;
        foreach (var entry in context.ChangeTracker.Entries<AuditEvent>())
        {
            if (entry.State != EntityState.Added)
                continue;
            noted ??= _uncommitted.GetValue(context, _ => new Uncommitted());
            if (!noted.Events.Contains(entry.Entity))
                noted.Events.Add(entry.Entity);
        }

        // Entries() has detected changes, so a notification marked read in memory shows as modified here.
        foreach (var entry in context.ChangeTracker.Entries<Notification>())
        {
            var changed = entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && entry.Property(n => n.ReadAt).IsModified);
            if (!changed)
                continue;
            noted ??= _uncommitted.GetValue(context, _ => new Uncommitted());
            var at = entry.Entity.ReadAt ?? entry.Entity.CreatedAt;
            var to = Audience.Of(entry.Entity);
            noted.Audiences[to] = noted.Audiences.TryGetValue(to, out var known) && known > at ? known : at;
        }
    }

    private void FlushIfCommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
            Flush(context);
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_uncommitted.TryGetValue(context, out var noted) || noted.IsEmpty)
            return;
        var changes = noted.Events.Select(e => new ChangeNotice(e.Id, e.Action, e.TaskId, e.OccurredAt))
            .Concat(noted.Audiences.Select(a => ChangeNotice.Notifications(a.Key, a.Value)))
            .ToArray();
        noted.Clear();
        feed.Publish(changes);
    }

    private void Drop(DbContext? context)
    {
        if (context is not null && _uncommitted.TryGetValue(context, out var noted))
            noted.Clear();
    }

    /// <summary>What a context saved and has not committed yet: audit events, and the audiences whose notifications changed (with the latest time).</summary>
    private sealed class Uncommitted
    {
        public List<AuditEvent> Events { get; } = [];

        public Dictionary<Audience, DateTime> Audiences { get; } = [];

        public bool IsEmpty => Events.Count == 0 && Audiences.Count == 0;

        public void Clear()
        {
            Events.Clear();
            Audiences.Clear();
        }
    }
}
