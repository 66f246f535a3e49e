using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Data;

/// <summary>
/// Each provider has its own migration sets (supervision and accounts). A property, index or table added to the model
/// without a migration in every set would exist in the model but not in a real database of that provider.
/// </summary>
public sealed class MigrationCoverageTests
{
    [Theory]
    [InlineData("sqlite", "supervision")]
    [InlineData("sqlite", "accounts")]
    [InlineData("postgres", "supervision")]
    [InlineData("postgres", "accounts")]
    public void Every_migration_set_covers_the_model(string provider, string schema)
    {
        // No connection is opened: the model is compared with the set's snapshot.
        var settings = provider == "postgres"
            ? new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=coverage")
            : new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=coverage.db");
        using DbContext context = schema == "accounts" ? TestDatabase.CreateAccounts(settings) : settings.CreateContext();

        var command = (provider, schema) switch
        {
            ("sqlite", "supervision") => "dotnet ef migrations add NAME --context SupervisionDbContext --project Supervision.Core --startup-project Supervision.Core --output-dir Data/Migrations",
            ("sqlite", _) => "dotnet ef migrations add NAME --context AccountsDbContext --project Supervision.Web --startup-project Supervision.Web --output-dir Accounts/Migrations",
            _ => "scripts/postgres-migrations.sh NAME",
        };
        Assert.False(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} 的模型有迁移未覆盖的修改，请运行：{command}");
        Assert.Equal(provider == "postgres", context is PostgresSupervisionDbContext or PostgresAccountsDbContext);
    }
}
