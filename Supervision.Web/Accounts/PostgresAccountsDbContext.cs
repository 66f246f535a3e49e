using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Supervision.Core.Data.Postgres;

namespace Supervision.Web.Accounts;

/// <summary>
/// The accounts on PostgreSQL, with their own migration set (<c>Accounts/PostgresMigrations</c>), plus the ASP.NET
/// Data Protection keys: with several web nodes every node must read the same key ring, or a sign-in cookie or
/// antiforgery token made by one node would be refused by the next. (On SQLite there is one node and the keys stay
/// in the default key folder.)
/// </summary>
public sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options) : AccountsDbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

/// <summary>Used by <c>dotnet ef</c> only: no server is contacted to add a migration.</summary>
internal sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccountsDbContext>
{
    public PostgresAccountsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAccountsDbContext>();
        builder.UseSupervisionPostgres("Host=localhost;Database=supervision_design", serializeWrites: false);
        return new PostgresAccountsDbContext(builder.Options);
    }
}
