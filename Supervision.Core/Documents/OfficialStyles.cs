using SkiaSharp;
using Supervision.Core.Documents.Layout;

namespace Supervision.Core.Documents;

/// <summary>
/// Typography of 公文 (GB/T 9704-2012): each element in its font role and size (points), body text on 22 lines of
/// the 225 mm text area.
/// </summary>
public static class OfficialStyles
{
    /// <summary>公文 red for the header and the rule.</summary>
    public static readonly SKColor Red = new(0xE6, 0x00, 0x12);

    private static readonly SKColor _ink = SKColors.Black;

    /// <summary>One line of body text: 225 mm of text height over 22 lines. "空一行" is one of these.</summary>
    public static float Line { get; } = 225 * PageSetup.Millimetre / 22;

    /// <summary>3号 (16 pt): body text and most elements.</summary>
    public const float Size3 = 16;

    /// <summary>发文机关标志: 小标宋, red, centred; the size is chosen to fit the name on one line.</summary>
    public static TextStyle Header { get; } = new(FontRole.XiaoBiaoSong, 40, 40, Red, TextAlign.Center);

    /// <summary>发文字号: 3号仿宋, centred.</summary>
    public static TextStyle DocumentNumber { get; } = new(FontRole.FangSong, Size3, Line, _ink, TextAlign.Center);

    /// <summary>Single centred lines in 3号仿宋.</summary>
    public static TextStyle Centered { get; } = DocumentNumber;

    /// <summary>标题: 2号 (22 pt) 小标宋, centred.</summary>
    public static TextStyle Title { get; } = new(FontRole.XiaoBiaoSong, 22, 32, _ink, TextAlign.Center);

    /// <summary>主送机关: 3号仿宋, flush left.</summary>
    public static TextStyle Addressees { get; } = new(FontRole.FangSong, Size3, Line, _ink, TextAlign.Justify);

    /// <summary>正文: 3号仿宋, justified, two-character first-line indent.</summary>
    public static TextStyle Body { get; } = new(FontRole.FangSong, Size3, Line, _ink, TextAlign.Justify, FirstLineIndent: 2);

    /// <summary>一级标题 一、: 3号黑体, indented like body text.</summary>
    public static TextStyle Heading1 { get; } = new(FontRole.Hei, Size3, Line, _ink, TextAlign.Justify, FirstLineIndent: 2);

    /// <summary>发文机关署名 and 成文日期: 3号仿宋.</summary>
    public static TextStyle Signature { get; } = new(FontRole.FangSong, Size3, Line, _ink, TextAlign.Left);

    /// <summary>附件 label: 3号黑体, flush left in the first line of the text area.</summary>
    public static TextStyle Label { get; } = new(FontRole.Hei, Size3, Line, _ink, TextAlign.Left);

    /// <summary>附件标题: 小标宋, centred in the third line.</summary>
    public static TextStyle AnnexTitle { get; } = new(FontRole.XiaoBiaoSong, 18, Line, _ink, TextAlign.Center);

    /// <summary>Cells of the attached table: 小五 (9 pt) 仿宋, so its ten columns fit the turned text area.</summary>
    public static TextStyle Cell { get; } = new(FontRole.FangSong, 9, 13, _ink, TextAlign.Left);

    /// <summary>Header cells of the attached table: 小五黑体.</summary>
    public static TextStyle CellHeader { get; } = new(FontRole.Hei, 9, 13, _ink, TextAlign.Center);

    /// <summary>Chart labels: 五号宋体.</summary>
    public static TextStyle Chart { get; } = new(FontRole.Song, 10.5f, 15, _ink, TextAlign.Left);

    /// <summary>版记 (抄送, 印发机关和印发日期): 4号仿宋.</summary>
    public static TextStyle Colophon { get; } = new(FontRole.FangSong, 14, 24, _ink, TextAlign.Left);

    /// <summary>Page numbers: 4号半角宋体, "— 1 —".</summary>
    public static PageNumbering PageNumbers { get; } = new(new TextStyle(FontRole.Song, 14, 20, _ink, TextAlign.Left));

    /// <summary>Table header fill.</summary>
    public static readonly SKColor HeaderFill = new(0xE7, 0xEC, 0xF5);

    /// <summary>Category row fill.</summary>
    public static readonly SKColor BandFill = new(0xF2, 0xF2, 0xF2);

    /// <summary>From the top of a line of <paramref name="style"/> to the bottom of its characters' em box.</summary>
    public static float GlyphBottom(TextStyle style) => LayoutEngine.Baseline(0, style) + (style.Size * 0.12f);

    /// <summary>From the top of a line of <paramref name="style"/> to the top of its characters' em box.</summary>
    public static float GlyphTop(TextStyle style) => LayoutEngine.Baseline(0, style) - (style.Size * 0.88f);
}
