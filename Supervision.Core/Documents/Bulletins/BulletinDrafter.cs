using System.Globalization;
using System.Text;
using Supervision.Core.Rules;

namespace Supervision.Core.Documents.Bulletins;

/// <summary>
/// Drafts a 通报 from a period's data in the register of seed 002 ("…8项主要经济发展指标中3项完成进度（…）、5项
/// 未完成进度（…）…因政策调整原因取消1项工作（…）"): counts as sentences, lagging tasks by name with their lead
/// units, problems and requirements taken from what the units reported.
/// </summary>
public static class BulletinDrafter
{
    /// <summary>What a period with no tasks says, everywhere.</summary>
    public const string NoTasks = "本期无督查事项";

    private const int MaxItems = 8;

    public static BulletinText Draft(PeriodReport report, string addressees)
    {
        var phrase = report.PeriodPhrase;
        var title = $"{report.IssuingOffice}关于{phrase}《政府工作报告》任务指标完成情况的通报";
        var issuer = report.IssuingOffice;
        if (report.Total == 0)
        {
            return new BulletinText(
                title,
                addressees,
                $"按照市委、市政府工作部署，{report.OfficeName}对{phrase}市《政府工作报告》任务指标完成情况进行了督查汇总。现将有关情况通报如下：",
                $"{NoTasks}。截至{Dates.Short(report.AsOf)}，{phrase}无计入统计的市《政府工作报告》督查任务{(report.Uncounted.Count > 0 ? $"（{report.Uncounted.Count}项任务尚未交办或本期尚无应报进展）" : "")}，本期不作统计。",
                "无。",
                "无。",
                "各地区、各部门要继续做好任务分解和进度报送工作。",
                issuer);
        }

        // What the period is judged against: 双过半 at mid-year (seed 002), the year's targets at its end, the
        // time schedule at the quarters.
        var key = report.Period.Key;
        var (requirement, goal) = key.EndsWith("-H1", StringComparison.Ordinal) ? ("“双过半”工作进度要求", "“双过半”的目标要求")
            : key.EndsWith("-Y", StringComparison.Ordinal) ? ("全年目标任务要求", "全年目标要求")
            : ("时序进度要求", "时序进度要求");
        var opening =
            $"为进一步推进{report.Period.End.Year}年市《政府工作报告》确定的各项工作深入开展，确保各项任务指标顺利完成，" +
            $"{report.OfficeName}对各县（市、区）、市直各部门{phrase}市《政府工作报告》任务指标完成情况进行了专项督查。现将有关情况通报如下：";

        // Every figure below is a count of the one judged model's classes (docs/glossary.md §4): the indicators apart
        // from 重点工作, each task once, and the 评价时点 the figures stand for.
        var counts = report.Counts;
        var keyWork = report.KeyWork;
        var completed = keyWork.Where(t => t.Outcome == PeriodOutcome.Completed).ToList();
        var partial = keyWork.Where(t => t.Outcome == PeriodOutcome.PartiallyCompleted).ToList();
        var notCompleted = keyWork.Where(t => t.Outcome == PeriodOutcome.NotCompleted).ToList();
        var unreported = keyWork.Where(t => t.Outcome == PeriodOutcome.Unreported).ToList();
        var cancelled = report.Tasks.Where(t => t.Outcome == PeriodOutcome.Cancelled).ToList();
        var overall = new StringBuilder();
        overall.Append(CultureInfo.InvariantCulture,
            $"{report.OfficeName}对全市各县（市、区）、市直各部门承担的市《政府工作报告》{report.Categories.Count}大类{report.Total}项具体任务指标进展情况进行了督查汇总，按照{requirement}分为完成、部分完成和未完成三种情况，未按要求报送进展的单独列出。");
        overall.Append('\n');
        overall.Append(CultureInfo.InvariantCulture, $"{report.PointPhrase}。列入市《政府工作报告》任务分解表的共{report.Total}项任务。");
        var indicators = report.Indicators;
        if (indicators.Count > 0)
        {
            var on = indicators.Where(i => i.Outcome == PeriodOutcome.OnSchedule).ToList();
            var behind = indicators.Where(i => i.Outcome == PeriodOutcome.BehindSchedule).ToList();
            var noData = indicators.Where(i => i.Outcome == PeriodOutcome.NoData).ToList();
            var parts = new List<string>();
            if (on.Count > 0)
                parts.Add($"{on.Count}项完成进度（{IndicatorNames(on)}）");
            if (behind.Count > 0)
                parts.Add($"{behind.Count}项未完成进度（{IndicatorNames(behind)}）");
            if (noData.Count > 0)
                parts.Add($"{noData.Count}项暂无数据（{IndicatorNames(noData)}）");
            var all = parts.Count == 1 ? parts[0].Insert(parts[0].IndexOf('项', StringComparison.Ordinal) + 1, "均") : string.Join("、", parts);
            overall.Append(CultureInfo.InvariantCulture, $"{indicators.Count}项{(report.HasMainIndicatorCategory ? "主要经济发展指标" : "指标类任务")}中{all}；");
        }

        overall.Append(CultureInfo.InvariantCulture, $"{counts.KeyWork}项重点工作中，完成{completed.Count}项，部分完成{partial.Count}项，未完成{notCompleted.Count}项");
        if (unreported.Count > 0)
            overall.Append(CultureInfo.InvariantCulture, $"，未报送进展{unreported.Count}项");
        overall.Append(CultureInfo.InvariantCulture, $"，取消{cancelled.Count}项");
        if (cancelled.Count > 0)
            overall.Append('（').Append(Names(cancelled)).Append('）');
        overall.Append('。');
        if (report.Uncounted.Count > 0)
            overall.Append(CultureInfo.InvariantCulture, $"另有{report.Uncounted.Count}项任务尚未交办或本期尚无应报进展，未计入统计。");
        var lagging = partial.Count + notCompleted.Count;
        var judged = counts.KeyWork - counts.Cancelled;
        overall.Append('\n');
        if (lagging == 0 && unreported.Count == 0)
            overall.Append(CultureInfo.InvariantCulture, $"总体看，{phrase}各项任务均按进度顺利推进，达到了{goal}。");
        else if (judged > 0 && completed.Count * 2 >= judged)
            overall.Append(CultureInfo.InvariantCulture, $"总体看，{phrase}任务推进总体达到{goal}，但仍有{lagging}项任务进度滞后{(unreported.Count > 0 ? $"、{unreported.Count}项任务未报送进展" : "")}，需加快推进。");
        else
            overall.Append(CultureInfo.InvariantCulture, $"总体看，{phrase}任务推进未达到{goal}，{lagging}项任务进度滞后{(unreported.Count > 0 ? $"、{unreported.Count}项任务未报送进展" : "")}，需引起高度重视。");

        var laggingText = new StringBuilder();
        if (lagging == 0 && unreported.Count == 0)
        {
            laggingText.Append(CultureInfo.InvariantCulture, $"{phrase}无进度滞后的任务。");
        }
        else
        {
            var section = 0;
            if (partial.Count > 0)
                laggingText.Append(CultureInfo.InvariantCulture, $"（{ChineseNumerals.Ordinal(++section)}）部分完成的任务{partial.Count}项：{WithUnits(partial)}。\n");
            if (notCompleted.Count > 0)
                laggingText.Append(CultureInfo.InvariantCulture, $"（{ChineseNumerals.Ordinal(++section)}）未完成的任务{notCompleted.Count}项：{WithUnits(notCompleted)}。\n");
            if (unreported.Count > 0)
                laggingText.Append(CultureInfo.InvariantCulture, $"（{ChineseNumerals.Ordinal(++section)}）未按要求报送进展的任务{unreported.Count}项：{WithUnits(unreported)}。");
            while (laggingText.Length > 0 && laggingText[^1] == '\n')
                laggingText.Length--;
        }

        var laggingTasks = partial.Concat(notCompleted).ToList();
        var problems = new StringBuilder();
        var reported = laggingTasks.Where(t => !string.IsNullOrWhiteSpace(t.Problems)).Take(MaxItems).ToList();
        if (reported.Count == 0)
        {
            problems.Append(lagging == 0
                ? "各责任单位报送的落实情况中未反映突出问题。"
                : "部分责任单位对进度滞后的原因分析不够，报送的落实情况中未说明存在的问题，反映出重部署、轻落实的问题仍然存在。");
        }
        else
        {
            problems.Append("从各责任单位报送的落实情况看，进度滞后的任务主要存在以下问题：");
            for (var i = 0; i < reported.Count; i++)
                problems.Append('\n').Append(ChineseNumerals.Ordinal(i + 1)).Append("是").Append(reported[i].Title).Append('（').Append(reported[i].LeadUnit).Append("）：").Append(Sentence(reported[i].Problems!));
        }

        var requirements = new StringBuilder();
        requirements.Append(key.EndsWith("-Y", StringComparison.Ordinal)
            ? $"一是切实增强责任感和紧迫感。各地区、各部门要对照{goal}，对未完成的任务逐项分析原因，明确整改措施和时限，确保尽快完成。"
            : $"一是切实增强责任感和紧迫感。各地区、各部门要对照{goal}，对承担的任务进行全面梳理，倒排时间表，层层传导压力，确保完成全年目标任务。");
        var steps = laggingTasks.Where(t => !string.IsNullOrWhiteSpace(t.NextSteps)).Take(MaxItems).ToList();
        if (steps.Count > 0)
        {
            requirements.Append("\n二是抓紧落实已提出的下步措施。");
            requirements.Append(string.Join("；", steps.Select(t => $"{t.LeadUnit}要按照“{Clause(t.NextSteps!)}”的安排推进{t.Title}")));
            requirements.Append('。');
        }
        else if (lagging > 0)
        {
            requirements.Append(CultureInfo.InvariantCulture, $"\n二是加快推进滞后任务。{Units(laggingTasks)}要逐项分析原因，提出具体措施，尽快赶上进度。");
        }

        requirements.Append(CultureInfo.InvariantCulture,
            $"\n{(steps.Count > 0 || lagging > 0 ? "三" : "二")}是严格落实报送制度。各责任单位要按时报送落实情况，如实反映进展和问题，{report.OfficeName}将持续跟踪督办，对进度滞后的任务实行催办、督办。");

        return new BulletinText(title, addressees, opening, overall.ToString(), laggingText.ToString(), problems.ToString(), requirements.ToString(), issuer);
    }

    private static string Names(IEnumerable<PeriodTaskLine> tasks) => string.Join("、", tasks.Select(t => t.Title));

    private static string IndicatorNames(IEnumerable<PeriodTaskLine> tasks) => string.Join("、", tasks.Select(t => t.IndicatorName ?? t.Title));

    private static string WithUnits(IEnumerable<PeriodTaskLine> tasks) => string.Join("；", tasks.Select(t => $"{t.Title}（{t.LeadUnit}）"));

    private static string Units(IEnumerable<PeriodTaskLine> tasks) => string.Join("、", tasks.Select(t => t.LeadUnit).Distinct());

    /// <summary>Reported text as a sentence inside the bulletin: trimmed, with exactly one closing full stop.</summary>
    private static string Sentence(string text)
    {
        var t = text.Trim().Replace('\n', '，').Replace("\r", "", StringComparison.Ordinal);
        return t.EndsWith('。') || t.EndsWith('；') ? t : t + "。";
    }

    /// <summary>
    /// Reported text quoted mid-sentence: no final punctuation, and its own double quotes become single ones, as a
    /// quotation inside a quotation is written (“…‘一企一策’…”).
    /// </summary>
    private static string Clause(string text) => text.Trim().Replace('\n', '，').Replace("\r", "", StringComparison.Ordinal).TrimEnd('。', '；', '，', '.')
        .Replace('“', '‘').Replace('”', '’');
}

internal static class Dates
{
    public static string Short(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";
}
