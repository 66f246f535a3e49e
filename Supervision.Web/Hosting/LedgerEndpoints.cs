using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Web.Accounts;

namespace Supervision.Web.Hosting;

/// <summary>Downloads of the ledger: the current view as Excel and the import template. Access is decided by the services.</summary>
public static class LedgerEndpoints
{
    public const string ExportPath = "/tasks/export.xlsx";
    public const string TemplatePath = "/tasks/import-template.xlsx";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization();

        group.MapGet(ExportPath, async (HttpContext http, LedgerQueryService ledger, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            var filter = FilterFrom(http.Request.Query, ChinaTime.Today(clock).Year);
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

        group.MapGet(TemplatePath, (HttpContext http, TimeProvider clock) =>
        {
            var actor = CurrentActor.FromPrincipal(http.User);
            if (!LedgerAccess.CanManageTasks(actor))
                return Results.Forbid();
            return Results.File(ImportTemplate.Build(ChinaTime.Today(clock).Year), XlsxType, ImportTemplate.FileName);
        });

        return app;
    }

    /// <summary>The query string of the ledger page's current view (the same names the page writes).</summary>
    public static string QueryOf(LedgerFilter f)
    {
        var parts = new List<string> { $"year={f.Year}" };
        void Add(string name, object? value)
        {
            if (value is not null)
                parts.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!)}");
        }

        Add("source", f.Source is { } s ? (int)s : null);
        Add("category", f.CategoryId);
        Add("unit", f.UnitId);
        Add("lead", f.UnitId is not null && f.LeadOnly ? "1" : null);
        Add("leader", f.LeaderId);
        Add("light", f.Light is { } l ? (int)l : null);
        Add("dh", f.DoubleHalf is { } dh ? (int)dh : null);
        Add("counted", f.CountedOnly ? "1" : null);
        Add("state", f.State is { } st ? (int)st : null);
        Add("from", f.DeadlineFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", f.DeadlineTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("asOf", f.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("q", string.IsNullOrWhiteSpace(f.Text) ? null : f.Text);
        Add("overdue", f.OverdueAcknowledgementOnly ? "1" : null);
        Add("sort", f.Sort == LedgerSort.Number ? null : (int)f.Sort); // the default needs no parameter
        Add("desc", f.Descending ? "1" : null);
        return string.Join("&", parts);
    }

    /// <summary>Reads a filter from a query string; unknown or malformed values are ignored, never trusted.</summary>
    public static LedgerFilter FilterFrom(IQueryCollection q, int defaultYear)
    {
        static int? Int(string? v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        static DateOnly? Date(string? v) => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        static TEnum? Enum<TEnum>(string? v) where TEnum : struct, System.Enum =>
            Int(v) is { } n && System.Enum.IsDefined(typeof(TEnum), n) ? (TEnum)(object)n : null;

        var year = Int(q["year"]) is { } y and >= 2000 and <= 2100 ? y : defaultYear;
        return new LedgerFilter
        {
            Year = year,
            Source = Enum<TaskSource>(q["source"]),
            CategoryId = Int(q["category"]),
            UnitId = Int(q["unit"]),
            LeadOnly = q["lead"] == "1",
            LeaderId = Int(q["leader"]),
            Light = Enum<TrafficLight>(q["light"]),
            DoubleHalf = Enum<DoubleHalfStatus>(q["dh"]),
            CountedOnly = q["counted"] == "1",
            State = Enum<TaskState>(q["state"]),
            DeadlineFrom = Date(q["from"]),
            DeadlineTo = Date(q["to"]),
            AsOf = Date(q["asOf"]),
            Text = q["q"].ToString() is { Length: > 0 } text ? text : null,
            OverdueAcknowledgementOnly = q["overdue"] == "1",
            Sort = Enum<LedgerSort>(q["sort"]) ?? LedgerSort.Number,
            Descending = q["desc"] == "1",
        };
    }
}
