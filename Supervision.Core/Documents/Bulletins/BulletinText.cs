namespace Supervision.Core.Documents.Bulletins;

/// <summary>
/// The parts of a 通报 a person edits before issue. Each body part is plain text; a line break starts a new
/// paragraph, and a paragraph opening with （一） sets its first sentence as a 二级标题 (楷体). The headings
/// (一、总体情况 …), the header, the chart, the table and the date come from the layout.
/// </summary>
/// <param name="Progress">二、工作进展情况: achievements by category, and the 表扬 paragraph.</param>
/// <param name="CopyTo">抄送 of the 版记; empty leaves it out.</param>
public sealed record BulletinText(
    string Title,
    string Addressees,
    string Opening,
    string Overall,
    string Progress,
    string Problems,
    string Requirements,
    string Issuer,
    string CopyTo = "")
{
    /// <summary>Longest accepted part, in characters; a bulletin is a few pages, not a book.</summary>
    public const int MaxPartLength = 20000;

    /// <summary>Headings of the four body sections, in order (seed 002).</summary>
    public static IReadOnlyList<string> Headings { get; } = ["一、总体情况", "二、工作进展情况", "三、存在的主要问题", "四、工作要求"];

    /// <summary>The four body parts in heading order.</summary>
    public IReadOnlyList<string> Sections => [Overall, Progress, Problems, Requirements];
}
