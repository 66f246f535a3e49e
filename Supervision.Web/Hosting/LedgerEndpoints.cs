using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>Downloads of the ledger: the current view as Excel and the import template. Access is decided by the services.</summary>
public static class LedgerEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization();

        group.MapGet(Routes.LedgerExportTemplate, async (HttpContext http, LedgerQueryService ledger, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            var filter = Routes.LedgerFilterFrom(http.Request.Query, ChinaTime.Today(clock).Year);
            try
            {
                var bytes = await ledger.ExportAsync(actor, filter, ct);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(bytes, XlsxType, $"督查任务台账（{filter.Year}年，{ChinaTime.Today(clock):yyyyMMdd}）.xlsx");
            }
            catch (DomainException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "无法导出");
            }
        });

        group.MapGet(Routes.ImportTemplateFile, (HttpContext http, TimeProvider clock) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            if (!LedgerAccess.CanManageTasks(actor))
                return Results.Forbid();
            return Results.File(ImportTemplate.Build(ChinaTime.Today(clock).Year), XlsxType, ImportTemplate.FileName);
        });

        return app;
    }
}
