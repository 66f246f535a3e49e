using System.Globalization;
using Supervision.Core.Domain;

namespace Supervision.Core.Dashboard;

/// <summary>
/// What a viewer asked for, as it arrived from the browser (query string or controls): nothing here is trusted
/// until <see cref="DashboardService"/> has checked it against what it offers.
/// </summary>
public sealed record DashboardRequest(string? Year = null, string? AsOf = null, string? Source = null, string? Leader = null, string? Category = null)
{
    internal static bool TryYear(string? text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100;

    internal static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    internal static bool TryId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    // Only names are accepted ("AnnualKeyWork"), never numbers, so an undefined value cannot slip through.
    internal static bool TrySource(string? text, out TaskSource source) =>
        Enum.TryParse(text, ignoreCase: true, out source) && Enum.IsDefined(source) && !char.IsAsciiDigit(text![0]) && text[0] != '-';
}

/// <summary>A dashboard together with what was ignored from the request and the choices it offers.</summary>
/// <param name="Years">Years that can be picked, newest first.</param>
/// <param name="Ignored">A Chinese sentence for each request value that was not among the choices offered.</param>
public sealed record DashboardResult(DashboardModel Model, IReadOnlyList<int> Years, DateOnly Today, IReadOnlyList<string> Ignored);
