using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>How the lines of a paragraph or cell sit between its margins.</summary>
public enum TextAlign
{
    /// <summary>Flush on both sides except the last line (Chinese body text).</summary>
    Justify = 0,
    Left = 1,
    Center = 2,
    Right = 3,
}

/// <summary>Typography of a paragraph or cell. Sizes are in points (1/72 inch).</summary>
/// <param name="FirstLineIndent">First-line indent in em: 2 gives the two-character indent of Chinese body text.</param>
/// <param name="LeftIndent">Indent of every line, in em.</param>
/// <param name="RightIndent">Right indent of every line, in em.</param>
public sealed record TextStyle(
    FontRole Font,
    float Size,
    float LineHeight,
    SKColor Color,
    TextAlign Align = TextAlign.Justify,
    float FirstLineIndent = 0,
    float LeftIndent = 0,
    float RightIndent = 0);

/// <summary>A piece of a document, laid out top to bottom.</summary>
public abstract record Block;

/// <summary>Text that wraps (CJK line breaking with 避头尾) and may continue on the next page.</summary>
/// <param name="KeepWithNext">A heading: moved to the next page rather than left alone at a page foot, together with the
/// first lines of what follows (a chain of headings moves as one).</param>
/// <param name="LeadLength">The first this many characters are set in <paramref name="LeadFont"/>: a 二级标题 sentence in
/// 楷体 that runs into its paragraph (（一）…。 followed by 仿宋 text).</param>
/// <param name="KeepTitles">Break before a 《…》 name rather than inside it where the line stays half full (titles, 附件说明).</param>
public sealed record Paragraph(string Text, TextStyle Style, float SpaceBefore = 0, float SpaceAfter = 0, bool KeepWithNext = false, int LeadLength = 0, FontRole? LeadFont = null, bool KeepTitles = false) : Block;

/// <summary>A horizontal line across the text width (the red rule under a 公文 header).</summary>
public sealed record HorizontalRule(SKColor Color, float Thickness, float SpaceBefore, float SpaceAfter) : Block;

/// <summary>Vertical space; dropped at the top of a page unless <paramref name="AtPageTop"/> (the 版头's fixed offset).</summary>
public sealed record Spacer(float Height, bool AtPageTop = false) : Block;

/// <summary>Continue on a new page; with <paramref name="Setup"/>, this and the following pages take that size and margins
/// (a landscape 附表 after a portrait body).</summary>
public sealed record PageBreak(PageSetup? Setup = null) : Block;

/// <summary>
/// 发文机关署名 and 成文日期 (GB/T 9704): the date right-indented by <paramref name="RightIndentEm"/>, the issuer centred over it.
/// </summary>
/// <remarks>The signature never stands alone on a page (GB/T 9704 7.3.5): when it does not fit, the last lines of text go
/// over with it.</remarks>
public sealed record Signature(string Issuer, string Date, TextStyle Style, float RightIndentEm, float SpaceBefore) : Block;

/// <summary>
/// 版记 (GB/T 9704 7.4): 抄送 and the 印发机关 with the 印发日期 between rules, its last rule on the bottom edge of the text
/// area of an even page — the back of the last sheet. Pages added to reach one carry no page number when one of them
/// is blank (7.5). Place it last.
/// </summary>
/// <param name="CopyTo">抄送机关 ("市委办公室，…。"), or null for none.</param>
/// <param name="Printer">印发机关.</param>
/// <param name="PrintDate">印发日期, e.g. 2026年7月10日 (the word 印发 is added).</param>
public sealed record Colophon(string? CopyTo, string Printer, string PrintDate, TextStyle Style) : Block;

/// <summary>A table column: header text, share of the width, alignment of its cells.</summary>
public sealed record TableColumn(string Header, float Weight, TextAlign Align = TextAlign.Left);

/// <summary>A table row. <paramref name="SpanAll"/> makes one cell across the table (a category row).</summary>
/// <param name="CellFills">Background of single cells by column index (colour-coded 完成情况).</param>
public sealed record TableRow(IReadOnlyList<string> Cells, SKColor? Fill = null, bool SpanAll = false, IReadOnlyDictionary<int, SKColor>? CellFills = null, FontRole? Font = null);

/// <summary>A ruled table; its header repeats on every page and long rows split between lines.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows, TextStyle CellStyle, TextStyle HeaderStyle, SKColor HeaderFill, float SpaceBefore = 0, float SpaceAfter = 0) : Block;

/// <summary>One category of a <see cref="BarChart"/>: two values as shares (0..1, may exceed 1).</summary>
public sealed record BarGroup(string Label, double First, double Second);

/// <summary>A horizontal grouped bar chart drawn with vector shapes (双过半: time vs work progress).</summary>
/// <param name="Reference">Share at which a dashed reference line is drawn (0.5 for 双过半), or null.</param>
public sealed record BarChart(
    string Title,
    string FirstSeries,
    string SecondSeries,
    IReadOnlyList<BarGroup> Groups,
    SKColor FirstColor,
    SKColor SecondColor,
    double? Reference,
    string? ReferenceLabel,
    TextStyle LabelStyle,
    float SpaceBefore = 0,
    float SpaceAfter = 0) : Block;

/// <summary>Page size and margins in points, as the content is laid out.</summary>
/// <param name="TurnedOnSheet">
/// A 横排表格 page (GB/T 9704 10.1): laid out landscape, printed on the portrait sheet turned a quarter counter-clockwise,
/// so the table's head lies on the sheet's left edge — the 订口 of an odd page, the 切口 of an even one — and the page
/// number stays where the portrait pages have it.
/// </param>
public sealed record PageSetup(float Width, float Height, float MarginTop, float MarginBottom, float MarginLeft, float MarginRight, bool TurnedOnSheet = false)
{
    private const float Mm = 72f / 25.4f;

    /// <summary>A4 portrait with the 公文 margins of GB/T 9704 (top 37 mm, left 28 mm, text 156 × 225 mm).</summary>
    public static PageSetup OfficialA4 { get; } = new(210 * Mm, 297 * Mm, 37 * Mm, 35 * Mm, 28 * Mm, 26 * Mm);

    /// <summary>
    /// <see cref="OfficialA4"/> turned for a 横排表格: 225 × 156 mm of landscape text exactly on the portrait text area.
    /// </summary>
    public static PageSetup OfficialA4Turned { get; } = new(297 * Mm, 210 * Mm, 28 * Mm, 26 * Mm, 35 * Mm, 37 * Mm, TurnedOnSheet: true);

    /// <summary>Points per millimetre.</summary>
    public static float Millimetre => Mm;

    public float ContentWidth => Width - MarginLeft - MarginRight;

    /// <summary>The physical sheet in its own (upright) coordinates: this setup, or the portrait sheet it is turned on.</summary>
    public PageSetup Sheet => TurnedOnSheet ? new PageSetup(Height, Width, MarginRight, MarginLeft, MarginTop, MarginBottom) : this;
}

/// <summary>Page numbers, e.g. "— 1 —", on the outside edge (odd pages right, even pages left) as 公文 place them.</summary>
/// <param name="OmitOnSinglePage">A one-page form carries no page number.</param>
public sealed record PageNumbering(TextStyle Style, string Format = "— {0} —", bool OmitOnSinglePage = false);

/// <summary>PDF metadata; <paramref name="Created"/> is also the modification date so re-rendering is stable.</summary>
public sealed record DocumentInfo(string Title, string Author, string Subject, DateTime Created);

/// <summary>Everything needed to lay out and render a document.</summary>
/// <param name="Marker">Small grey text at the top-left of every page, e.g. "草稿" on an unissued bulletin.</param>
public sealed record DocumentSpec(PageSetup Page, IReadOnlyList<Block> Blocks, DocumentInfo Info, PageNumbering? Numbering = null, string? Marker = null);
