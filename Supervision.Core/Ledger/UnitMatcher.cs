using System.Text;

namespace Supervision.Core.Ledger;

/// <summary>A unit as the matcher knows it: its names, short name and aliases.</summary>
public sealed record UnitName(int Id, string Name, string? ShortName, IReadOnlyList<string> Aliases, bool IsActive = true)
{
    public string Display => ShortName ?? Name;
}

/// <summary>The outcome of matching one written unit name against the directory.</summary>
/// <param name="Unit">The unit, when exactly one matched.</param>
/// <param name="Written">The name as the file wrote it.</param>
/// <param name="Suggestions">For unknown names, the nearest directory names (best first).</param>
public sealed record UnitMatch(UnitName? Unit, string Written, IReadOnlyList<string> Suggestions)
{
    /// <summary>The unit group the name stands for (各县（市）区政府), when it names one rather than a unit.</summary>
    public UnitGroupName? Group { get; init; }

    /// <summary>For unknown names, the nearest units and groups as entries to pick from (best first).</summary>
    public IReadOnlyList<ImportOption> Options { get; init; } = [];

    public bool Found => Unit is not null || Group is not null;

    /// <summary>The Chinese message for an unknown name, naming the nearest candidates.</summary>
    public string Problem => Suggestions.Count == 0
        ? $"单位「{Written}」不在单位名录中"
        : $"单位「{Written}」不在单位名录中，是否指：{string.Join("、", Suggestions)}？";
}

/// <summary>
/// Matches unit names as documents write them (市发改委, 市发展改革委, 澜江市发展和改革委员会, 市发改委（牵头）) against
/// the directory's names, short names and aliases, and suggests the nearest names for unknown ones.
/// </summary>
public sealed class UnitMatcher
{
    private static readonly char[] _separators = ['、', '，', ',', '；', ';', '\n', '\r'];
    private readonly Dictionary<string, UnitName> _byName = new(StringComparer.Ordinal);
    private readonly List<(string Key, UnitName Unit)> _all = [];
    private readonly Dictionary<string, UnitGroupName> _groupByName = new(StringComparer.Ordinal);
    private readonly List<(string Key, UnitGroupName Group)> _allGroups = [];

    public UnitMatcher(IEnumerable<UnitName> units, IEnumerable<UnitGroupName>? groups = null)
    {
        foreach (var group in groups ?? [])
        {
            foreach (var name in group.Aliases.Prepend(group.Name))
            {
                var key = Normalize(name);
                _groupByName.TryAdd(key, group);
                _allGroups.Add((key, group));
            }
        }

        foreach (var unit in units)
        {
            foreach (var name in new[] { unit.Name, unit.ShortName }.Concat(unit.Aliases))
            {
                if (string.IsNullOrWhiteSpace(name))
                    continue;
                var key = Normalize(name);
                // An active unit wins a shared alias over an inactive one.
                if (!_byName.TryGetValue(key, out var existing) || (!existing.IsActive && unit.IsActive))
                    _byName[key] = unit;
                _all.Add((key, unit));
            }
        }
    }

    /// <summary>
    /// Splits a 责任单位 cell into names: separated by 、，,；; or line breaks, in the order written — but not inside
    /// brackets, so 各县（市、区）人民政府 stays one name.
    /// </summary>
    public static IReadOnlyList<string> Split(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
            return [];
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= cell.Length; i++)
        {
            var ch = i < cell.Length ? cell[i] : '\n';
            if (ch is '（' or '(')
                depth++;
            else if (ch is '）' or ')' && depth > 0)
                depth--;
            else if (Array.IndexOf(_separators, ch) >= 0 && (depth == 0 || ch is '\n' or '\r'))
            {
                // A line break always ends a name: an unclosed bracket must not swallow the rest of the cell.
                var name = Clean(cell[start..i]);
                if (name.Length > 0)
                    names.Add(name);
                start = i + 1;
                depth = 0;
            }
        }

        return names;
    }

    /// <summary>The form a written name is compared in: markers such as （牵头） dropped, spaces and bracket widths ignored.</summary>
    public static string Key(string written) => Normalize(Clean(written));

    /// <summary>The name as the file means it, without markers such as （牵头） or a trailing 等.</summary>
    public static string Cleaned(string written) => Clean(written);

    /// <summary>Finds the unit, or the unit group, a written name means.</summary>
    public UnitMatch Match(string written)
    {
        var cleaned = Clean(written);
        var key = Normalize(cleaned);
        if (_byName.TryGetValue(key, out var unit))
            return new UnitMatch(unit, cleaned, []);
        if (_groupByName.TryGetValue(key, out var group))
            return new UnitMatch(null, cleaned, []) { Group = group };
        // 发改委 for 市发改委: documents of the city often drop the 市 prefix.
        if (!key.StartsWith('市') && _byName.TryGetValue("市" + key, out unit))
            return new UnitMatch(unit, cleaned, []);
        var options = Suggest(key, -1);
        return new UnitMatch(null, cleaned, options.Where(o => o.Kind == ImportTargetKind.Unit).Select(o => o.Label).ToList()) { Options = options };
    }

    /// <summary>The nearest active units (at most 3) and groups (at most 2) to a name, best first, leaving out unit <paramref name="except"/>.</summary>
    public IReadOnlyList<ImportOption> Suggest(string key, int except)
    {
        var units = _all
            .Where(e => e.Unit.IsActive && e.Unit.Id != except)
            .Select(e => (e.Unit, Score: Similarity(key, e.Key)))
            .Where(e => e.Score >= 0.4)
            .GroupBy(e => e.Unit.Id)
            .Select(g => g.MaxBy(e => e.Score))
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.Unit.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(e => (e.Score, Option: new ImportOption(ImportTargetKind.Unit, e.Unit.Id, e.Unit.Display)));
        var groups = _allGroups
            .Select(e => (e.Group, Score: Similarity(key, e.Key)))
            .Where(e => e.Score >= 0.4)
            .GroupBy(e => e.Group.Id)
            .Select(g => g.MaxBy(e => e.Score))
            .OrderByDescending(e => e.Score)
            .Take(2)
            .Select(e => (e.Score, Option: new ImportOption(ImportTargetKind.Group, e.Group.Id, e.Group.Name)));
        return units.Concat(groups).OrderByDescending(e => e.Score).Select(e => e.Option).ToList();
    }

    /// <summary>
    /// The mean of two Dice coefficients: over character bigrams (word order) and over single characters (shared
    /// characters, which matter for short names such as 市财务局 → 市财政局).
    /// </summary>
    internal static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
            return 0;
        if (a == b)
            return 1;
        return (Dice(Grams(a), Grams(b)) + Dice(a.Select(c => c.ToString()).ToList(), b.Select(c => c.ToString()).ToList())) / 2;
    }

    private static double Dice(List<string> x, List<string> y)
    {
        var common = 0;
        var pool = new List<string>(y);
        foreach (var g in x)
        {
            var i = pool.IndexOf(g);
            if (i >= 0)
            {
                common++;
                pool.RemoveAt(i);
            }
        }

        return 2.0 * common / (x.Count + y.Count);
    }

    private static List<string> Grams(string s)
    {
        if (s.Length < 2)
            return [s];
        var list = new List<string>(s.Length - 1);
        for (var i = 0; i < s.Length - 1; i++)
            list.Add(s.Substring(i, 2));
        return list;
    }

    /// <summary>Drops markers that are not part of the name: （牵头）, 牵头：, trailing 牵头/配合/等, surrounding punctuation.</summary>
    private static string Clean(string name)
    {
        var s = name.Trim().Trim('。', '.', ' ', '\u3000');
        foreach (var marker in new[] { "（牵头）", "(牵头)", "（配合）", "(配合)", "（牵头单位）", "(牵头单位)" })
            s = s.Replace(marker, "", StringComparison.Ordinal);
        foreach (var prefix in new[] { "牵头单位：", "配合单位：", "牵头：", "配合：", "牵头:", "配合:" })
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                s = s[prefix.Length..];
                break;
            }
        }

        // 市发改委牵头，市财政局配合
        if ((s.EndsWith("牵头", StringComparison.Ordinal) || s.EndsWith("配合", StringComparison.Ordinal)) && s.Length > 2)
            s = s[..^2];
        if (s.EndsWith('等') && s.Length > 2)
            s = s[..^1];
        return s.Trim();
    }

    /// <summary>Whitespace and bracket width differences do not make a different name.</summary>
    internal static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            if (char.IsWhiteSpace(ch))
                continue;
            sb.Append(ch switch
            {
                '(' => '（',
                ')' => '）',
                _ => ch,
            });
        }

        return sb.ToString();
    }
}
