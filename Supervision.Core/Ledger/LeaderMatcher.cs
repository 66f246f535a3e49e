using System.Text;

namespace Supervision.Core.Ledger;

/// <summary>The outcome of matching one written leader against the directory.</summary>
/// <param name="Leader">The leader, when exactly one fits.</param>
/// <param name="Written">The name as the file writes it.</param>
/// <param name="Candidates">
/// When no single leader fits: the leaders that fit equally (<see cref="Ambiguous"/>), or those that fit loosely
/// (李市长 for a 副市长 李), best first; never applied without a person's choice.
/// </param>
public sealed record LeaderMatch(LeaderName? Leader, string Written, IReadOnlyList<LeaderName> Candidates)
{
    public bool Found => Leader is not null;

    /// <summary>Several leaders fit the surname and title equally.</summary>
    public bool Ambiguous { get; init; }

    /// <summary>The Chinese message for a leader that is not settled.</summary>
    public string Problem => Ambiguous
        ? $"责任领导「{Written}」对应多位市领导：{string.Join("、", Candidates.Select(c => c.Display))}，请确认是哪一位"
        : Candidates.Count == 0
            ? $"责任领导「{Written}」不在市领导名单中"
            : $"责任领导「{Written}」不在市领导名单中，是否指：{string.Join("、", Candidates.Select(c => c.Display))}？";
}

/// <summary>
/// Matches leaders as 分解表 write them against the leader directory: the full name (钱立恒, 常务副市长钱立恒), another
/// name remembered for the leader (an alias), or surname + title (王副市长, 李市长) and a title alone (常务副市长), the
/// titles being those the directory gives the leader (several separated by 、). A title fits a directory title it
/// equals or ends with after a qualifier (常务副市长 is a 副市长; 副市长 is not a 市长). When several leaders fit, or
/// only loosely, the match is a question for the person — never a guess.
/// </summary>
public sealed class LeaderMatcher(IEnumerable<LeaderName> leaders)
{
    private static readonly char[] _separators = ['、', '，', ',', '；', ';', '\n', '\r', '/', '／'];
    private static readonly string[] _compoundSurnames =
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "宇文", "夏侯", "司徒", "端木", "独孤", "南宫", "西门", "闻人", "呼延",
    ];

    private readonly List<LeaderName> _leaders = leaders.ToList();

    /// <summary>Splits a 责任领导 cell into the leaders it names, in the order written.</summary>
    public static IReadOnlyList<string> Split(string? cell) =>
        string.IsNullOrWhiteSpace(cell)
            ? []
            : cell.Split(_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => Key(p).Length > 0).ToList();

    /// <summary>The form a written leader is compared in: no spaces, no trailing 同志, bracket widths ignored.</summary>
    public static string Key(string written)
    {
        var sb = new StringBuilder(written.Length);
        foreach (var ch in written)
        {
            if (char.IsWhiteSpace(ch))
                continue;
            sb.Append(ch switch { '(' => '（', ')' => '）', _ => ch });
        }

        var s = sb.ToString().Trim('。', '.', '：', ':');
        return s.EndsWith("同志", StringComparison.Ordinal) && s.Length > 2 ? s[..^2] : s;
    }

    /// <summary>The surname of a Chinese name: a known two-character surname, else the first character.</summary>
    public static string SurnameOf(string name) =>
        _compoundSurnames.FirstOrDefault(s => name.StartsWith(s, StringComparison.Ordinal) && name.Length > s.Length) ?? (name.Length > 0 ? name[..1] : "");

    /// <summary>The titles a directory 职务 holds: 副市长、市公安局局长 → 副市长, 市公安局局长.</summary>
    public static IReadOnlyList<string> TitlesOf(string title) =>
        title.Split(['、', '，', ',', '；', ';', '/', '／', ' ', '\u3000', '兼'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Finds the leader one written name means.</summary>
    public LeaderMatch Match(string written)
    {
        var s = Key(written);
        var shown = written.Trim();
        if (s.Length == 0)
            return new LeaderMatch(null, shown, []);

        var byAlias = _leaders.Where(l => l.Aliases.Any(a => Key(a) == s)).ToList();
        if (byAlias.Count == 1)
            return new LeaderMatch(byAlias[0], shown, []);

        // The full name anywhere in the text: 钱立恒, 钱立恒副市长, 常务副市长钱立恒.
        var byName = _leaders.Where(l => s.Contains(l.Name, StringComparison.Ordinal)).OrderBy(l => s.IndexOf(l.Name, StringComparison.Ordinal)).ThenByDescending(l => l.Name.Length).ToList();
        if (byName.Count > 0)
            return new LeaderMatch(byName[0], shown, []);

        var strict = _leaders.Where(l => Fits(l, s, loose: false)).ToList();
        if (strict.Count == 1)
            return new LeaderMatch(strict[0], shown, []);
        if (strict.Count > 1)
            return new LeaderMatch(null, shown, strict) { Ambiguous = true };

        // 李市长 for a 副市长 surnamed 李: plausible, but only the person can say so.
        var loose = _leaders.Where(l => Fits(l, s, loose: true)).ToList();
        if (loose.Count > 0)
            return new LeaderMatch(null, shown, loose);
        var sameSurname = _leaders.Where(l => s.StartsWith(SurnameOf(l.Name), StringComparison.Ordinal) && s.Length <= SurnameOf(l.Name).Length + 6).ToList();
        return new LeaderMatch(null, shown, sameSurname);
    }

    /// <summary>Whether <paramref name="s"/> is the leader's surname + a title of his, or a title of his alone.</summary>
    private static bool Fits(LeaderName leader, string s, bool loose)
    {
        var titles = TitlesOf(leader.Title);
        if (titles.Any(t => TitleFits(t, s, loose)))
            return true;
        var surname = SurnameOf(leader.Name);
        return surname.Length > 0 && s.Length > surname.Length && s.StartsWith(surname, StringComparison.Ordinal)
            && titles.Any(t => TitleFits(t, s[surname.Length..], loose));
    }

    /// <summary>
    /// Whether the written title <paramref name="written"/> names directory title <paramref name="title"/>: equal, or the
    /// directory title ends with it after a qualifier that is not 副 (常务副市长 → 副市长, 市政府秘书长 → 秘书长, but
    /// 副市长 ↛ 市长). Loosely, a 副 qualifier is accepted too.
    /// </summary>
    private static bool TitleFits(string title, string written, bool loose)
    {
        if (written.Length < 2)
            return false;
        if (title == written)
            return true;
        if (!title.EndsWith(written, StringComparison.Ordinal))
            return false;
        return loose || !title[..^written.Length].EndsWith('副');
    }
}
