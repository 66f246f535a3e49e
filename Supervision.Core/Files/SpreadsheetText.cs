using ClosedXML.Excel;

namespace Supervision.Core.Files;

/// <summary>
/// Text written into a spreadsheet the office downloads. A value that begins like a formula (<c>= + - @</c>, tab or
/// carriage return) is stored as text already, but it becomes a live formula as soon as someone edits the cell or saves
/// the sheet as CSV and opens that; so, as OWASP recommends against CSV / formula injection, such a value is prefixed
/// with a single quote. Every export writes its text through here.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The prefix that keeps a value text in Excel, WPS and LibreOffice, also after a round trip through CSV.</summary>
    public const char Prefix = '\'';

    /// <summary><paramref name="value"/> as it may go into a cell (empty for null).</summary>
    public static string Safe(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? Prefix + value
            : value ?? "";

    /// <summary>
    /// Writes <paramref name="value"/> so it stays text: made <see cref="Safe"/>, set as an explicit string with the text
    /// data type, never parsed as a formula, number or date.
    /// </summary>
    public static IXLCell Write(IXLCell cell, string? value)
    {
        cell.SetValue(Safe(value));
        cell.DataType = XLDataType.Text;
        return cell;
    }
}
