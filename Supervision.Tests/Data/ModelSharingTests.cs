using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Tests.Security;

namespace Supervision.Tests.Data;

public sealed class ModelSharingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_context_made_outside_dependency_injection_shares_the_apps_model_and_compiled_queries()
    {
        // EF Core keeps a model and a cache of compiled queries per internal service provider, one per distinct (and
        // ordered) list of options: contexts that differ only in order would build the model and compile every query twice.
        await using var host = await SecurityHost.CreateAsync();
        await using var app = await host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var outside = database.Settings.CreateContext(new ChangeFeedInterceptor(new InProcessChangeFeed()));

        Assert.Same(app.Model, outside.Model);
    }
}
