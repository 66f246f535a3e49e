using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>
/// The supervision database. Short-lived: create one per operation through <c>IDbContextFactory</c>.
/// Saving does two things beyond EF: it bumps and checks the <see cref="IVersioned.Version"/> of every changed
/// aggregate, and it writes the aggregates' pending events to <see cref="AuditEvents"/> in the same transaction.
/// This type is the SQLite database and its migrations; <see cref="Postgres.PostgresSupervisionDbContext"/> is the
/// same model on PostgreSQL with its own migrations (see <see cref="DatabaseSettings"/>).
/// </summary>
public class SupervisionDbContext : DbContext
{
    public SupervisionDbContext(DbContextOptions<SupervisionDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type, which carries that provider's model and migration set.</summary>
    protected SupervisionDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Leader> Leaders => Set<Leader>();
    public DbSet<UnitGroup> UnitGroups => Set<UnitGroup>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<SupervisionTask> Tasks => Set<SupervisionTask>();
    public DbSet<ProgressReport> Reports => Set<ProgressReport>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<SpotCheck> SpotChecks => Set<SpotCheck>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();
    public DbSet<Bulletin> Bulletins => Set<Bulletin>();
    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();
    public DbSet<ClosedPeriod> ClosedPeriods => Set<ClosedPeriod>();
    public DbSet<TaskImportRecord> TaskImports => Set<TaskImportRecord>();
    public DbSet<EndedSession> EndedSessions => Set<EndedSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Ignore<PendingEvent>();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SupervisionDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite stores no kind, so it is restored on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        // With sync set, every step below completes synchronously: nothing waits on an unfinished task.
        SaveAsync(acceptAllChangesOnSuccess, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        SaveAsync(acceptAllChangesOnSuccess, sync: false, cancellationToken);

    private async Task<int> SaveAsync(bool acceptAllChangesOnSuccess, bool sync, CancellationToken ct)
    {
        var recorded = PrepareSave();
        if (recorded.Count == 0)
            return sync ? base.SaveChanges(acceptAllChangesOnSuccess) : await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);

        var transaction = Database.CurrentTransaction is not null ? null : sync ? Database.BeginTransaction() : await Database.BeginTransactionAsync(ct);
        try
        {
            // The audited entities' states: as the app finds them before the change (only to notice a row someone
            // changed outside the app), and as the database holds them after it, read back the way verification reads.
            var audited = AuditTrail.AuditStates.Touched(recorded);
            var before = await AuditTrail.AuditStates.CaptureBeforeAsync(this, audited, sync, ct);
            var count = sync ? base.SaveChanges(acceptAllChangesOnSuccess) : await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            var after = await AuditTrail.AuditStates.CaptureAfterAsync(this, audited, sync, ct);
            AddAuditEvents(recorded, before, after);
            count += sync ? base.SaveChanges(acceptAllChangesOnSuccess) : await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            if (transaction is not null)
            {
                if (sync)
                    transaction.Commit();
                else
                    await transaction.CommitAsync(ct);
            }

            ClearPending(recorded);
            return count;
        }
        finally
        {
            if (transaction is not null)
            {
                if (sync)
                    transaction.Dispose();
                else
                    await transaction.DisposeAsync();
            }
        }
    }

    private List<EntityEntry<Recorded>> PrepareSave()
    {
        ChangeTracker.DetectChanges();
        var recorded = ChangeTracker.Entries<Recorded>().Where(e => e.Entity.PendingEvents.Count > 0).ToList();
        AuditTrail.AuditStates.RequireEvents(ChangeTracker);
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is IVersioned))
        {
            // A guarded method may change only child rows (a new revision, an alias); its pending event still
            // marks the aggregate as changed, so the root's version is checked and bumped too.
            var touched = entry.State == EntityState.Modified
                || (entry.State == EntityState.Unchanged && entry.Entity is Recorded { PendingEvents.Count: > 0 });
            var version = entry.Property(nameof(IVersioned.Version));
            if (entry.State == EntityState.Added)
                version.CurrentValue = 1L;
            else if (touched)
            {
                version.CurrentValue = (long)version.OriginalValue! + 1;
                version.IsModified = true;
            }
        }

        return recorded;
    }

    private void AddAuditEvents(List<EntityEntry<Recorded>> recorded, Dictionary<(string, int), string> before, Dictionary<(string, int), string> after)
    {
        var linked = new List<AuditEvent>();
        foreach (var entry in recorded)
        {
            var (id, taskId) = entry.Entity switch
            {
                SupervisionTask t => (t.Id, (int?)t.Id),
                ProgressReport r => (r.Id, r.TaskId),
                Notice n => (n.Id, n.TaskId),
                SpotCheck s => (s.Id, s.TaskId),
                Unit u => (u.Id, null),
                Leader l => (l.Id, null),
                UnitGroup g => (g.Id, null),
                Category c => (c.Id, null),
                Bulletin b => (b.Id, null),
                ClosedPeriod p => (p.Id, null),
                AccessEvent a => (a.Id, null),
                ITaskScopedRecord x => (x.Id, (int?)x.TaskId),
                _ => (0, null),
            };
            var type = entry.Entity.GetType().Name;
            AuditEvent? last = null;
            foreach (var pending in entry.Entity.PendingEvents)
                linked.Add(last = AuditEvents.Add(new AuditEvent(pending, type, id, taskId)).Entity);

            // The entity's state after this save rides on its last event of the save.
            if (after.TryGetValue((type, id), out var state))
                last!.SetState(state, before.GetValueOrDefault((type, id)));
        }

        // Hash chain: sequence and hashes continue from the head read inside this write transaction.
        AuditTrail.AuditChain.Link(this, linked);
    }

    private static void ClearPending(List<EntityEntry<Recorded>> recorded)
    {
        foreach (var entry in recorded)
            entry.Entity.ClearPendingEvents();
    }
}
