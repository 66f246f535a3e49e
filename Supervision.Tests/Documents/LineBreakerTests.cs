using Supervision.Core.Documents.Layout;

namespace Supervision.Tests.Documents;

public sealed class LineBreakerTests
{
    private static List<string> Lines(string text, int charsPerLine)
    {
        var units = LineBreaker.Units(text);
        var widths = units.Select(u => (float)u.Length).ToList();
        return LineBreaker.Break(units, widths, charsPerLine, charsPerLine).Select(r => string.Concat(units.Skip(r.Start).Take(r.End - r.Start)).Trim()).ToList();
    }

    [Fact]
    public void A_closing_mark_that_would_begin_a_line_pulls_the_previous_character_down_with_it()
    {
        var lines = Lines("一二三四五。六七八", 5);

        Assert.Equal(["一二三四", "五。六七八"], lines);
    }

    [Fact]
    public void An_opening_bracket_never_ends_a_line()
    {
        var lines = Lines("一二三四（五六）七八", 5);

        Assert.Equal("一二三四", lines[0]);
        Assert.StartsWith("（", lines[1]);
    }

    [Fact]
    public void No_line_of_a_long_paragraph_begins_with_closing_punctuation_or_ends_with_opening_punctuation()
    {
        var text = string.Concat(Enumerable.Repeat("完成投资（亿元）、新增就业《名单》：“双过半”！是否？还有「引号」；以及。", 40));
        foreach (var width in new[] { 5, 7, 11, 13, 17, 28 })
        {
            var lines = Lines(text, width);
            Assert.All(lines.Skip(1), l => Assert.False(LineBreaker.NoLineStart.Contains(l[0]), $"宽{width}：行首“{l}”"));
            Assert.All(lines, l => Assert.False(LineBreaker.NoLineEnd.Contains(l[^1]), $"宽{width}：行尾“{l}”"));
            Assert.Equal(text, string.Concat(lines));
        }
    }

    [Fact]
    public void A_title_breaks_before_a_bracketed_name_rather_than_inside_it()
    {
        const string title = "市政府办公室关于上半年《政府工作报告》任务完成情况的通报";
        var units = LineBreaker.Units(title);
        var widths = units.Select(u => (float)u.Length).ToList();
        string Text((int Start, int End) r) => string.Concat(units.Skip(r.Start).Take(r.End - r.Start));

        Assert.Equal(["市政府办公室关于上半年", "《政府工作报告》任务完成情况的通报"], LineBreaker.Break(units, widths, 18, 18, keepTitles: true).Select(Text));
        Assert.Equal("市政府办公室关于上半年《政府工作报", Text(LineBreaker.Break(units, widths, 18, 18)[0]));
        // A line that would be left less than half full breaks inside the name after all.
        var longName = LineBreaker.Units("关于《一个非常长的书名号中的标题文字》的通报");
        Assert.Equal("关于《一个非常长的书", string.Concat(longName.Take(LineBreaker.Break(longName, longName.Select(u => (float)u.Length).ToList(), 10, 10, keepTitles: true)[0].End)));
    }

    [Fact]
    public void Body_text_never_ends_on_a_lone_character()
    {
        var units = LineBreaker.Units("一二三四五六七八九十表");
        var widths = units.Select(u => (float)u.Length).ToList();
        string Text((int Start, int End) r) => string.Concat(units.Skip(r.Start).Take(r.End - r.Start));

        Assert.Equal(["一二三四五六七八九", "十表"], LineBreaker.Break(units, widths, 10, 10, noLoneLastCharacter: true).Select(Text));
        Assert.Equal(["一二三四五六七八九十", "表"], LineBreaker.Break(units, widths, 10, 10).Select(Text));
        // Punctuation does not count: "下：" alone takes one more character; two characters stay as they are.
        var colon = LineBreaker.Units("一二三四五六七八九下：");
        Assert.Equal("九下：", string.Concat(colon.Skip(LineBreaker.Break(colon, colon.Select(u => (float)u.Length).ToList(), 9, 9, noLoneLastCharacter: true)[^1].Start)));
        var two = LineBreaker.Units("一二三四五六七八九十十一");
        Assert.Equal("十一", string.Concat(two.Skip(LineBreaker.Break(two, two.Select(u => (float)u.Length).ToList(), 10, 10, noLoneLastCharacter: true)[^1].Start)));
    }

    [Fact]
    public void Numbers_and_latin_words_are_not_split_but_ideographs_are()
    {
        Assert.Equal(["完", "成", "124.1%", "，", "共", "2026", "年"], LineBreaker.Units("完成124.1%，共2026年"));
    }
}
