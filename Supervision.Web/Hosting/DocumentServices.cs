using Supervision.Core.Documents;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Publishing;

namespace Supervision.Web.Hosting;

/// <summary>Registration of the reports and documents feature (completion tables, bulletins, notice PDFs).</summary>
public static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection("Documents"));
        // Fonts are read from disk once per process; subsetting happens per document.
        services.AddSingleton<FontLibrary>();
        services.AddSingleton<DocumentRenderer>();
        services.AddScoped<PeriodFiguresService>();
        services.AddScoped<CompletionTableService>();
        services.AddScoped<BulletinService>();
        services.AddScoped<PeriodCloseService>();
        services.AddScoped<NoticeDocumentService>();
        services.AddScoped<ChaseDocumentService>();
        return services;
    }
}
