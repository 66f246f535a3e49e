using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Supervision.Core.Domain;

namespace Supervision.Core.Data;

internal sealed class AccessEventConfiguration : IEntityTypeConfiguration<AccessEvent>
{
    public void Configure(EntityTypeBuilder<AccessEvent> b)
    {
        b.ToTable("AccessEvents");
        b.Property(x => x.Action).HasMaxLength(40);
        b.Property(x => x.Subject).HasMaxLength(100);
        b.HasIndex(x => new { x.Subject, x.OccurredAt });
        b.HasIndex(x => new { x.Action, x.Subject, x.LastOccurredAt });
        b.Property(x => x.Client).HasMaxLength(64);
    }
}

internal sealed class EndedSessionConfiguration : IEntityTypeConfiguration<EndedSession>
{
    public void Configure(EntityTypeBuilder<EndedSession> b)
    {
        b.ToTable("EndedSessions");
        b.HasKey(x => x.SessionId);
        b.Property(x => x.SessionId).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.HasIndex(x => x.ExpiresAt);
    }
}
