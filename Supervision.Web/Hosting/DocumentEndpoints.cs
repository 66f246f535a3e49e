using Supervision.Core.Documents;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>Downloads of reports and documents. Every endpoint decides access from the signed-in actor.</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization();

        group.MapGet(Routes.CompletionTableTemplate, async (string? period, HttpContext http, CompletionTableService tables, CancellationToken ct) =>
            await Guarded(http, period, async (actor, p) =>
            {
                var file = await tables.BuildAsync(actor, p, ct);
                return Download(http, file);
            }));

        group.MapGet(Routes.BulletinPdfTemplate, async (string? period, HttpContext http, BulletinService bulletins, CancellationToken ct) =>
            await Guarded(http, period, async (actor, p) =>
            {
                var (file, missing) = await bulletins.PdfAsync(actor, p, null, ct);
                if (missing.Count > 0)
                    http.Response.Headers["X-Missing-Characters"] = Uri.EscapeDataString(string.Concat(missing));
                return Download(http, file);
            }));

        group.MapGet(Routes.IssuedDocumentTemplate, async (int id, HttpContext http, BulletinService bulletins, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            if (!PeriodFiguresService.CanRead(actor))
                return Results.Forbid();
            var file = await bulletins.IssuedAsync(actor, id, ct);
            return file is null ? Results.NotFound() : Download(http, file);
        });

        group.MapGet(Routes.NoticePdfTemplate, async (int id, HttpContext http, NoticeDocumentService notices, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            try
            {
                var file = await notices.PdfAsync(actor, id, ct);
                return file is null ? Results.NotFound() : Download(http, file);
            }
            catch (MissingFontException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        group.MapGet(Routes.ChasePdfTemplate, async (int id, HttpContext http, ChaseDocumentService chases, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            try
            {
                var file = await chases.PdfAsync(actor, id, ct);
                return file is null ? Results.NotFound() : Download(http, file);
            }
            catch (MissingFontException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "缺少字体");
            }
        });

        return app;
    }

    private static async Task<IResult> Guarded(HttpContext http, string? period, Func<Actor, SupervisionPeriod, Task<IResult>> run)
    {
        var actor = CurrentActor.FromPrincipal(http.User);
        if (!PeriodFiguresService.CanRead(actor))
            return Results.Forbid();
        SupervisionPeriod parsed;
        try
        {
            parsed = PeriodFiguresService.ParsePeriod(period);
        }
        catch (DomainException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "参数错误");
        }

        try
        {
            return await run(actor, parsed);
        }
        catch (MissingFontException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "缺少字体");
        }
        catch (DomainException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>
    /// A file download. The Chinese file name goes out as RFC 5987 <c>filename*=UTF-8''…</c> with an ASCII
    /// fallback; the hash of an issued file is exposed so a reader can check it against the audit record.
    /// </summary>
    private static IResult Download(HttpContext http, DocumentFile file)
    {
        if (file.Sha256 is { } hash)
            http.Response.Headers["X-Content-SHA256"] = hash;
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}
