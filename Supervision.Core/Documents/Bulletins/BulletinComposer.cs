using System.Text.RegularExpressions;
using SkiaSharp;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Documents.Bulletins;

/// <summary>
/// Turns a period's data and the edited text into the 通报's page layout (a <see cref="DocumentSpec"/>) following
/// GB/T 9704-2012: the 发文机关标志 35 mm below the top of the text area, the 文号 two lines below it with the red rule
/// 4 mm under it, the 标题 two lines below the rule, the 主送 one line below the 标题; the body in 仿宋 with 黑体 一级
/// and 楷体 二级标题; 附件说明, the signature over the 成文日期 in Arabic numerals; the attached table on turned pages
/// (横排表格); the 版记 on the back of the last sheet.
/// </summary>
public static partial class BulletinComposer
{
    /// <param name="number">The 文号 once issued; null for a draft (the number line then shows a blank).</param>
    /// <param name="date">成文日期 and 印发日期: the issue date, or today for a draft.</param>
    /// <param name="continuousNumbering">Number the attached table's tasks through the whole table (as the Excel 附表).</param>
    public static DocumentSpec Compose(PeriodFigures report, BulletinText text, string numberPrefix, string? number, DateOnly date, bool continuousNumbering = false)
    {
        var line = OfficialStyles.Line;
        var header = OfficialStyles.Header with { Size = HeaderSize(report.IssuingOffice), LineHeight = HeaderSize(report.IssuingOffice) };
        var documentNumber = OfficialStyles.DocumentNumber;
        // The rule lies 4 mm under the 文号's characters.
        var ruleGap = (4 * PageSetup.Millimetre) - (documentNumber.LineHeight - OfficialStyles.GlyphBottom(documentNumber)) - (RuleThickness / 2);
        var title = OfficialStyles.Title;
        var addressees = OfficialStyles.Addressees;
        var blocks = new List<Block>
        {
            // The top of the 发文机关标志 35 mm below the top of the text area (72 mm from the top of the page).
            new Spacer((35 * PageSetup.Millimetre) - OfficialStyles.GlyphTop(header), AtPageTop: true),
            new Paragraph(report.IssuingOffice, header),
            new Spacer(EmptyLines(2) - Below(header) - OfficialStyles.GlyphTop(documentNumber)),
            new Paragraph(number ?? $"{numberPrefix}〔{date.Year}〕　　号", documentNumber),
            // The 标题 two lines under the rule.
            new HorizontalRule(OfficialStyles.Red, RuleThickness, ruleGap, (2 * line) - (RuleThickness / 2) - OfficialStyles.GlyphTop(title)),
        };
        AddLines(blocks, text.Title, title, keepTitles: true);
        AddLines(blocks, text.Addressees, addressees, spaceBefore: EmptyLines(1) - Below(title) - OfficialStyles.GlyphTop(addressees));
        AddBody(blocks, text.Opening);

        var sections = text.Sections;
        for (var i = 0; i < sections.Count; i++)
        {
            blocks.Add(new Paragraph(BulletinText.Headings[i], OfficialStyles.Heading1, KeepWithNext: true));
            AddBody(blocks, sections[i]);
            if (i == 0 && report.Total > 0)
                blocks.Add(Chart(report));
        }

        var attachment = report.TableTitle;
        // GB/T 9704 7.3.3 附件说明: 空一行 under the body, two characters in; a wrapped name lines up under the name.
        blocks.Add(new Paragraph($"附件：{attachment}", OfficialStyles.Body with { FirstLineIndent = -3, LeftIndent = 5 }, SpaceBefore: line, KeepTitles: true));
        // 7.3.5.1: the date four characters in from the right, the issuer centred over it, room above for the seal.
        blocks.Add(new Signature(text.Issuer, Dates.Short(date), OfficialStyles.Signature, 4, SpaceBefore: 2 * line));

        // The attached table is a 横排表格 (10.1): turned pages give 进展情况 room for whole sentences.
        blocks.Add(new PageBreak(PageSetup.OfficialA4Turned));
        // 8: "附件" in the first line of the text area, the 附件标题 centred in the third.
        blocks.Add(new Paragraph("附件", OfficialStyles.Label));
        blocks.Add(new Paragraph(attachment, OfficialStyles.AnnexTitle, SpaceBefore: line, SpaceAfter: 10, KeepTitles: true));
        blocks.Add(Table(report, continuousNumbering));
        blocks.Add(new Colophon(string.IsNullOrWhiteSpace(text.CopyTo) ? null : text.CopyTo.Trim(), report.IssuingOffice, Dates.Short(date), OfficialStyles.Colophon));

        var info = new DocumentInfo(text.Title, report.IssuingOffice, attachment, ChinaTime.UtcOf(date, new TimeOnly(9, 0)));
        return new DocumentSpec(PageSetup.OfficialA4, blocks, info, OfficialStyles.PageNumbers, number is null ? "草稿（未签发）" : null);
    }

    /// <summary>
    /// The gap between the characters of two lines with <paramref name="count"/> empty lines between them (空一行,
    /// 空二行): the empty lines and the usual spacing of body lines.
    /// </summary>
    internal static float EmptyLines(int count) => (count * OfficialStyles.Line) + (OfficialStyles.Line - OfficialStyles.Size3);

    /// <summary>From the bottom of a line's characters to the bottom of the line.</summary>
    private static float Below(TextStyle style) => style.LineHeight - OfficialStyles.GlyphBottom(style);

    /// <summary>Thickness of the red rule under the 文号.</summary>
    internal const float RuleThickness = 1.5f;

    /// <summary>
    /// The attached table: the Excel 附表's columns (<see cref="CompletionColumns"/>), one band per category, 完成情况
    /// colour-coded.
    /// </summary>
    internal static Table Table(PeriodFigures report, bool continuousNumbering)
    {
        var columns = CompletionColumns.All.Select(c => new TableColumn(c.Header, c.PdfWeight, c.Align)).ToList();
        var rows = new List<TableRow>();
        if (report.Total == 0)
            rows.Add(new TableRow([BulletinDrafter.NoTasks], SpanAll: true));
        foreach (var (title, _, tasks) in CompletionColumns.Numbered(report, continuousNumbering))
        {
            rows.Add(new TableRow([title], OfficialStyles.BandFill, SpanAll: true, Font: FontRole.Hei));
            foreach (var (task, n) in tasks)
            {
                var (fill, _) = CompletionColumns.OutcomeColours(task.Outcome);
                rows.Add(new TableRow(CompletionColumns.Cells(task, n), CellFills: new Dictionary<int, SKColor> { [CompletionColumns.Outcome] = SKColor.Parse(fill) }));
            }
        }

        return new Table(columns, rows, OfficialStyles.Cell, OfficialStyles.CellHeader, OfficialStyles.HeaderFill);
    }

    /// <summary>双过半 chart: per category, the average time progress against the average work progress.</summary>
    internal static BarChart Chart(PeriodFigures report)
    {
        var groups = report.Categories
            .Select(c => (c.Name, Tasks: c.Tasks.Where(t => t.Outcome != PeriodOutcome.Cancelled).ToList()))
            .Where(c => c.Tasks.Count > 0)
            .Select(c => new BarGroup(c.Name, c.Tasks.Average(t => t.TimeProgress), c.Tasks.Average(t => Math.Min(1.0, t.WorkProgress))))
            .ToList();
        var half = report.Period.Key.EndsWith("-H1", StringComparison.Ordinal);
        return new BarChart(
            half ? "图1　各类任务“双过半”进度对比" : "图1　各类任务时间进度与工作进度对比",
            "时间进度",
            "工作进度",
            groups,
            new SKColor(0x9E, 0xAE, 0xC4),
            OfficialStyles.Red,
            half ? 0.5 : null,
            half ? "过半线" : null,
            OfficialStyles.Chart,
            SpaceBefore: 8,
            SpaceAfter: 10);
    }

    /// <summary>
    /// Body paragraphs; one opening with （一） sets its first sentence as a 二级标题 in 楷体 (the whole paragraph when it is
    /// only the heading, which then keeps with the text after it).
    /// </summary>
    private static void AddBody(List<Block> blocks, string text)
    {
        foreach (var paragraph in Split(text))
        {
            var lead = SecondLevelHeading(paragraph);
            blocks.Add(lead == paragraph.Length
                ? new Paragraph(paragraph, OfficialStyles.Body with { Font = FontRole.Kai }, KeepWithNext: true)
                : new Paragraph(paragraph, OfficialStyles.Body, LeadLength: lead, LeadFont: lead > 0 ? FontRole.Kai : null));
        }
    }

    /// <summary>Length of the 二级标题 at the start of a paragraph: "（一）…。" up to its first full stop, or 0.</summary>
    internal static int SecondLevelHeading(string paragraph)
    {
        var match = SecondLevel().Match(paragraph);
        if (!match.Success)
            return 0;
        var stop = paragraph.IndexOf('。', match.Length);
        // A heading is a short phrase; a long first sentence is body text that happens to be numbered.
        if (stop < 0)
            return paragraph.Length <= 40 ? paragraph.Length : 0;
        return stop + 1 <= 40 ? stop + 1 : 0;
    }

    [GeneratedRegex("^（[一二三四五六七八九十]+）")]
    private static partial Regex SecondLevel();

    private static void AddLines(List<Block> blocks, string text, TextStyle style, float spaceBefore = 0, bool keepTitles = false)
    {
        var paragraphs = Split(text);
        for (var i = 0; i < paragraphs.Length; i++)
            blocks.Add(new Paragraph(paragraphs[i], style, SpaceBefore: i == 0 ? spaceBefore : 0, KeepTitles: keepTitles));
    }

    private static string[] Split(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    // The office name must fit on one line of the 156 mm text area: the 40-point header shrinks for long names.
    private static float HeaderSize(string office) => Math.Min(40f, 440f / Math.Max(1, office.Length) * 0.98f);
}
