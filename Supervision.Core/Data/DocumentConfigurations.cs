using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("Bulletins");
        b.HasIndex(x => x.PeriodKey).IsUnique();
        // A 文号 is given once: a second issue racing for the same number fails instead of duplicating it.
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.PeriodKey).HasMaxLength(10);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Addressees).HasMaxLength(500);
        b.Property(x => x.Issuer).HasMaxLength(60);
        b.Property(x => x.CopyTo).HasMaxLength(500);
        b.Property(x => x.Number).HasMaxLength(40);
        b.Property(x => x.IssuedByName).HasMaxLength(60);
        b.Property(x => x.UpdatedByName).HasMaxLength(60);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<IssuedDocument>().WithMany().HasForeignKey(x => x.PdfDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<IssuedDocument>().WithMany().HasForeignKey(x => x.TableDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> b)
    {
        b.ToTable("IssuedDocuments");
        b.Property(x => x.Kind).HasMaxLength(30);
        b.Property(x => x.PeriodKey).HasMaxLength(10);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasIndex(x => x.PeriodKey);
    }
}

internal sealed class ClosedPeriodConfiguration : IEntityTypeConfiguration<ClosedPeriod>
{
    public void Configure(EntityTypeBuilder<ClosedPeriod> b)
    {
        b.ToTable("ClosedPeriods");
        b.HasIndex(x => x.PeriodKey).IsUnique();
        b.Property(x => x.PeriodKey).HasMaxLength(10);
        b.Property(x => x.Label).HasMaxLength(30);
        b.Property(x => x.ClosedByName).HasMaxLength(60);
    }
}
