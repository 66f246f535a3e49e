using System.Globalization;
using System.Text.RegularExpressions;
using MudBlazor;
using Supervision.Core.Domain;
using MudBlazor.Utilities.Exceptions;

namespace Supervision.Web.Components.Shared;

/// <summary>
/// Dates as people type them into a form: 2026-06-30, 2026/6/30, 2026.6.30 and 2026年6月30日 (full-width digits and
/// separators too, as Chinese input methods give them). Anything else is refused with one Chinese sentence.
/// </summary>
public static partial class DateText
{
    /// <summary>What the field says under itself.</summary>
    public const string Hint = "可直接输入，如2026-06-30、2026/6/30或2026年6月30日";

    /// <summary>The refusal of text that is not a date.</summary>
    public const string Error = "日期无法识别，请按2026-06-30、2026/6/30或2026年6月30日的格式填写。";

    /// <summary>The converter the date fields use: shown as 2026年6月30日, read in any of the forms above.</summary>
    public static IReversibleConverter<DateTime?, string?> Converter { get; } = new ChineseDateConverter();

    /// <summary>Reads <paramref name="text"/> as a calendar date; false for anything else, including 2026-02-30.</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var match = Pattern().Match(text.Normalize(System.Text.NormalizationForm.FormKC).Trim());
        if (!match.Success)
            return false;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    // After NFKC full-width digits and －／．become ASCII. The separators of one date must agree (2026-6/30 is a typo).
    [GeneratedRegex(@"^(?<y>\d{4})(?:(?<s>[-/.])(?<m>\d{1,2})\k<s>(?<d>\d{1,2})|\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]?)$")]
    private static partial Regex Pattern();

    private sealed class ChineseDateConverter : IReversibleConverter<DateTime?, string?>
    {
        public string? Convert(DateTime? value) => value is { } d ? DisplayNames.Date(DateOnly.FromDateTime(d)) : null;

        public DateTime? ConvertBack(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                return null;
            // MudBlazor shows the message of a ConversionException (looked up as a key first, which it is not).
            return TryParse(value, out var date) ? date.ToDateTime(TimeOnly.MinValue) : throw new ConversionException(Error);
        }
    }
}
