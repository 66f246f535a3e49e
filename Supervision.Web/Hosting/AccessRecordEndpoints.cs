using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>The access record's Excel export: the same filter as the page, read from the same query names.</summary>
public static class AccessRecordEndpoints
{
    public static IEndpointRouteBuilder MapAccessRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.AccessRecordExportTemplate, async (HttpContext http, AccessRecordService record, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            try
            {
                var bytes = await record.ExportAsync(actor, Routes.AccessRecordFilterFrom(http.Request.Query), ct);
                // Like every other download: the name goes out as RFC 5987 (Results.File does that), never cached.
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"访问记录（{ChinaTime.Today(clock):yyyyMMdd}）.xlsx");
            }
            catch (DomainException ex) when (!AccessRecordService.CanRead(actor))
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status403Forbidden, title: "无权导出");
            }
            catch (DomainException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "无法导出");
            }
        }).RequireAuthorization();
        return app;
    }
}
