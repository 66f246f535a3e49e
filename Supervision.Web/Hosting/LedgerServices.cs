using Supervision.Core.Ledger;

namespace Supervision.Web.Hosting;

/// <summary>Registration of the ledger feature (registration, numbering, assignment, import, query, directory).</summary>
public static class LedgerServices
{
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LedgerOptions>().Bind(configuration.GetSection(LedgerOptions.SectionName));
        services.AddScoped<RegistrationService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<TaskImportService>();
        services.AddScoped<LedgerQueryService>();
        services.AddScoped<TaskDetailService>();
        services.AddScoped<UnitDirectoryService>();
        services.AddScoped<LeaderDirectoryService>();
        services.AddScoped<CategoryService>();
        services.AddScoped<UnitGroupService>();
        services.AddScoped<ImportAliasService>();
        return services;
    }
}
