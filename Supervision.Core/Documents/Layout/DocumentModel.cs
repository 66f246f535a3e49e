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
/// <param name="KeepWithNext">A heading: moved to the next page rather than left alone at a page foot.</param>
public sealed record Paragraph(string Text, TextStyle Style, float SpaceBefore = 0, float SpaceAfter = 0, bool KeepWithNext = false) : Block;

/// <summary>A horizontal line across the text width (the red rule under a 公文 header).</summary>
public sealed record HorizontalRule(SKColor Color, float Thickness, float SpaceBefore, float SpaceAfter) : Block;

/// <summary>Vertical space.</summary>
public sealed record Spacer(float Height) : Block;

/// <summary>Continue on a new page; with <paramref name="Setup"/>, this and the following pages take that size and margins
/// (a landscape 附表 after a portrait body).</summary>
public sealed record PageBreak(PageSetup? Setup = null) : Block;

/// <summary>
/// 发文机关署名 and 成文日期 (GB/T 9704): the date right-indented by <paramref name="RightIndentEm"/>, the issuer centred over it.
/// </summary>
public sealed record Signature(string Issuer, string Date, TextStyle Style, float RightIndentEm, float SpaceBefore) : Block;

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

/// <summary>Page size and margins in points.</summary>
public sealed record PageSetup(float Width, float Height, float MarginTop, float MarginBottom, float MarginLeft, float MarginRight)
{
    private const float Mm = 72f / 25.4f;

    /// <summary>A4 portrait with the 公文 margins of GB/T 9704 (top 37 mm, left 28 mm, text 156 × 225 mm).</summary>
    public static PageSetup OfficialA4 { get; } = new(210 * Mm, 297 * Mm, 37 * Mm, 35 * Mm, 28 * Mm, 26 * Mm);

    /// <summary>A4 landscape for attached tables (横排表格), text 237 × 158 mm.</summary>
    public static PageSetup OfficialA4Landscape { get; } = new(297 * Mm, 210 * Mm, 26 * Mm, 26 * Mm, 30 * Mm, 30 * Mm);

    /// <summary>Points per millimetre.</summary>
    public static float Millimetre => Mm;

    public float ContentWidth => Width - MarginLeft - MarginRight;
}

/// <summary>Page numbers, e.g. "— 1 —", on the outside edge (odd pages right, even pages left) as 公文 place them.</summary>
public sealed record PageNumbering(TextStyle Style, string Format = "— {0} —");

/// <summary>PDF metadata; <paramref name="Created"/> is also the modification date so re-rendering is stable.</summary>
public sealed record DocumentInfo(string Title, string Author, string Subject, DateTime Created);

/// <summary>Everything needed to lay out and render a document.</summary>
/// <param name="Marker">Small grey text at the top-left of every page, e.g. "草稿" on an unissued bulletin.</param>
public sealed record DocumentSpec(PageSetup Page, IReadOnlyList<Block> Blocks, DocumentInfo Info, PageNumbering? Numbering = null, string? Marker = null);
