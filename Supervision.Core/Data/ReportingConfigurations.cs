using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

/// <summary>The hash-chain columns of the audit record (the rest of it is configured in Configurations.cs).</summary>
internal sealed class AuditChainConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasIndex(e => e.Sequence).IsUnique();
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        // The latest recorded state of an entity is looked up by it when the app changes the entity again.
        b.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}

internal sealed class ReportAttachmentConfiguration : IEntityTypeConfiguration<ReportAttachment>
{
    public void Configure(EntityTypeBuilder<ReportAttachment> b)
    {
        b.ToTable("ReportAttachments");
        b.HasIndex(a => new { a.ReportId, a.RevisionNumber });
        b.HasIndex(a => a.TaskId);
        b.HasIndex(a => a.ContentHash);
        b.Property(a => a.OriginalName).HasMaxLength(200);
        b.Property(a => a.ContentHash).HasMaxLength(64);
        b.Property(a => a.UploadedById).HasMaxLength(64);
        b.Property(a => a.UploadedByName).HasMaxLength(40);
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProgressReport>().WithMany().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportContributionConfiguration : IEntityTypeConfiguration<ReportContribution>
{
    public void Configure(EntityTypeBuilder<ReportContribution> b)
    {
        b.ToTable("ReportContributions");
        b.HasIndex(c => new { c.ReportId, c.UnitId });
        b.Property(c => c.Text).HasMaxLength(2000);
        b.Property(c => c.AuthorId).HasMaxLength(64);
        b.Property(c => c.AuthorName).HasMaxLength(40);
        b.HasOne<ProgressReport>().WithMany().HasForeignKey(c => c.ReportId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasIndex(n => new { n.RecipientUnitId, n.ReadAt });
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => n.PushedAt);
        b.Property(n => n.Title).HasMaxLength(100);
        b.Property(n => n.Body).HasMaxLength(1000);
        b.Property(n => n.Link).HasMaxLength(200);
        b.Property(n => n.ReadByName).HasMaxLength(40);
        b.Property(n => n.DedupKey).HasMaxLength(120);
        b.Property(n => n.PushError).HasMaxLength(300);
    }
}

internal sealed class ChaseRecordConfiguration : IEntityTypeConfiguration<ChaseRecord>
{
    public void Configure(EntityTypeBuilder<ChaseRecord> b)
    {
        b.ToTable("ChaseRecords");
        b.HasIndex(c => new { c.TaskId, c.Level });
        b.HasIndex(c => c.DedupKey).IsUnique();
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.Content).HasMaxLength(1000);
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.PeriodKey).HasMaxLength(10);
        b.Property(c => c.DedupKey).HasMaxLength(120);
        b.Property(c => c.ByName).HasMaxLength(40);
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitWebhookConfiguration : IEntityTypeConfiguration<UnitWebhook>
{
    public void Configure(EntityTypeBuilder<UnitWebhook> b)
    {
        b.ToTable("UnitWebhooks");
        b.HasIndex(w => w.UnitId).IsUnique();
        b.Property(w => w.Url).HasMaxLength(500);
        b.Property(w => w.Version).IsConcurrencyToken();
        b.HasOne<Unit>().WithMany().HasForeignKey(w => w.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CoordinationRequestConfiguration : IEntityTypeConfiguration<CoordinationRequest>
{
    public void Configure(EntityTypeBuilder<CoordinationRequest> b)
    {
        b.ToTable("CoordinationRequests");
        b.HasIndex(c => c.TaskId);
        b.HasIndex(c => c.State);
        b.Property(c => c.Problem).HasMaxLength(1000);
        b.Property(c => c.HelpNeeded).HasMaxLength(1000);
        b.Property(c => c.FromWhom).HasMaxLength(100);
        b.Property(c => c.RaisedByName).HasMaxLength(40);
        b.Property(c => c.RoutedToName).HasMaxLength(40);
        b.Property(c => c.RouteNote).HasMaxLength(500);
        b.Property(c => c.RoutedByName).HasMaxLength(40);
        b.Property(c => c.Answer).HasMaxLength(2000);
        b.Property(c => c.AnsweredByName).HasMaxLength(40);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leader>().WithMany().HasForeignKey(c => c.RoutedToLeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> b)
    {
        b.ToTable("ExtensionRequests");
        b.HasIndex(e => e.TaskId);
        b.HasIndex(e => e.State);
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.RequestedByName).HasMaxLength(40);
        b.Property(e => e.EndorsedByName).HasMaxLength(40);
        b.Property(e => e.EndorseComment).HasMaxLength(500);
        b.Property(e => e.DecidedByName).HasMaxLength(40);
        b.Property(e => e.DecisionComment).HasMaxLength(500);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.Ignore(e => e.IsOpen);
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderRemarkConfiguration : IEntityTypeConfiguration<LeaderRemark>
{
    public void Configure(EntityTypeBuilder<LeaderRemark> b)
    {
        b.ToTable("LeaderRemarks");
        b.HasIndex(r => r.TaskId);
        b.Property(r => r.Text).HasMaxLength(1000);
        b.Property(r => r.LeaderName).HasMaxLength(40);
        b.Property(r => r.Response).HasMaxLength(2000);
        b.Property(r => r.RespondedByName).HasMaxLength(40);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne<SupervisionTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Restrict);
    }
}
