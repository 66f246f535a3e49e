using Microsoft.EntityFrameworkCore;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;

namespace Supervision.Web.Hosting;

/// <summary>Registers the live dashboard: the change feed, its hook on the database context, scoring and the dashboard cache.</summary>
public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        // The one seam for a second server: replace InProcessChangeFeed with a broker-backed IChangeFeed.
        services.AddSingleton<IChangeFeed, InProcessChangeFeed>();
        services.AddSingleton<ChangeFeedInterceptor>();

        // Publishes what SupervisionDbContext writes to AuditEvents once it is committed, whoever saved it.
        services.ConfigureDbContext<SupervisionDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<ChangeFeedInterceptor>()));

        services.AddOptions<ScoringWeights>()
            .Bind(configuration.GetSection(ScoringWeights.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DashboardService>();
        return services;
    }
}
