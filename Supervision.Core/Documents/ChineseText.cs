using System.Text;

namespace Supervision.Core.Documents;

/// <summary>
/// Punctuation of Chinese text as 公文 print it: quotes “” and ‘’ (not 「」, 『』 or straight quotes), brackets （）
/// (not half-width ()). Applied to what the documents take from the data — reported texts, remarks, names — so a
/// draft and its table read as a clerk would write them.
/// </summary>
public static class ChineseText
{
    /// <summary>
    /// The text with Chinese quotes and full-width brackets. Text without a CJK character (a code, a URL) is left
    /// alone; straight double quotes alternate opening and closing.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text) || !HasCjk(text))
            return text ?? "";
        var sb = new StringBuilder(text.Length);
        var open = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case '「':
                    sb.Append('“');
                    break;
                case '」':
                    sb.Append('”');
                    break;
                case '『':
                    sb.Append('‘');
                    break;
                case '』':
                    sb.Append('’');
                    break;
                case '(':
                    sb.Append('（');
                    break;
                case ')':
                    sb.Append('）');
                    break;
                case '"':
                    sb.Append(open ? '“' : '”');
                    open = !open;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool HasCjk(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF')
                return true;
        }

        return false;
    }
}
