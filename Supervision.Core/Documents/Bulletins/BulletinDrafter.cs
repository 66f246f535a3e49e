using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Documents.Bulletins;

/// <summary>
/// Drafts a 通报 from a period's judged model (<see cref="PeriodFigures"/>) in the register of seeds 000 and 002: the
/// counts as sentences with the tasks named in brackets, the indicators in a paragraph of their own, the work done
/// by category closing with the units praised from the 红榜, the problems the units reported grouped by theme with the
/// 未完成 tasks first closing with the units named from the 黑榜, and the requirements as separate numbered paragraphs. A running period says "截至…" and claims no target reached. The draft is edited by a
/// person before it is issued.
/// </summary>
public static partial class BulletinDrafter
{
    /// <summary>What a period with no tasks says, everywhere.</summary>
    public const string NoTasks = "本期无督查事项";

    /// <summary>Tasks a sentence names before it says "等N项".</summary>
    private const int NamedInSentence = 6;

    /// <summary>Most achievements quoted per category.</summary>
    private const int AchievementsPerCategory = 3;

    /// <summary>Most problem themes written out.</summary>
    private const int MaxThemes = 6;

    public static BulletinText Draft(PeriodFigures report, string addressees, string copyTo = "")
    {
        report = Punctuated(report);
        var phrase = report.PeriodPhrase;
        var title = $"{report.IssuingOffice}关于{phrase}《政府工作报告》任务指标完成情况的通报";
        var issuer = report.IssuingOffice;
        var asOf = Dates.Short(report.AsOf);
        if (report.Total == 0)
        {
            return new BulletinText(
                title,
                addressees,
                $"按照市委、市政府工作部署，{report.OfficeName}对{phrase}市《政府工作报告》任务指标完成情况进行了督查汇总。现将有关情况通报如下：",
                $"{NoTasks}。截至{asOf}，{phrase}无计入统计的市《政府工作报告》督查任务{(report.Uncounted.Count > 0 ? $"（{report.Uncounted.Count}项任务尚未交办或本期尚无应报进展）" : "")}，本期不作统计。",
                "无。",
                "无。",
                "各地区、各部门要继续做好任务分解和进度报送工作。",
                issuer,
                copyTo);
        }

        var opening =
            $"为进一步推进{report.Period.End.Year}年市《政府工作报告》确定的各项工作深入开展，确保各项任务指标顺利完成，" +
            $"{report.OfficeName}对各县（市、区）、市直各部门{phrase}市《政府工作报告》任务指标完成情况进行了专项督查。" +
            (report.Ended ? "现将有关情况通报如下：" : $"本期尚未结束，以下情况截至{asOf}。现将有关情况通报如下：");

        return new BulletinText(title, addressees, opening, Overall(report), Progress(report), Problems(report), Requirements(report), issuer, copyTo);
    }

    /// <summary>The report with Chinese quotes and brackets in every text the draft quotes (names, reported texts).</summary>
    private static PeriodFigures Punctuated(PeriodFigures report) => report with
    {
        Categories = [.. report.Categories.Select(c => c with
        {
            Name = ChineseText.Normalize(c.Name),
            Tasks = [.. c.Tasks.Select(t => t with
            {
                Title = ChineseText.Normalize(t.Title),
                IndicatorName = t.IndicatorName is null ? null : ChineseText.Normalize(t.IndicatorName),
                Progress = ChineseText.Normalize(t.Progress),
                Problems = ChineseText.Normalize(t.Problems),
                NextSteps = ChineseText.Normalize(t.NextSteps),
            })],
        })],
    };

    /// <summary>What the period is judged against: 双过半 at mid-year (seed 002), the year's targets at its end, the time schedule at the quarters.</summary>
    private static (string Requirement, string Goal) Standard(PeriodFigures report)
    {
        var key = report.Period.Key;
        return key.EndsWith("-H1", StringComparison.Ordinal) ? ("“双过半”工作进度要求", "“双过半”的目标要求")
            : key.EndsWith("-Y", StringComparison.Ordinal) ? ("全年目标任务要求", "全年目标要求")
            : ("时序进度要求", "时序进度要求");
    }

    // ---------- 一、总体情况 ----------

    private static string Overall(PeriodFigures report)
    {
        var (requirement, goal) = Standard(report);
        var phrase = report.PeriodPhrase;
        var asOf = Dates.Short(report.AsOf);
        var paragraphs = new List<string>
        {
            $"{report.OfficeName}对全市各县（市、区）、市直各部门承担的市《政府工作报告》{report.Categories.Count}大类{report.Total}项具体任务指标进展情况进行了督查汇总，按照{requirement}分为完成、部分完成和未完成三种情况，未按要求报送进展的单独列出。{report.PointPhrase}。",
        };

        var indicators = report.Indicators;
        if (indicators.Count > 0)
            paragraphs.Add(IndicatorParagraph(report, indicators));

        // Every figure below is a count of the one judged model's classes (docs/glossary.md §4): the indicators apart
        // from 重点工作, each task once.
        var counts = report.Counts;
        var completed = Of(report, PeriodOutcome.Completed);
        var partial = Of(report, PeriodOutcome.PartiallyCompleted);
        var notCompleted = Of(report, PeriodOutcome.NotCompleted);
        var unreported = Of(report, PeriodOutcome.Unreported);
        var cancelled = report.Tasks.Where(t => t.Outcome == PeriodOutcome.Cancelled).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"列入市《政府工作报告》任务分解表的共{report.Total}项任务中，{counts.KeyWork}项重点工作完成{completed.Count}项，部分完成{partial.Count}项");
        if (partial.Count > 0)
            text.Append('（').Append(Names(partial)).Append('）');
        text.Append(CultureInfo.InvariantCulture, $"，未完成{notCompleted.Count}项");
        if (notCompleted.Count > 0)
            text.Append('（').Append(Names(notCompleted)).Append('）');
        if (unreported.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"，未报送进展{unreported.Count}项（{Names(unreported)}）");
        text.Append(CultureInfo.InvariantCulture, $"，取消{cancelled.Count}项");
        if (cancelled.Count > 0)
            text.Append('（').Append(Names(cancelled)).Append('）');
        text.Append('。');
        if (report.Uncounted.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"另有{report.Uncounted.Count}项任务尚未交办或本期尚无应报进展，未计入统计。");
        paragraphs.Add(text.ToString());

        var lagging = partial.Count + notCompleted.Count;
        var judged = counts.KeyWork - counts.Cancelled;
        var silentToo = unreported.Count > 0 ? $"、{unreported.Count}项任务未报送进展" : "";
        if (!report.Ended)
        {
            // A running period is judged against its schedule so far; it claims no target reached.
            paragraphs.Add(lagging == 0 && unreported.Count == 0
                ? $"总体看，截至{asOf}，各项任务均按时序进度推进。{phrase}尚未结束，各地区、各部门仍需持续用力，确保按期完成目标任务。"
                : $"总体看，截至{asOf}，{judged}项重点工作中{completed.Count}项按时序进度推进，{lagging}项进度滞后{silentToo}。{phrase}尚未结束，滞后任务需加快推进。");
        }
        else if (lagging == 0 && unreported.Count == 0)
        {
            paragraphs.Add($"总体看，{phrase}各项任务均按进度顺利推进，达到了{goal}。");
        }
        else if (judged > 0 && completed.Count * 2 >= judged)
        {
            paragraphs.Add($"总体看，{phrase}任务推进总体达到{goal}，但仍有{lagging}项任务进度滞后{silentToo}，需加快推进。");
        }
        else
        {
            paragraphs.Add($"总体看，{phrase}任务推进未达到{goal}，{lagging}项任务进度滞后{silentToo}，需引起高度重视。");
        }

        return string.Join('\n', paragraphs);
    }

    /// <summary>The indicators in a paragraph of their own (seed 002: "8项主要经济发展指标中3项完成进度（…）、5项未完成进度（…）").</summary>
    private static string IndicatorParagraph(PeriodFigures report, IReadOnlyList<PeriodTaskLine> indicators)
    {
        var parts = new List<string>();
        foreach (var (outcome, words) in new[] { (PeriodOutcome.OnSchedule, "完成进度"), (PeriodOutcome.BehindSchedule, "未完成进度"), (PeriodOutcome.NoData, "暂无数据") })
        {
            var these = indicators.Where(i => i.Outcome == outcome).ToList();
            if (these.Count > 0)
                parts.Add($"{these.Count}项{(these.Count == indicators.Count ? "均" : "")}{words}（{IndicatorNames(these)}）");
        }

        // Then each indicator's 目标, 实际 and 完成情况 in the one wording every surface prints (IndicatorWords).
        var figures = indicators.Select(i => $"{i.IndicatorName ?? i.Title}{i.IndicatorTarget}，" +
            (i.IndicatorActual is null ? IndicatorWords.NoData : $"实际{i.IndicatorActual}，{i.IndicatorWords}"));
        return $"{indicators.Count}项{(report.HasMainIndicatorCategory ? "主要经济发展指标" : "指标类任务")}中{string.Join("、", parts)}。" +
            $"其中，{string.Join("；", figures)}。";
    }

    // ---------- 二、工作进展情况 ----------

    /// <summary>
    /// The work done, by category (seed 002 "二、工作进展情况"): each category as a 二级标题 sentence with its count, and
    /// the first sentence of what the units reported for its tasks done on schedule.
    /// </summary>
    private static string Progress(PeriodFigures report)
    {
        var phrase = report.PeriodPhrase;
        var paragraphs = new List<string> { $"{phrase}，各地区、各部门紧紧围绕市委、市政府工作全局，推动各项重点工作落实。" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var category in report.Categories)
        {
            var tasks = category.Tasks.Where(t => !t.IsIndicator && t.Outcome != PeriodOutcome.Cancelled).ToList();
            var done = tasks.Where(t => t.Outcome == PeriodOutcome.Completed).ToList();
            if (done.Count == 0)
                continue;
            var achievements = done
                .Select(t => (Task: t, Sentence: FirstSentence(t.Progress)))
                .Where(a => a.Sentence is not null && seen.Add(a.Sentence))
                .Take(AchievementsPerCategory)
                .Select(a => $"{a.Task.Title}方面，{a.Sentence}")
                .ToList();
            if (achievements.Count == 0)
                continue;
            index++;
            var heading = $"（{ChineseNumerals.Ordinal(index)}）{category.Name}{Pace(done.Count, tasks.Count)}。";
            paragraphs.Add($"{heading}{tasks.Count}项任务中{done.Count}项按进度完成。{string.Concat(achievements)}");
        }

        if (index == 0)
            paragraphs.Add($"{phrase}暂无按进度完成并报送进展情况的任务。");
        if (Praise(report) is { } praise)
            paragraphs.Add(praise);
        return string.Join('\n', paragraphs);
    }

    private static string Pace(int done, int total) =>
        done == total ? "全面按进度推进" : done * 5 >= total * 4 ? "扎实推进" : done * 2 >= total ? "稳步推进" : "有序推进";

    // ---------- 三、存在的主要问题 ----------

    /// <summary>
    /// The problems the units reported for lagging tasks: first the 未完成 tasks one by one with what they reported,
    /// then the 部分完成 tasks' problems grouped by theme; each reported sentence is written once, and lagging tasks
    /// that reported no problem are named at the end.
    /// </summary>
    private static string Problems(PeriodFigures report)
    {
        var notCompleted = Of(report, PeriodOutcome.NotCompleted);
        var partial = Of(report, PeriodOutcome.PartiallyCompleted);
        var unreported = Of(report, PeriodOutcome.Unreported);
        if (notCompleted.Count + partial.Count + unreported.Count == 0)
            return Naming(report) is { } named ? $"各责任单位报送的落实情况中未反映突出问题。\n{named}" : "各责任单位报送的落实情况中未反映突出问题。";

        var paragraphs = new List<string> { "从各责任单位报送的落实情况看，进度滞后的任务主要存在以下问题：" };
        var said = new HashSet<string>(StringComparer.Ordinal);
        var silent = new List<PeriodTaskLine>();
        if (notCompleted.Count > 0)
        {
            // 未完成 first, each named with its own reasons.
            var reasons = new List<string>();
            var unexplained = new List<PeriodTaskLine>();
            foreach (var task in notCompleted)
            {
                var sentences = Sentences(task.Problems).Where(said.Add).ToList();
                if (sentences.Count == 0)
                    unexplained.Add(task);
                else
                    reasons.Add($"{task.Title}（{task.LeadUnit}）反映{string.Join("，", sentences.Take(2))}");
            }

            var text = $"{Ordinal(paragraphs)}是{notCompleted.Count}项任务未完成进度要求。";
            if (reasons.Count > 0)
                text += $"{string.Join("；", reasons)}。";
            if (unexplained.Count > 0)
                text += $"{Listed(unexplained, t => $"{t.Title}（{t.LeadUnit}）")}未说明未完成的原因。";
            paragraphs.Add(text);
        }

        var themes = new List<Theme>();
        foreach (var task in partial)
        {
            var sentences = Sentences(task.Problems);
            if (sentences.Count == 0)
            {
                silent.Add(task);
                continue;
            }

            foreach (var sentence in sentences)
            {
                var name = ThemeOf(sentence);
                var theme = themes.FirstOrDefault(t => t.Name == name);
                if (theme is null)
                {
                    theme = new Theme(name);
                    themes.Add(theme);
                }

                if (!theme.Tasks.Contains(task))
                    theme.Tasks.Add(task);
                if (said.Add(sentence))
                    theme.Sentences.Add(sentence);
            }
        }

        // Named themes by how many tasks they touch; what fits no theme comes last.
        var ordered = themes.Where(t => t.Sentences.Count > 0)
            .OrderBy(t => t.Name == OtherTheme ? 1 : 0)
            .ThenByDescending(t => t.Tasks.Count)
            .ToList();
        foreach (var theme in ordered.Take(MaxThemes))
            paragraphs.Add($"{Ordinal(paragraphs)}是{theme.Name}。{string.Join("；", theme.Sentences.Take(4))}。涉及{Listed(theme.Tasks, t => $"{t.Title}（{t.LeadUnit}）")}。");
        // 未报送 is its own class (docs/glossary.md): nothing can be judged of these tasks, so the bulletin says so.
        if (unreported.Count > 0)
            paragraphs.Add($"{Ordinal(paragraphs)}是进展报送不及时。{Listed(unreported, t => $"{t.Title}（{t.LeadUnit}）")}未按要求报送本期进展情况，完成情况无法评价。");
        var rest = ordered.Skip(MaxThemes).SelectMany(t => t.Tasks).Distinct().ToList();
        if (rest.Count > 0)
            paragraphs.Add($"此外，{Listed(rest, t => t.Title)}也反映了其他困难和问题。");
        if (silent.Count > 0)
            paragraphs.Add($"另有{Listed(silent, t => $"{t.Title}（{t.LeadUnit}）")}进度滞后，但报送的落实情况未说明存在的问题，原因分析不够。");
        if (Naming(report) is { } naming)
            paragraphs.Add(naming);
        return string.Join('\n', paragraphs);

        // 一是, 二是 … after the lead-in paragraph.
        static string Ordinal(List<string> written) => ChineseNumerals.Ordinal(written.Count);
    }

    private const string OtherTheme = "推进中还存在其他困难";

    private sealed record Theme(string Name)
    {
        public List<PeriodTaskLine> Tasks { get; } = [];

        public List<string> Sentences { get; } = [];
    }

    /// <summary>Themes of reported problems, by the words units use for them; the first that matches wins.</summary>
    private static readonly (string Name, string[] Words)[] _themes =
    [
        ("资金保障不足", ["资金", "财政", "融资", "债券", "投入不足", "资金到位"]),
        ("项目要素保障不到位", ["用地", "征地", "拆迁", "土地", "指标偏紧", "要素", "能耗"]),
        ("前期手续办理滞后", ["审批", "手续", "前期", "立项", "环评", "可研", "招标", "报批"]),
        ("招商引资和项目储备不足", ["招商", "项目储备", "签约", "落地", "引进"]),
        ("经济运行下行压力较大", ["下行", "下滑", "需求", "价格", "订单", "产值", "消费", "市场", "增速"]),
        ("部门协调配合不够", ["协调", "职责", "衔接", "配合", "调整", "交叉"]),
    ];

    private static string ThemeOf(string sentence)
    {
        foreach (var (name, words) in _themes)
        {
            if (words.Any(w => sentence.Contains(w, StringComparison.Ordinal)))
                return name;
        }

        return OtherTheme;
    }

    // ---------- 表扬 and 点名: the 红黑榜 at the period's 评价时点 ----------

    /// <summary>
    /// The 表扬 paragraph: the 红榜 units with their scores, as the 看板 ranked them at the same 评价时点; null when no
    /// unit was ranked.
    /// </summary>
    private static string? Praise(PeriodFigures report)
    {
        var red = Scoring.RedList(report.UnitScores);
        if (red.Count == 0)
            return null;
        return $"{When(report)}，根据任务完成、按进度推进、进展报送及时等情况综合评分，{Units(red, Praised)}综合得分位居全市前列，予以通报表扬。";

        static string Praised(ScoreCard card) => $"{card.Name}（{ScoreFormat.Points(card.Score!.Value)}分）";
    }

    /// <summary>
    /// The 点名 paragraph: the 黑榜 units, worst first, each with its score and what cost it points; null when the
    /// 黑榜 is empty (five or fewer units ranked).
    /// </summary>
    private static string? Naming(PeriodFigures report)
    {
        var black = Scoring.BlackList(report.UnitScores);
        if (black.Count == 0)
            return null;
        return $"{When(report)}综合评分中，{Units(black, Named)}排名靠后，予以点名通报。上述单位要认真查找差距，深入分析原因，切实加快工作进度。";

        static string Named(ScoreCard card)
        {
            var faults = new List<string>();
            if (card.Red > 0)
                faults.Add($"红灯任务{card.Red}项");
            if (card.Yellow > 0)
                faults.Add($"黄灯任务{card.Yellow}项");
            if (card.Unreported > 0)
                faults.Add($"未报送进展任务{card.Unreported}项");
            else if (card.ReportsMissing > 0)
                faults.Add($"未报送进展{card.ReportsMissing}期");
            if (card.ReportsLate > 0)
                faults.Add($"逾期报送{card.ReportsLate}期");
            return $"{card.Name}（{ScoreFormat.Points(card.Score!.Value)}分{(faults.Count > 0 ? "，" + string.Join("、", faults) : "")}）";
        }
    }

    /// <summary>"2026年上半年" for an ended period, "截至2026年9月10日" while it runs.</summary>
    private static string When(PeriodFigures report) => report.Ended ? report.PeriodPhrase : $"截至{Dates.Short(report.AsOf)}";

    /// <summary>"A、B、C等3个单位" (a lone unit is just named).</summary>
    private static string Units(IReadOnlyList<ScoreCard> cards, Func<ScoreCard, string> name) =>
        cards.Count > 1 ? $"{string.Join("、", cards.Select(name))}等{cards.Count}个单位" : name(cards[0]);

    // ---------- 四、工作要求 ----------

    /// <summary>Separate numbered requirements (seed 000 "（一）切实抓紧各项重点工作的收尾。…"), each its own paragraph.</summary>
    private static string Requirements(PeriodFigures report)
    {
        var (_, goal) = Standard(report);
        var yearEnd = report.Period.Key.EndsWith("-Y", StringComparison.Ordinal);
        var notCompleted = Of(report, PeriodOutcome.NotCompleted);
        var partial = Of(report, PeriodOutcome.PartiallyCompleted);
        var items = new List<string>
        {
            yearEnd && report.Ended
                ? $"切实增强责任感和紧迫感。各地区、各部门要对照{goal}，对未完成的任务逐项分析原因，明确整改措施和时限，确保尽快完成。"
                : $"切实增强责任感和紧迫感。各地区、各部门要对照{goal}，对承担的任务进行全面梳理，倒排时间表，层层传导压力，确保完成全年目标任务。",
        };
        if (notCompleted.Count > 0)
        {
            items.Add($"集中力量攻坚未完成任务。{Listed(notCompleted, t => $"{t.Title}（{t.LeadUnit}）")}未完成进度要求，" +
                "各牵头单位要逐项分析原因，制定赶超措施，明确完成时限，主要负责同志要亲自研究、亲自调度。");
        }

        if (partial.Count > 0)
        {
            // One sentence per unit: what it said it would do next, and for which task.
            var steps = partial.Concat(notCompleted)
                .Select(t => (Task: t, Step: FirstClause(t.NextSteps)))
                .Where(s => s.Step is not null)
                .GroupBy(s => s.Task.LeadUnit, StringComparer.Ordinal)
                .Take(3)
                // A unit that gave the same measure for two tasks is told it once, for both.
                .Select(g => $"{g.Key}要{string.Join("；", g.GroupBy(s => s.Step, StringComparer.Ordinal).Take(2).Select(m => $"{m.Key}，推进{string.Join("、", m.Select(s => s.Task.Title))}"))}")
                .ToList();
            items.Add($"加快推进进度滞后任务。对部分完成的{partial.Count}项任务，各牵头单位要按照报送的下步措施抓紧推进，尽快赶上进度" +
                (steps.Count > 0 ? $"。其中，{string.Join("；", steps)}。" : "。"));
        }

        var unreported = Of(report, PeriodOutcome.Unreported);
        var owing = unreported.Count == 0 ? "" : $"{string.Join("、", unreported.Select(t => t.LeadUnit).Distinct(StringComparer.Ordinal).Take(NamedInSentence))}要立即补报未报送的进展情况。";
        items.Add($"严格落实报送制度。各责任单位要按时报送落实情况，如实反映进展和问题。{owing}{report.OfficeName}将持续跟踪督办，对进度滞后的任务实行催办、督办，督办情况纳入年度考核。");
        return string.Join('\n', items.Select((item, i) => $"（{ChineseNumerals.Ordinal(i + 1)}）{item}"));
    }

    // ---------- wording helpers ----------

    /// <summary>The 重点工作 of one class (indicators are counted apart).</summary>
    private static List<PeriodTaskLine> Of(PeriodFigures report, PeriodOutcome outcome) => report.KeyWork.Where(t => t.Outcome == outcome).ToList();

    private static string Names(IEnumerable<PeriodTaskLine> tasks) => string.Join("、", tasks.Select(t => t.Title));

    private static string IndicatorNames(IEnumerable<PeriodTaskLine> tasks) => string.Join("、", tasks.Select(t => t.IndicatorName ?? t.Title));

    /// <summary>"A、B、C等5项任务" (等 also closes a complete list): up to <see cref="NamedInSentence"/> named.</summary>
    private static string Listed(IReadOnlyCollection<PeriodTaskLine> tasks, Func<PeriodTaskLine, string> name)
    {
        var names = string.Join("、", tasks.Take(NamedInSentence).Select(name));
        return tasks.Count > 1 ? $"{names}等{tasks.Count}项任务" : names;
    }

    /// <summary>The reported text's sentences: split at 。；, Chinese punctuation, no final stop, each once.</summary>
    internal static List<string> Sentences(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        return ChineseText.Normalize(text)
            .Replace("\r", "", StringComparison.Ordinal)
            .Split(['。', '；', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.TrimEnd('，', ',', '.', '、'))
            .Where(s => s.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The first sentence of a reported text with its full stop, without a leading month stamp ("2026年5月，"): the
    /// bulletin already says which period it covers. Null for none.
    /// </summary>
    private static string? FirstSentence(string? text)
    {
        var first = Sentences(text).Select(s => MonthStamp().Replace(s, "")).FirstOrDefault(s => s.Length > 1);
        return first is null ? null : first + "。";
    }

    /// <summary>The first clause of a reported measure, as a requirement reads it ("倒排工期，9月底前完成拆迁").</summary>
    private static string? FirstClause(string? text) => Sentences(text).FirstOrDefault();

    [GeneratedRegex("^(\\d{4}年)?(\\d{1,2}(—|-|－|至)?\\d{0,2}月份?|第?[一二三四]季度|上半年)[，,]")]
    private static partial Regex MonthStamp();
}

internal static class Dates
{
    /// <summary>成文日期 and every date in the documents: Arabic numerals, 2026年7月10日 (GB/T 9704-2012 7.3.5).</summary>
    public static string Short(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";
}
