using System.Globalization;
using System.Text;

namespace Supervision.Core.Documents.Layout;

/// <summary>
/// Splits text into break units and chooses line breaks for Chinese text: any two ideographs may be broken
/// between, Latin words and numbers stay whole, and the 避头尾 rules hold — no line begins with closing
/// punctuation (。，、；：？！）》」 …) and none ends with opening punctuation (（《「 …).
/// </summary>
public static class LineBreaker
{
    /// <summary>Characters that must not begin a line (行首禁则).</summary>
    public const string NoLineStart = "。，、；：？！）》」』〕】〉”’…—·％‰．，,.;:?!)]}%〗｝";

    /// <summary>Characters that must not end a line (行尾禁则).</summary>
    public const string NoLineEnd = "（《「『〔【〈“‘([{〖｛";

    /// <summary>Whether a unit may not begin a line.</summary>
    public static bool CannotStartLine(string unit) => unit.Length > 0 && NoLineStart.Contains(unit[0], StringComparison.Ordinal);

    /// <summary>Whether a unit may not end a line.</summary>
    public static bool CannotEndLine(string unit) => unit.Length > 0 && NoLineEnd.Contains(unit[^1], StringComparison.Ordinal);

    /// <summary>
    /// Break units: each CJK character or punctuation mark alone, runs of Latin letters, digits and ASCII
    /// punctuation together (2026年 breaks as 2026|年, 124.1% stays whole), each space alone.
    /// </summary>
    public static List<string> Units(string text)
    {
        var units = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ' || rune.Value == '\t')
            {
                Flush();
                units.Add(" ");
            }
            else if (rune.Value < 0x2E80 && rune.Value is not (0x2014 or 0x2026 or 0x201C or 0x201D or 0x2018 or 0x2019 or 0xB7))
            {
                word.Append(rune.ToString());
            }
            else
            {
                Flush();
                units.Add(rune.ToString());
            }
        }

        Flush();
        return units;

        void Flush()
        {
            if (word.Length > 0)
            {
                units.Add(word.ToString());
                word.Clear();
            }
        }
    }

    /// <summary>
    /// Greedy line filling with 避头尾: when the unit that would start the next line may not start one, or the
    /// unit that would end this line may not end one, units are pushed to the next line (推出) until both rules hold.
    /// Returns [start, end) unit ranges; leading spaces of a line are skipped.
    /// </summary>
    /// <param name="units">Break units from <see cref="Units"/>.</param>
    /// <param name="widths">Advance width of each unit.</param>
    /// <param name="firstLineWidth">Room on the first line (after the first-line indent).</param>
    /// <param name="lineWidth">Room on the other lines.</param>
    /// <param name="keepTitles">
    /// For titles (回行时词意完整): a break that would fall inside a 《…》 title moves to before the 《 when the line
    /// stays at least half full.
    /// </param>
    /// <param name="noLoneLastCharacter">
    /// Body text: a last line holding a single character (and its punctuation) takes one more from the line above,
    /// so no paragraph ends on a lone "表" or "下：".
    /// </param>
    public static List<(int Start, int End)> Break(IReadOnlyList<string> units, IReadOnlyList<float> widths, float firstLineWidth, float lineWidth, bool keepTitles = false, bool noLoneLastCharacter = false)
    {
        var lines = Greedy(units, widths, firstLineWidth, lineWidth, keepTitles);
        if (noLoneLastCharacter && lines.Count >= 2)
        {
            var (start, end) = lines[^1];
            var content = 0;
            for (var k = start; k < end; k++)
            {
                if (units[k] != " " && !CannotStartLine(units[k]))
                    content++;
            }

            var (prevStart, prevEnd) = lines[^2];
            var moved = prevEnd - 1;
            if (content <= 1 && moved > prevStart + 1 && units[moved] != " " && !CannotStartLine(units[moved]) && !CannotEndLine(units[moved - 1]))
            {
                lines[^2] = (prevStart, moved);
                lines[^1] = (moved, end);
            }
        }

        return lines;
    }

    private static List<(int Start, int End)> Greedy(IReadOnlyList<string> units, IReadOnlyList<float> widths, float firstLineWidth, float lineWidth, bool keepTitles)
    {
        var lines = new List<(int, int)>();
        var n = units.Count;
        var start = 0;
        while (start < n)
        {
            while (start < n && units[start] == " ")
                start++;
            if (start >= n)
                break;
            var room = lines.Count == 0 ? firstLineWidth : lineWidth;
            var x = 0f;
            var i = start;
            // A small tolerance: widths are sums of floats, and a full line must not spill a character.
            while (i < n && (x + widths[i] <= room + 0.01f || units[i] == " "))
            {
                x += widths[i];
                i++;
            }

            if (i >= n)
            {
                lines.Add((start, n));
                break;
            }

            if (i == start)
                i = start + 1;
            var end = i;
            bool changed;
            do
            {
                changed = false;
                while (end > start + 1 && CannotStartLine(units[end]))
                {
                    end--;
                    changed = true;
                }

                while (end > start + 1 && CannotEndLine(units[end - 1]))
                {
                    end--;
                    changed = true;
                }
            }
            while (changed && end > start + 1);

            if (keepTitles && OpenTitle(units, start, end) is { } open && open > start)
            {
                var kept = 0f;
                for (var k = start; k < open; k++)
                    kept += widths[k];
                if (kept >= room / 2)
                    end = open;
            }

            lines.Add((start, end));
            start = end;
        }

        return lines;
    }

    /// <summary>The last 《 in [start, end) not closed before end, or null.</summary>
    private static int? OpenTitle(IReadOnlyList<string> units, int start, int end)
    {
        for (var k = end - 1; k >= start; k--)
        {
            if (units[k] == "》")
                return null;
            if (units[k] == "《")
                return k;
        }

        return null;
    }

    /// <summary>Number of code points, for callers that count characters the way a reader does.</summary>
    internal static int Length(string text) => new StringInfo(text).LengthInTextElements;
}
