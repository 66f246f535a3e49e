using System.Globalization;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Core.Security;

namespace Supervision.Web;

// A view's filter in its address: written by the links and read back by the page and its export, with the same names.
public static partial class Routes
{
    /// <summary>The query string of the ledger page's current view (the same names the page writes).</summary>
    private static string LedgerQuery(LedgerFilter f)
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
    public static LedgerFilter LedgerFilterFrom(IQueryCollection q, int defaultYear)
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

    /// <summary>The query string of a filter (<c>from=2026-06-01&amp;to=2026-06-30&amp;action=access.login-failed&amp;q=fgw</c>).</summary>
    private static string AccessRecordQuery(AccessRecordFilter filter)
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
    public static AccessRecordFilter AccessRecordFilterFrom(IQueryCollection query)
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
