using SkiaSharp;
using Supervision.Core.Documents.Layout;

namespace Supervision.Core.Documents;

/// <summary>Typography of 公文 (GB/T 9704) in the two faces available: sizes in points, 22 lines of body per page.</summary>
public static class OfficialStyles
{
    /// <summary>公文 red for the header and the rule.</summary>
    public static readonly SKColor Red = new(0xE6, 0x00, 0x12);

    private static readonly SKColor _ink = SKColors.Black;

    // 225 mm of text height over 22 lines.
    private static readonly float _line = 225 * PageSetup.Millimetre / 22;

    /// <summary>发文机关标志: large red characters, centred.</summary>
    public static TextStyle Header { get; } = new(FontRole.Song, 34, 48, Red, TextAlign.Center);

    /// <summary>文号 and single centred lines in 三号.</summary>
    public static TextStyle Centered { get; } = new(FontRole.Song, 16, _line, _ink, TextAlign.Center);

    /// <summary>标题: 二号, centred.</summary>
    public static TextStyle Title { get; } = new(FontRole.Song, 22, 34, _ink, TextAlign.Center);

    /// <summary>主送机关: 三号, flush left.</summary>
    public static TextStyle Addressees { get; } = new(FontRole.Song, 16, _line, _ink, TextAlign.Justify);

    /// <summary>正文: 三号, justified, two-character first-line indent.</summary>
    public static TextStyle Body { get; } = new(FontRole.Song, 16, _line, _ink, TextAlign.Justify, FirstLineIndent: 2);

    /// <summary>一级标题 一、: 黑体 三号, indented like body text.</summary>
    public static TextStyle Heading1 { get; } = new(FontRole.Hei, 16, _line, _ink, TextAlign.Justify, FirstLineIndent: 2);

    /// <summary>附件 label: 黑体 三号, flush left.</summary>
    public static TextStyle Label { get; } = new(FontRole.Hei, 16, _line, _ink, TextAlign.Left);

    /// <summary>Table cells: 五号.</summary>
    public static TextStyle Cell { get; } = new(FontRole.Song, 10.5f, 15, _ink, TextAlign.Left);

    /// <summary>Table header cells: 黑体 五号.</summary>
    public static TextStyle CellHeader { get; } = new(FontRole.Hei, 10.5f, 15, _ink, TextAlign.Center);

    /// <summary>Chart labels.</summary>
    public static TextStyle Chart { get; } = new(FontRole.Song, 10.5f, 15, _ink, TextAlign.Left);

    /// <summary>Page numbers: 四号, "— 1 —".</summary>
    public static PageNumbering PageNumbers { get; } = new(new TextStyle(FontRole.Song, 14, 20, _ink, TextAlign.Left));

    /// <summary>Table header fill.</summary>
    public static readonly SKColor HeaderFill = new(0xE7, 0xEC, 0xF5);

    /// <summary>Category row fill.</summary>
    public static readonly SKColor BandFill = new(0xF2, 0xF2, 0xF2);
}
