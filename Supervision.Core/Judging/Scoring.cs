using System.Globalization;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>
/// The unit and leader-portfolio scores and the 红黑榜, from a <see cref="JudgedYear"/> by the formula documented on
/// <see cref="ScoringWeights"/>. The 看板, the 大屏 and the 通报's 表扬 and 点名 paragraphs all rank through here, so a
/// unit praised in a 通报 is the one the 看板 showed on the 红榜 at the same 评价时点.
/// </summary>
public static class Scoring
{
    /// <summary>How many units the 红榜 and the 黑榜 each hold.</summary>
    public const int ListLength = 5;

    /// <summary>
    /// Every unit with a counted task among those <paramref name="keep"/> accepts, ranked best first. Units are ranked
    /// against each other, so the caller passes every task the filter keeps, not only one viewer's.
    /// </summary>
    public static IReadOnlyList<ScoreCard> Units(JudgedYear judged, Func<JudgedTask, bool> keep, ScoringWeights weights)
    {
        ArgumentNullException.ThrowIfNull(judged);
        return Rank(Groups(Counted(judged, keep), weights, t => t.LeadUnitId, judged.Data.Units.Select(u => (u.Id, u.Name))));
    }

    /// <summary>Every city leader's portfolio with a counted task among those <paramref name="keep"/> accepts, ranked best first.</summary>
    public static IReadOnlyList<ScoreCard> Leaders(JudgedYear judged, Func<JudgedTask, bool> keep, ScoringWeights weights)
    {
        ArgumentNullException.ThrowIfNull(judged);
        return Rank(Groups(Counted(judged, keep), weights, t => t.ResponsibleLeaderId, judged.Data.Leaders.Select(l => (l.Id, l.Name))));
    }

    /// <summary>红榜: the best <see cref="ListLength"/> ranked units, best first.</summary>
    public static IReadOnlyList<ScoreCard> RedList(IReadOnlyList<ScoreCard> ranked) =>
        ranked.Where(s => s.Score is not null).Take(ListLength).ToList();

    /// <summary>
    /// 黑榜: the worst ranked units, worst first, never overlapping the 红榜 — so with ten or fewer units ranked it holds
    /// only those below the 红榜, and with five or fewer it is empty.
    /// </summary>
    public static IReadOnlyList<ScoreCard> BlackList(IReadOnlyList<ScoreCard> ranked)
    {
        var scored = ranked.Where(s => s.Score is not null).ToList();
        var count = Math.Min(ListLength, Math.Max(0, scored.Count - ListLength));
        return scored.TakeLast(count).Reverse().ToList();
    }

    // Only counted tasks are scored (not 待交办 or 未到报送期).
    private static List<JudgedTask> Counted(JudgedYear judged, Func<JudgedTask, bool> keep) =>
        judged.Tasks.Where(j => j.IsCounted && keep(j)).ToList();

    private static List<ScoreCard> Groups(List<JudgedTask> tasks, ScoringWeights weights, Func<TaskRecord, int?> key, IEnumerable<(int Id, string Name)> groups)
    {
        var byGroup = tasks.ToLookup(j => key(j.Task));
        var cards = new List<ScoreCard>();
        foreach (var (id, name) in groups)
        {
            var group = byGroup[id].ToList();
            if (group.Count > 0)
                cards.Add(Score(id, name, group, weights));
        }

        return cards;
    }

    /// <summary>The score of one group of tasks by the formula documented on <see cref="ScoringWeights"/>.</summary>
    public static ScoreCard Score(int id, string name, IReadOnlyList<JudgedTask> group, ScoringWeights weights)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(weights);
        int n = 0, done = 0, green = 0, yellow = 0, red = 0, unreported = 0;
        int due = 0, onTime = 0, late = 0, returns = 0, falseChecks = 0, partlyChecks = 0, extensions = 0;
        foreach (var j in group)
        {
            // Failings count even on a task cancelled later: they happened.
            returns += j.Returns;
            falseChecks += j.FalseChecks;
            partlyChecks += j.PartlyFalseChecks;
            extensions += j.Extensions;
            if (j.Light == TrafficLight.Cancelled || !j.IsCounted)
                continue;
            n++;
            switch (j.Light)
            {
                case TrafficLight.Done: done++; break;
                case TrafficLight.Green: green++; break;
                case TrafficLight.Yellow: yellow++; break;
                case TrafficLight.Red: red++; break;
                case TrafficLight.Unreported: unreported++; break;
            }

            due += j.ReportsDue;
            onTime += j.ReportsOnTime;
            late += j.ReportsLate;
        }

        if (n == 0)
            return new ScoreCard(id, name, 0, 0, 0, 0, 0, null, 0, []);

        var parts = new List<ScorePart>
        {
            new("完成率", $"已完成{done}项/应计{n}项 × {Weight(weights.Completion)}", weights.Completion * done / n),
            new("按进度推进", $"已完成及绿灯{done + green}项/应计{n}项 × {Weight(weights.OnSchedule)}", weights.OnSchedule * (done + green) / n),
            due == 0
                ? new("报送及时", $"尚无应报进展 × {Weight(weights.Timeliness)}", weights.Timeliness)
                : new("报送及时", $"按时{onTime}期、逾期补报{late}期、未报{due - onTime - late}期/应报{due}期 × {Weight(weights.Timeliness)}", weights.Timeliness * (onTime + 0.5m * late) / due),
            new("红灯", $"红灯{red}项/应计{n}项 × {Weight(weights.RedLight)}", -weights.RedLight * red / n),
            new("退回", $"退回{returns}次 × {Weight(weights.Return)}", -weights.Return * returns),
            new("抽查不实", $"不属实{falseChecks}次 × {Weight(weights.FailedSpotCheck)}，部分属实{partlyChecks}次 × {Weight(weights.PartlyFailedSpotCheck)}", -(weights.FailedSpotCheck * falseChecks) - (weights.PartlyFailedSpotCheck * partlyChecks)),
            new("延期", $"延期{extensions}次 × {Weight(weights.Extension)}", -weights.Extension * extensions),
        };
        var rounded = parts.Select(p => p with { Points = decimal.Round(p.Points, 1, MidpointRounding.AwayFromZero) }).ToList();
        var total = Math.Clamp(decimal.Round(parts.Sum(p => p.Points), 1, MidpointRounding.AwayFromZero), 0m, weights.Maximum);
        return new ScoreCard(id, name, n, done, green, yellow, red, total, 0, rounded) { Unreported = unreported, ReportsLate = late, ReportsMissing = due - onTime - late };
    }

    private static string Weight(decimal weight) => weight.ToString("0.##", CultureInfo.InvariantCulture);

    private static List<ScoreCard> Rank(List<ScoreCard> cards)
    {
        // Best first; equal scores share a rank (1, 2, 2, 4); ties listed by fewer red lights, then directory order.
        var ranked = cards
            .Select((c, order) => (Card: c, Order: order))
            .OrderByDescending(x => x.Card.Score ?? decimal.MinValue)
            .ThenBy(x => x.Card.Red)
            .ThenBy(x => x.Order)
            .Select(x => x.Card)
            .ToList();
        var result = new List<ScoreCard>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var card = ranked[i];
            if (card.Score is null)
            {
                result.Add(card);
                continue;
            }

            var rank = i > 0 && ranked[i - 1].Score == card.Score ? result[i - 1].Rank : i + 1;
            result.Add(card with { Rank = rank });
        }

        return result;
    }
}

/// <summary>One term of a score: what it counts and how many points it gave (negative for deductions).</summary>
public sealed record ScorePart(string Label, string Detail, decimal Points);

/// <summary>The score of a unit or of a leader's portfolio, with the parts it is made of.</summary>
/// <param name="Score">Null when the group had no task to judge (not ranked).</param>
/// <param name="Rank">1 for the best; 0 when not ranked. Equal scores share a rank.</param>
public sealed record ScoreCard(int Id, string Name, int TaskCount, int Done, int Green, int Yellow, int Red, decimal? Score, int Rank, IReadOnlyList<ScorePart> Parts)
{
    /// <summary>The parts in words, one per line, ending with the total: what the hover shows.</summary>
    /// <remarks>Worked out once when the card is made (every open dashboard shares it); Score and Parts are never changed with <c>with</c>.</remarks>
    public string Explanation { get; } = Score is null
        ? "本期无应计任务，不参与排名"
        : string.Join('\n', Parts.Select(p => $"{p.Label}：{p.Detail}，{ScoreFormat.Signed(p.Points)}分").Append($"合计：{ScoreFormat.Points(Score.Value)}分"));

    /// <summary>Counted tasks judged 未报送 (no accepted report for what the date requires).</summary>
    public int Unreported { get; init; }

    /// <summary>Reports due by the date that were sent late (逾期补报).</summary>
    public int ReportsLate { get; init; }

    /// <summary>Reports due by the date that were not sent by the cut-off (未报).</summary>
    public int ReportsMissing { get; init; }
}

/// <summary>How scores are printed.</summary>
public static class ScoreFormat
{
    /// <summary>One decimal: 87.5.</summary>
    public static string Points(decimal points) => points.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>With a sign: +32.0 / −4.0.</summary>
    public static string Signed(decimal points) => points < 0 ? "−" + Points(-points) : "+" + Points(points);
}
