using SkiaSharp;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Rules;
using Supervision.Core.Domain;

namespace Supervision.Core.Documents.Bulletins;

/// <summary>Turns a period's data and the edited text into the 通报's page layout (a <see cref="DocumentSpec"/>).</summary>
public static class BulletinComposer
{
    /// <param name="number">The 文号 once issued; null for a draft (the number line then shows a blank).</param>
    /// <param name="date">成文日期: the issue date, or today for a draft.</param>
    public static DocumentSpec Compose(PeriodReport report, BulletinText text, string numberPrefix, string? number, DateOnly date)
    {
        var blocks = new List<Block>
        {
            new Paragraph(report.IssuingOffice, OfficialStyles.Header with { Size = HeaderSize(report.IssuingOffice) }, SpaceAfter: 18),
            new Paragraph(number ?? $"{numberPrefix}〔{date.Year}〕　　号", OfficialStyles.Centered),
            new HorizontalRule(OfficialStyles.Red, 2f, 4 * PageSetup.Millimetre, 10 * PageSetup.Millimetre),
        };
        AddLines(blocks, text.Title, OfficialStyles.Title, spaceAfter: 14);
        AddLines(blocks, text.Addressees, OfficialStyles.Addressees);
        AddLines(blocks, text.Opening, OfficialStyles.Body);

        var sections = text.Sections;
        for (var i = 0; i < sections.Count; i++)
        {
            blocks.Add(new Paragraph(BulletinText.Headings[i], OfficialStyles.Heading1, KeepWithNext: true));
            AddLines(blocks, sections[i], OfficialStyles.Body);
            if (i == 0 && report.Total > 0)
                blocks.Add(Chart(report));
        }

        var attachment = report.TableTitle;
        // GB/T 9704 附件说明: a wrapped name lines up under the name, after "附件：".
        blocks.Add(new Paragraph($"附件：{attachment}", OfficialStyles.Body with { FirstLineIndent = -3, LeftIndent = 5 }, SpaceBefore: 14));
        blocks.Add(new Signature(text.Issuer, ChineseNumerals.Date(date), OfficialStyles.Centered, 4, SpaceBefore: 40));

        // The attached table is a 横排表格: landscape pages give 进展情况 room for whole sentences.
        blocks.Add(new PageBreak(PageSetup.OfficialA4Landscape));
        blocks.Add(new Paragraph("附件", OfficialStyles.Label));
        blocks.Add(new Paragraph(attachment, OfficialStyles.Title with { Size = 18, LineHeight = 28 }, SpaceBefore: 6, SpaceAfter: 10));
        blocks.Add(Table(report));

        var info = new DocumentInfo(text.Title, report.IssuingOffice, attachment, ChinaTime.UtcOf(date, new TimeOnly(9, 0)));
        return new DocumentSpec(PageSetup.OfficialA4, blocks, info, OfficialStyles.PageNumbers, number is null ? "草稿（未签发）" : null);
    }

    /// <summary>The attached table (landscape pages): one band per category, 完成情况 colour-coded.</summary>
    internal static Table Table(PeriodReport report)
    {
        // Weights in points of the landscape text width (672 pt): the short columns hold their header on one
        // line (序号 two characters, 完成情况 four), 进展情况 takes the rest.
        TableColumn[] columns =
        [
            new("序号", 32, TextAlign.Center),
            new("任务", 116),
            new("牵头单位", 76, TextAlign.Center),
            new("完成时限", 58, TextAlign.Center),
            new("进展情况", 218),
            new("完成情况", 54, TextAlign.Center),
            new("备注", 118),
        ];
        var rows = new List<TableRow>();
        if (report.Total == 0)
            rows.Add(new TableRow([BulletinDrafter.NoTasks], SpanAll: true));
        var index = 0;
        foreach (var category in report.Categories)
        {
            index++;
            rows.Add(new TableRow([$"{ChineseNumerals.Ordinal(index)}、{category.Name}（{category.Tasks.Count}项）"], OfficialStyles.BandFill, SpanAll: true, Font: FontRole.Hei));
            var n = 0;
            foreach (var t in category.Tasks)
            {
                n++;
                var (fill, _) = CompletionTableBuilder.OutcomeColours(t.Outcome);
                rows.Add(new TableRow(
                    [n.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Title, t.LeadUnit, t.Deadline, t.Progress, DisplayNames.Of(t.Outcome), t.Remark],
                    CellFills: new Dictionary<int, SKColor> { [5] = SKColor.Parse(fill) }));
            }
        }

        return new Table(columns, rows, OfficialStyles.Cell, OfficialStyles.CellHeader, OfficialStyles.HeaderFill);
    }

    /// <summary>双过半 chart: per category, the average time progress against the average work progress.</summary>
    internal static BarChart Chart(PeriodReport report)
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

    private static void AddLines(List<Block> blocks, string text, TextStyle style, float spaceAfter = 0)
    {
        var paragraphs = text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < paragraphs.Length; i++)
            blocks.Add(new Paragraph(paragraphs[i], style, SpaceAfter: i == paragraphs.Length - 1 ? spaceAfter : 0));
    }

    // The office name must fit on one line: shrink the 34-point header for long names.
    private static float HeaderSize(string office) => Math.Min(34f, 440f / Math.Max(1, office.Length) * 0.98f);
}
