using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(60);
        b.Property(u => u.ShortName).HasMaxLength(30);
        b.HasIndex(u => u.Name).IsUnique();
        b.Property(u => u.Version).IsConcurrencyToken();
        b.Ignore(u => u.DisplayName);
        b.OwnsMany(u => u.Aliases, a =>
        {
            a.ToTable("UnitAliases");
            a.WithOwner().HasForeignKey("UnitId");
            a.HasKey(x => x.Id);
            a.Property(x => x.Name).HasMaxLength(60);
            a.HasIndex(x => x.Name);
        });
        b.Navigation(u => u.Aliases).HasField("_aliases");
    }
}

/// <summary>The other names of a directory entry: a table of (Id, owner key, Name), filled through the entry's guarded methods.</summary>
internal static class AliasMapping
{
    public static void Map<TOwner, TAlias>(EntityTypeBuilder<TOwner> b, Expression<Func<TOwner, IEnumerable<TAlias>?>> aliases, string table, string ownerKey, int maxLength)
        where TOwner : class
        where TAlias : EntryAlias
    {
        b.OwnsMany(aliases, a =>
        {
            a.ToTable(table);
            a.WithOwner().HasForeignKey(ownerKey);
            a.HasKey(x => x.Id);
            a.Property(x => x.Name).HasMaxLength(maxLength);
        });
        b.Navigation(aliases).HasField("_aliases");
    }
}

internal sealed class LeaderConfiguration : IEntityTypeConfiguration<Leader>
{
    public void Configure(EntityTypeBuilder<Leader> b)
    {
        b.Property(l => l.Name).HasMaxLength(20);
        b.Property(l => l.Title).HasMaxLength(30);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.Ignore(l => l.DisplayName);
        b.OwnsMany(l => l.Oversees, o =>
        {
            o.ToTable("LeaderOversights");
            o.WithOwner().HasForeignKey(x => x.LeaderId);
            o.HasKey(x => new { x.LeaderId, x.UnitId });
            o.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(l => l.Oversees).HasField("_oversees");
        AliasMapping.Map(b, l => l.Aliases, "LeaderAliases", "LeaderId", 30);
    }
}

internal sealed class UnitGroupConfiguration : IEntityTypeConfiguration<UnitGroup>
{
    public void Configure(EntityTypeBuilder<UnitGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(60);
        b.HasIndex(g => g.Name).IsUnique();
        b.Property(g => g.Version).IsConcurrencyToken();
        b.Ignore(g => g.Kinds);
        b.Ignore(g => g.UnitIds);
        AliasMapping.Map(b, g => g.Aliases, "UnitGroupAliases", "UnitGroupId", 60);
        b.OwnsMany(g => g.Members, m =>
        {
            m.ToTable("UnitGroupMembers");
            m.WithOwner().HasForeignKey("UnitGroupId");
            m.HasKey(x => x.Id);
            // A named unit stays in the directory while a group names it (units are disabled, never deleted).
            m.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(g => g.Members).HasField("_members");
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.Property(c => c.Name).HasMaxLength(40);
        b.HasIndex(c => new { c.Year, c.Name }).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
        AliasMapping.Map(b, c => c.Aliases, "CategoryAliases", "CategoryId", 40);
    }
}

internal sealed class TaskConfiguration : IEntityTypeConfiguration<SupervisionTask>
{
    public void Configure(EntityTypeBuilder<SupervisionTask> b)
    {
        b.ToTable("Tasks");
        b.Property(t => t.Number).HasMaxLength(20);
        b.HasIndex(t => t.Number).IsUnique();
        b.HasIndex(t => new { t.Year, t.Source, t.Sequence }).IsUnique();
        b.HasIndex(t => new { t.Year, t.CategoryId });
        b.HasIndex(t => t.LeadUnitId);
        b.HasIndex(t => t.Deadline);
        b.Property(t => t.Title).HasMaxLength(100);
        b.Property(t => t.Content).HasMaxLength(4000);
        b.Property(t => t.Target).HasMaxLength(2000);
        b.Property(t => t.DeadlineText).HasMaxLength(40);
        b.Property(t => t.CancelReason).HasMaxLength(200);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Ignore(t => t.IsFinished);
        b.HasOne<Category>().WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(t => t.LeadUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leader>().WithMany().HasForeignKey(t => t.ResponsibleLeaderId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(t => t.AssistingUnits, a =>
        {
            a.ToTable("TaskAssistingUnits");
            a.WithOwner().HasForeignKey(x => x.TaskId);
            a.HasKey(x => new { x.TaskId, x.UnitId });
            a.HasIndex(x => x.UnitId);
            a.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(t => t.AssistingUnits).HasField("_assistingUnits");

        b.OwnsMany(t => t.Milestones, m =>
        {
            m.ToTable("TaskMilestones");
            m.WithOwner().HasForeignKey("TaskId");
            m.Property<int>("Id");
            m.HasKey("Id");
            m.Property(x => x.Title).HasMaxLength(200);
        });
        b.Navigation(t => t.Milestones).HasField("_milestones");

        b.OwnsOne(t => t.Indicator, i =>
        {
            i.Property(x => x.Name).HasColumnName("IndicatorName").HasMaxLength(60);
            i.Property(x => x.UnitOfMeasure).HasColumnName("IndicatorUnit").HasMaxLength(10);
            i.Property(x => x.Target).HasColumnName("IndicatorTarget");
            i.Property(x => x.Direction).HasColumnName("IndicatorDirection");
            i.Property(x => x.Measure).HasColumnName("IndicatorMeasure");
        });
        b.OwnsOne(t => t.Instruction, i =>
        {
            i.Property(x => x.LeaderName).HasColumnName("InstructionLeader").HasMaxLength(20);
            i.Property(x => x.InstructedOn).HasColumnName("InstructedOn");
            i.Property(x => x.Text).HasColumnName("InstructionText").HasMaxLength(2000);
            i.Property(x => x.DocumentTitle).HasColumnName("InstructionDocumentTitle").HasMaxLength(200);
            i.Property(x => x.DocumentNumber).HasColumnName("InstructionDocumentNumber").HasMaxLength(60);
        });
        b.OwnsOne(t => t.Meeting, m =>
        {
            m.Property(x => x.MeetingName).HasColumnName("MeetingName").HasMaxLength(100);
            m.Property(x => x.HeldOn).HasColumnName("MeetingHeldOn");
            m.Property(x => x.Decision).HasColumnName("MeetingDecision").HasMaxLength(2000);
        });
        b.OwnsOne(t => t.Agreement, a =>
        {
            a.Property(x => x.AgreementName).HasColumnName("AgreementName").HasMaxLength(200);
            a.Property(x => x.Counterpart).HasColumnName("AgreementCounterpart").HasMaxLength(60);
        });
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> b)
    {
        b.ToTable("Reports");
        b.Property(r => r.PeriodKey).HasMaxLength(10);
        b.Property(r => r.PeriodLabel).HasMaxLength(20);
        // One report per task per period, even when two people open it at once.
        b.HasIndex(r => new { r.TaskId, r.PeriodKey }).IsUnique();
        b.HasIndex(r => new { r.UnitId, r.DueDate });
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.Current);
        b.Ignore(r => r.AcceptedRevision);
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Revisions).WithOne().HasForeignKey(v => v.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Revisions).HasField("_revisions");
    }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<ReportRevision>
{
    public void Configure(EntityTypeBuilder<ReportRevision> b)
    {
        b.ToTable("ReportRevisions");
        b.HasIndex(v => new { v.ReportId, v.Number }).IsUnique();
        b.HasIndex(v => new { v.State, v.DecidedAt });
        b.Property(v => v.Progress).HasMaxLength(4000);
        b.Property(v => v.Problems).HasMaxLength(2000);
        b.Property(v => v.NextSteps).HasMaxLength(2000);
        b.HasMany(v => v.Steps).WithOne().HasForeignKey(s => s.RevisionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(v => v.Steps).HasField("_steps");
    }
}

internal sealed class StepConfiguration : IEntityTypeConfiguration<ReportStep>
{
    public void Configure(EntityTypeBuilder<ReportStep> b)
    {
        b.ToTable("ReportSteps");
        b.Property(s => s.ActorId).HasMaxLength(64);
        b.Property(s => s.ActorName).HasMaxLength(40);
        b.Property(s => s.Comment).HasMaxLength(500);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.Property(n => n.Number).HasMaxLength(40);
        b.HasIndex(n => n.Number).IsUnique();
        b.HasIndex(n => n.TaskId);
        b.Property(n => n.Requirements).HasMaxLength(2000);
        b.Property(n => n.IssuedByName).HasMaxLength(40);
        b.Property(n => n.Version).IsConcurrencyToken();
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(n => n.Receipts, r =>
        {
            r.ToTable("NoticeReceipts");
            r.WithOwner().HasForeignKey(x => x.NoticeId);
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.NoticeId, x.UnitId }).IsUnique();
            r.HasIndex(x => x.UnitId);
            r.Property(x => x.AcknowledgedByName).HasMaxLength(40);
            r.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(n => n.Receipts).HasField("_receipts");
    }
}

internal sealed class SpotCheckConfiguration : IEntityTypeConfiguration<SpotCheck>
{
    public void Configure(EntityTypeBuilder<SpotCheck> b)
    {
        b.HasIndex(s => s.TaskId);
        b.HasIndex(s => s.UnitId);
        b.Property(s => s.Notes).HasMaxLength(2000);
        b.Property(s => s.Evidence).HasMaxLength(500);
        b.Property(s => s.InspectorName).HasMaxLength(40);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasOne<ProgressReport>().WithMany().HasForeignKey(s => s.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasIndex(e => e.TaskId);
        b.HasIndex(e => e.OccurredAt);
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.Summary).HasMaxLength(1000);
        b.Property(e => e.ActorId).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(40);
        b.Property(e => e.EntityType).HasMaxLength(40);
    }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(40);
    }
}
