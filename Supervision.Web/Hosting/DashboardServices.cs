using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Judging;

namespace Supervision.Web.Hosting;

/// <summary>
/// Registers the change feed and its hook on the database context, the one judged model every surface reads
/// (<see cref="JudgementService"/>), scoring and the live dashboard.
/// </summary>
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
        // One cache of judged tasks for the whole server: dashboards, ledger, 待办 and documents read the same.
        services.AddSingleton<JudgementService>();
        services.AddSingleton<DashboardService>();
        services.AddSingleton<Supervision.Web.Components.Dashboard.PanelMarkup>();
        return services;
    }
}
