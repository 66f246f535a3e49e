using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Supervision.Core.Data;

namespace Supervision.Web.Accounts;

/// <summary>Used by <c>dotnet ef</c> only.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AccountsDbContext>();
        builder.UseSupervisionSqlite("Data Source=design.db");
        return new AccountsDbContext(builder.Options);
    }
}
