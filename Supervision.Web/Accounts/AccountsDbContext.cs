using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Supervision.Web.Accounts;

/// <summary>
/// Identity's tables, in the same database file as the supervision data but with their own migrations, so
/// that Core stays free of ASP.NET. A user's unit is checked against the directory by the services.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<AppUser>(options)
{
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
