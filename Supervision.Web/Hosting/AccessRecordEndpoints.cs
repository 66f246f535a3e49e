using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>The access record's Excel export: the same filter as the page, read from the same query names.</summary>
public static class AccessRecordEndpoints
{
    public const string ExportPath = "/admin/access.xlsx";

    public static IEndpointRouteBuilder MapAccessRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, async (HttpContext http, AccessRecordService record, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            try
            {
                var bytes = await record.ExportAsync(actor, FilterFrom(http.Request.Query), ct);
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

    /// <summary>The query string of a filter (<c>from=2026-06-01&amp;to=2026-06-30&amp;action=access.login-failed&amp;q=fgw</c>).</summary>
    public static string QueryOf(AccessRecordFilter filter)
    {
        var parts = new List<string>();
        if (filter.From is { } from)
            parts.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.To is { } to)
            parts.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(filter.Action))
            parts.Add("action=" + Uri.EscapeDataString(filter.Action));
        if (!string.IsNullOrWhiteSpace(filter.Text))
            parts.Add("q=" + Uri.EscapeDataString(filter.Text.Trim()));
        return string.Join("&", parts);
    }

    /// <summary>A filter from a query string; values that do not read are left out (an unknown kind, a malformed date).</summary>
    public static AccessRecordFilter FilterFrom(IQueryCollection query)
    {
        static DateOnly? Date(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var action = query["action"].ToString();
        var text = query["q"].ToString().Trim();
        return new AccessRecordFilter(
            Date(query["from"]),
            Date(query["to"]),
            AccessActions.All.Contains(action) ? action : null,
            text.Length == 0 ? null : text.Length > 100 ? text[..100] : text);
    }
}
