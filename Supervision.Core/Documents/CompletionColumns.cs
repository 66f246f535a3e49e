using System.Globalization;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
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
    /// The categories' rows with each task's 序号: afresh in every category (as seed 002's 附表 numbers them), or 1…N
    /// through the whole table when <paramref name="continuous"/>.
    /// </summary>
    public static IEnumerable<(PeriodCategory Category, int Index, IReadOnlyList<(PeriodTaskLine Task, int Number)> Rows)> Numbered(PeriodReport report, bool continuous)
    {
        var number = 0;
        var index = 0;
        foreach (var category in report.Categories)
        {
            index++;
            if (!continuous)
                number = 0;
            var rows = new List<(PeriodTaskLine, int)>(category.Tasks.Count);
            foreach (var task in category.Tasks)
                rows.Add((task, ++number));
            yield return (category, index, rows);
        }
    }

    /// <summary>A category row: "一、城市建设（5项：完成2项，部分完成1项，未完成1项，取消1项）".</summary>
    public static string CategoryTitle(int index, PeriodCategory category) =>
        $"{ChineseNumerals.Ordinal(index)}、{category.Name}（{category.Tasks.Count}项：完成{category.Count(PeriodOutcome.Completed)}项，部分完成{category.Count(PeriodOutcome.PartiallyCompleted)}项，" +
        $"未完成{category.Count(PeriodOutcome.NotCompleted)}项，取消{category.Count(PeriodOutcome.Cancelled)}项）";

    /// <summary>Fill and font colour of a 完成情况 cell.</summary>
    public static (string Fill, string Font) OutcomeColours(PeriodOutcome outcome) => outcome switch
    {
        PeriodOutcome.Completed => ("#C6EFCE", "#006100"),
        PeriodOutcome.PartiallyCompleted => ("#FFEB9C", "#9C5700"),
        PeriodOutcome.NotCompleted => ("#FFC7CE", "#9C0006"),
        _ => ("#D9D9D9", "#404040"),
    };
}
