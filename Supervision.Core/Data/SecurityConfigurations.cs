using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Security;

namespace Supervision.Core.Data;

internal sealed class AccessEventConfiguration : IEntityTypeConfiguration<AccessEvent>
{
    public void Configure(EntityTypeBuilder<AccessEvent> b)
    {
        b.ToTable("AccessEvents");
        b.Property(x => x.Action).HasMaxLength(40);
        b.Property(x => x.Subject).HasMaxLength(100);
        b.HasIndex(x => new { x.Subject, x.OccurredAt });
    }
}
