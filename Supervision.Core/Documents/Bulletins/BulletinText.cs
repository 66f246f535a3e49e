namespace Supervision.Core.Documents.Bulletins;

/// <summary>
/// The parts of a 通报 a person edits before issue. Each body part is plain text; a line break starts a new
/// paragraph. The headings (一、总体情况 …), the header, the chart, the table and the date come from the layout.
/// </summary>
public sealed record BulletinText(
    string Title,
    string Addressees,
    string Opening,
    string Overall,
    string Lagging,
    string Problems,
    string Requirements,
    string Issuer)
{
    /// <summary>Longest accepted part, in characters; a bulletin is a few pages, not a book.</summary>
    public const int MaxPartLength = 20000;

    /// <summary>Headings of the four body sections, in order.</summary>
    public static IReadOnlyList<string> Headings { get; } = ["一、总体情况", "二、进度滞后的任务", "三、存在的主要问题", "四、工作要求"];

    /// <summary>The four body parts in heading order.</summary>
    public IReadOnlyList<string> Sections => [Overall, Lagging, Problems, Requirements];
}
