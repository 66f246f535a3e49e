using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Supervision.Web.Accounts;

/// <summary>
/// Identity's tables, in the same database as the supervision data but with their own migrations, so that Core
/// stays free of ASP.NET. A user's unit is checked against the directory by the services. This type is the SQLite
/// schema; <see cref="PostgresAccountsDbContext"/> is the PostgreSQL one.
/// </summary>
public class AccountsDbContext : IdentityDbContext<AppUser>
{
    public AccountsDbContext(DbContextOptions<AccountsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type, which carries that provider's model and migration set.</summary>
    protected AccountsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(40);
            b.HasIndex(u => u.UnitId);
        });
    }
}
