using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Supervision.Core.Ledger;

/// <summary>What a free-text 完成时限 was read as.</summary>
/// <param name="Date">The deadline date, or null when the text could not be read.</param>
/// <param name="Ongoing">长期坚持 / 持续推进: no fixed end, judged at the end of the year.</param>
/// <param name="Note">Why the date was chosen, shown as a warning in the import preview (null when obvious).</param>
public sealed record DeadlineReading(DateOnly? Date, bool Ongoing, string? Note)
{
    public bool IsRead => Date is not null;
}

/// <summary>
/// Turns a 完成时限 as 任务分解表 write it into a date, by fixed rules and never by guessing. For the work year Y:
/// <list type="bullet">
/// <item><c>2026年9月30日</c>, <c>2026-9-30</c>, <c>2026/9/30</c>, <c>2026.9.30</c> (with or without 前/之前) → that date.</item>
/// <item><c>9月30日前</c>, <c>9月30号</c>, <c>9月30</c> → that day of year Y.</item>
/// <item><c>6月底前</c>, <c>6月底</c>, <c>6月前</c>, <c>6月份</c>, <c>6月</c>, <c>六月底前</c>, <c>2027年6月底前</c> → the last day of that month.</item>
/// <item><c>6月中旬</c> → the 20th; <c>6月上旬</c> → the 10th; <c>6月下旬</c> → the last day.</item>
/// <item><c>一季度</c>/<c>第一季度</c>/<c>1季度</c>/<c>一季度末</c> → 31 March; 二 → 30 June; 三 → 30 September; 四 → 31 December;
/// <c>前三季度</c> → 30 September.</item>
/// <item><c>上半年</c>, <c>年中</c> → 30 June; <c>下半年</c>, <c>年底前</c>, <c>年底</c>, <c>年内</c>, <c>年末</c>, <c>全年</c>,
/// <c>今年底</c>, <c>当年</c>, <c>年度内</c>, <c>本年内</c> → 31 December; <c>2027年</c>, <c>2027年底</c>, <c>2027年内</c> → 31 December of that year.</item>
/// <item><c>长期坚持</c>, <c>持续推进</c>, <c>长期</c>, <c>持续</c>, <c>常态化</c>, <c>常态化推进</c>, <c>长效推进</c> → 31 December,
/// marked ongoing (the year's assessment takes the year end).</item>
/// <item>A range (<c>3月至6月</c>, <c>3-6月</c>) → its end.</item>
/// </list>
/// Anything else is not read: the import reports the row as an error instead of inventing a date.
/// </summary>
public static partial class DeadlineParser
{
    private static readonly string[] _ongoing = ["长期坚持", "持续推进", "长期", "持续", "常态化", "常态化推进", "长效推进", "长期推进", "持续开展", "长期开展"];
    private static readonly string[] _yearEnd = ["年底前", "年底", "年内", "年末", "全年", "今年底", "今年年底", "年底完成", "年底前完成", "当年", "下半年", "年底之前", "全年完成", "年度内", "本年内", "本年度内", "本年度", "本年底", "到年底"];
    private static readonly string[] _midYear = ["上半年", "年中", "上半年完成", "年中前"];

    /// <summary>Reads <paramref name="text"/> for work year <paramref name="year"/>.</summary>
    public static DeadlineReading Parse(string? text, int year)
    {
        var s = Normalize(text);
        if (s.Length == 0)
            return new DeadlineReading(null, false, null);

        if (_ongoing.Contains(s))
            return new DeadlineReading(new DateOnly(year, 12, 31), true, "长期任务，按年底（12月31日）考核");
        if (_yearEnd.Contains(s))
            return new DeadlineReading(new DateOnly(year, 12, 31), false, null);
        if (_midYear.Contains(s))
            return new DeadlineReading(new DateOnly(year, 6, 30), false, null);

        if (FullDate().Match(s) is { Success: true } full)
            return Date(full.Groups["y"].Value, full.Groups["m"].Value, full.Groups["d"].Value, year);

        // A range: its end is the deadline.
        var range = RangeSeparator().Split(s);
        if (range.Length == 2 && range[0].Length > 0 && range[1].Length > 0)
        {
            var end = range[1];
            // 3-6月: the unit sits on the end only.
            if (NumberOnly().IsMatch(range[0]) && !end.Contains('年') && MonthSuffix().IsMatch(end))
                return Parse(end, year);
            if (!end.Contains('年') && range[0].Contains('年') && YearPrefix().Match(range[0]) is { Success: true } ym)
                end = ym.Value + end;
            return Parse(end, year);
        }

        if (Quarter().Match(s) is { Success: true } q)
        {
            var n = Numeral(q.Groups["q"].Value);
            if (n is >= 1 and <= 4)
            {
                var y = q.Groups["y"].Success ? int.Parse(q.Groups["y"].Value, CultureInfo.InvariantCulture) : year;
                if (q.Groups["first"].Success && n == 4)
                    return new DeadlineReading(null, false, null);
                var month = n * 3;
                return new DeadlineReading(new DateOnly(y, month, DateTime.DaysInMonth(y, month)), false, null);
            }
        }

        if (HalfYear().Match(s) is { Success: true } h)
        {
            var y = int.Parse(h.Groups["y"].Value, CultureInfo.InvariantCulture);
            return new DeadlineReading(h.Groups["h"].Value == "上" ? new DateOnly(y, 6, 30) : new DateOnly(y, 12, 31), false, null);
        }

        if (YearEndWithYear().Match(s) is { Success: true } ye)
            return new DeadlineReading(new DateOnly(int.Parse(ye.Groups["y"].Value, CultureInfo.InvariantCulture), 12, 31), false, null);

        if (MonthDay().Match(s) is { Success: true } md)
        {
            var y = md.Groups["y"].Success ? md.Groups["y"].Value : year.ToString(CultureInfo.InvariantCulture);
            return Date(y, md.Groups["m"].Value, md.Groups["d"].Value, year);
        }

        if (MonthOnly().Match(s) is { Success: true } m)
        {
            var y = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : year;
            var month = Numeral(m.Groups["m"].Value);
            if (month is < 1 or > 12 || y is < 2000 or > 2100)
                return new DeadlineReading(null, false, null);
            var last = DateTime.DaysInMonth(y, month);
            var day = m.Groups["part"].Value switch
            {
                "上旬" => 10,
                "中旬" => 20,
                _ => last,
            };
            return new DeadlineReading(new DateOnly(y, month, day), false, null);
        }

        return new DeadlineReading(null, false, null);
    }

    /// <summary>How to write a deadline the parser reads, for error messages.</summary>
    public const string Examples = "如“6月底前”“年底前”“2026年9月30日”“三季度”“长期坚持”";

    private static DeadlineReading Date(string y, string m, string d, int year)
    {
        var yy = int.Parse(y, CultureInfo.InvariantCulture);
        var mm = Numeral(m);
        var dd = Numeral(d);
        if (yy is < 2000 or > 2100 || mm is < 1 or > 12 || dd < 1 || dd > DateTime.DaysInMonth(yy, mm))
            return new DeadlineReading(null, false, null);
        return new DeadlineReading(new DateOnly(yy, mm, dd), false, null);
    }

    /// <summary>Full-width digits and punctuation to ASCII, 号 read as 日, spaces and trailing 前/之前/完成 markers removed.</summary>
    internal static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Trim())
        {
            if (ch is >= '０' and <= '９')
                sb.Append((char)(ch - '０' + '0'));
            else if (ch is '．')
                sb.Append('.');
            else if (ch is '／')
                sb.Append('/');
            else if (ch is '－' or '—' or '–' or '～' or '~')
                sb.Append('-');
            else if (ch is '号')
                sb.Append('日');
            else if (!char.IsWhiteSpace(ch) && ch is not ('，' or '。' or ',' or '（' or '）' or '(' or ')'))
                sb.Append(ch);
        }

        var s = sb.ToString();
        foreach (var suffix in new[] { "之前完成", "前完成", "以前", "之前", "完成", "前" })
        {
            // Keep words that are themselves a period (年底前 is listed as is).
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.Ordinal) && !_yearEnd.Contains(s) && !_midYear.Contains(s) && !_ongoing.Contains(s))
            {
                s = s[..^suffix.Length];
                break;
            }
        }

        return s.Replace("底底", "底", StringComparison.Ordinal);
    }

    private static int Numeral(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n;
        return value switch
        {
            "一" => 1,
            "二" or "两" => 2,
            "三" => 3,
            "四" => 4,
            "五" => 5,
            "六" => 6,
            "七" => 7,
            "八" => 8,
            "九" => 9,
            "十" => 10,
            "十一" => 11,
            "十二" => 12,
            _ => -1,
        };
    }

    [GeneratedRegex(@"^(?:(?<y>20\d\d)年)?(?<first>前)?第?(?<q>[一二三四1-4])季度(?:末|底)?$")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(?<y>20\d\d)年(?<h>[上下])半年$")]
    private static partial Regex HalfYear();

    // A year alone (2027年) is that whole year, so its end.
    [GeneratedRegex(@"^(?<y>20\d\d)年(?:底|年底|末|内|度|度内)?$")]
    private static partial Regex YearEndWithYear();

    [GeneratedRegex(@"^(?<y>20\d\d)(?:年|[-/.])(?<m>\d{1,2})(?:月|[-/.])(?<d>\d{1,2})日?$")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(?:(?<y>20\d\d)年)?(?<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?<d>\d{1,2})日?$")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"^(?:(?<y>20\d\d)年)?(?<m>\d{1,2}|十[一二]?|[一二三四五六七八九])(?:月份|月)(?<part>底|末|上旬|中旬|下旬)?$")]
    private static partial Regex MonthOnly();

    [GeneratedRegex(@"至|到|-")]
    private static partial Regex RangeSeparator();

    [GeneratedRegex(@"^\d{1,2}$")]
    private static partial Regex NumberOnly();

    [GeneratedRegex(@"^\d{1,2}月")]
    private static partial Regex MonthSuffix();

    [GeneratedRegex(@"^20\d\d年")]
    private static partial Regex YearPrefix();
}
