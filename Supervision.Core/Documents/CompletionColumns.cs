using System.Globalization;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Documents;

/// <summary>A column of the completion table (附表), the same in the Excel detail sheet and in the 通报's attached table.</summary>
/// <param name="ExcelWidth">Width in characters of the default font (a CJK character takes about two).</param>
/// <param name="PdfWeight">Share of the turned A4 text width (638 pt) in the 通报.</param>
public sealed record CompletionColumn(string Header, double ExcelWidth, float PdfWeight, TextAlign Align);

/// <summary>
/// The completion table's columns and cell values, in one place so that the Excel 附表 and the 通报's attached table
/// cannot drift apart: 序号, 统一编号, 任务内容, 牵头单位, 配合单位, 责任领导, 完成时限, 进展情况, 完成情况, 备注.
/// </summary>
public static class CompletionColumns
{
    /// <summary>The columns in order.</summary>
    public static IReadOnlyList<CompletionColumn> All { get; } =
    [
        // PDF weights sum to the 638 pt of the turned text area; a short header (序号, 完成情况) fits on one line of 小五.
        new("序号", 6, 28, TextAlign.Center),
        new("统一编号", 12, 54, TextAlign.Center),
        new("任务内容", 34, 104, TextAlign.Left),
        new("牵头单位", 13, 52, TextAlign.Center),
        new("配合单位", 15, 52, TextAlign.Left),
        new("责任领导", 9, 46, TextAlign.Center),
        new("完成时限", 11, 46, TextAlign.Center),
        new("进展情况", 44, 132, TextAlign.Left),
        new("完成情况", 10, 46, TextAlign.Center),
        new("备注", 22, 78, TextAlign.Left),
    ];

    /// <summary>Index of the 完成情况 column (colour-coded).</summary>
    public const int Outcome = 8;

    /// <summary>The headers in order.</summary>
    public static IReadOnlyList<string> Headers { get; } = [.. All.Select(c => c.Header)];

    /// <summary>The cells of one task's row; <paramref name="number"/> is its 序号.</summary>
    public static string[] Cells(PeriodTaskLine task, int number) =>
    [
        number.ToString(CultureInfo.InvariantCulture),
        task.Number,
        ChineseText.Normalize(Content(task.Title, task.Content)),
        task.LeadUnit,
        task.AssistingUnits,
        task.Leader,
        ChineseText.Normalize(task.Deadline),
        ChineseText.Normalize(task.Progress),
        DisplayNames.Of(task.Outcome),
        ChineseText.Normalize(task.Remark),
    ];

    /// <summary>
    /// 任务内容 without the task's name said twice: the content alone when it already carries the name
    /// ("全市地区生产总值增长6%左右，…"), else the name before it ("重点项目建设攻坚：全年实施市级重点项目260个…").
    /// </summary>
    public static string Content(string title, string content)
    {
        var text = content.Trim();
        if (text.Length == 0)
            return title;
        return text.Contains(title.Trim(), StringComparison.Ordinal) ? text : $"{title}：{text}";
    }

    /// <summary>
    /// The table's groups with each task's 序号 and the group's band title: the categories, then the tasks registered
    /// by the period end but not counted (待交办, 未到报送期), listed so the table accounts for every task. 序号 runs afresh
    /// in every group (as seed 002's 附表 numbers them), or 1…N through the whole table when <paramref name="continuous"/>.
    /// </summary>
    public static IEnumerable<(string Title, PeriodCategory? Category, IReadOnlyList<(PeriodTaskLine Task, int Number)> Rows)> Numbered(PeriodFigures report, bool continuous)
    {
        ArgumentNullException.ThrowIfNull(report);
        var groups = report.Categories.Select((c, i) => (Title: CategoryTitle(i + 1, c), Category: (PeriodCategory?)c, c.Tasks)).ToList();
        if (report.Uncounted.Count > 0)
            groups.Add(($"未计入统计的任务（{report.Uncounted.Count}项：尚未交办或本期尚无应报进展）", null, report.Uncounted));
        var number = 0;
        foreach (var (title, category, tasks) in groups)
        {
            if (!continuous)
                number = 0;
            var rows = new List<(PeriodTaskLine, int)>(tasks.Count);
            foreach (var task in tasks)
                rows.Add((task, ++number));
            yield return (title, category, rows);
        }
    }

    /// <summary>A category row: "一、城市建设（5项：完成2项，部分完成1项，未完成1项，未报送0项，取消1项）".</summary>
    public static string CategoryTitle(int index, PeriodCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return $"{ChineseNumerals.Ordinal(index)}、{category.Name}（{category.Tasks.Count}项：{Phrase(category.Counts)}）";
    }

    /// <summary>
    /// A group's classes as the table states them: "完成3项，部分完成1项，未完成0项，未报送0项，取消0项" for 重点工作 and
    /// "完成进度3项，未完成进度5项，暂无数据0项" for indicators, each part only where the group has such tasks.
    /// </summary>
    public static string Phrase(ClassCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = new List<string>();
        if (counts.KeyWork > 0)
            parts.Add($"完成{counts.Completed}项，部分完成{counts.Partial}项，未完成{counts.NotCompleted}项，未报送{counts.Unreported}项，取消{counts.Cancelled}项");
        if (counts.Indicators > 0)
            parts.Add($"完成进度{counts.OnSchedule}项，未完成进度{counts.BehindSchedule}项，暂无数据{counts.NoData}项{(counts.IndicatorsCancelled > 0 ? $"，取消{counts.IndicatorsCancelled}项" : "")}");
        return string.Join("；", parts);
    }

    /// <summary>Fill and font colour of a 完成情况 cell: green on schedule, amber behind, red 未完成, violet where nothing counts (未报送, 暂无数据).</summary>
    public static (string Fill, string Font) OutcomeColours(PeriodOutcome outcome) => outcome switch
    {
        PeriodOutcome.Completed or PeriodOutcome.OnSchedule => ("#C6EFCE", "#006100"),
        PeriodOutcome.PartiallyCompleted or PeriodOutcome.BehindSchedule => ("#FFEB9C", "#9C5700"),
        PeriodOutcome.NotCompleted => ("#FFC7CE", "#9C0006"),
        PeriodOutcome.Unreported or PeriodOutcome.NoData => ("#E4DFEC", "#5B3A7A"),
        _ => ("#D9D9D9", "#404040"),
    };
}
