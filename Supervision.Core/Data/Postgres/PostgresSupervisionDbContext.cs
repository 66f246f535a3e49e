using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Supervision.Core.Data.Postgres;

/// <summary>
/// The supervision model on PostgreSQL, with its own migration set (<c>Data/Postgres/Migrations</c>). Services keep
/// asking for <see cref="SupervisionDbContext"/>; this type only exists so that each provider has its model and
/// migrations. Regenerate after a model change with <c>scripts/postgres-migrations.sh NAME</c> (see README).
/// </summary>
public sealed class PostgresSupervisionDbContext(DbContextOptions<PostgresSupervisionDbContext> options) : SupervisionDbContext(options)
{
    /// <summary>
    /// Text columns compare and sort by code point, as SQLite's BINARY collation does, whatever locale the database
    /// was created with — so every list comes out in the same order on both providers.
    /// </summary>
    public const string Collation = "C";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("pg_trgm");

        // The shared configurations carry a few SQLite-only settings (RETURNING off for tables with FTS triggers);
        // they mean nothing here and stay out of this provider's model and snapshot.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var annotation in entity.GetAnnotations().Where(a => a.Name.StartsWith("Sqlite:", StringComparison.Ordinal)).ToList())
                entity.RemoveAnnotation(annotation.Name);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz keeps microseconds; storing the value already cut to them means what was hashed or compared
        // before the save is exactly what a later read returns.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcMicrosecondConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcMicrosecondConverter>();
        configurationBuilder.Properties<string>().UseCollation(Collation);
    }

    /// <summary>The ticks a timestamp keeps once stored in PostgreSQL.</summary>
    internal static long StoredTicks(DateTime value) => value.Ticks - (value.Ticks % 10);

    private sealed class UtcMicrosecondConverter() : ValueConverter<DateTime, DateTime>(
        v => new DateTime(StoredTicks(v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime()), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Used by <c>dotnet ef</c> only: no server is contacted to add a migration.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSupervisionDbContext>
{
    public PostgresSupervisionDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresSupervisionDbContext>();
        builder.UseSupervisionPostgres("Host=localhost;Database=supervision_design");
        return new PostgresSupervisionDbContext(builder.Options);
    }
}
