using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

internal sealed class TaskImportRecordConfiguration : IEntityTypeConfiguration<TaskImportRecord>
{
    public void Configure(EntityTypeBuilder<TaskImportRecord> b)
    {
        b.ToTable("TaskImports");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.Sha256).HasMaxLength(64);
        // The same file imported twice is refused here even if two people confirm at the same moment.
        b.HasIndex(x => x.Sha256).IsUnique();
        b.Property(x => x.FirstNumber).HasMaxLength(20);
        b.Property(x => x.LastNumber).HasMaxLength(20);
        b.Property(x => x.ImportedById).HasMaxLength(64);
        b.Property(x => x.ImportedByName).HasMaxLength(40);
    }
}

/// <summary>
/// The full-text index (FTS5, trigram) is kept in sync by AFTER triggers on Tasks and ReportRevisions (created in
/// the Ledger migration); SQLite does not allow RETURNING on tables with AFTER triggers, so EF saves them without it.
/// </summary>
internal sealed class TaskSearchTriggersConfiguration : IEntityTypeConfiguration<SupervisionTask>
{
    public void Configure(EntityTypeBuilder<SupervisionTask> b) => b.ToTable("Tasks", t => t.UseSqlReturningClause(false));
}

internal sealed class ReportSearchTriggersConfiguration : IEntityTypeConfiguration<ReportRevision>
{
    public void Configure(EntityTypeBuilder<ReportRevision> b) => b.ToTable("ReportRevisions", t => t.UseSqlReturningClause(false));
}
