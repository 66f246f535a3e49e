using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class DeadlineParserTests
{
    [Theory]
    [InlineData("6月底前", 2026, 6, 30)]
    [InlineData("6月底", 2026, 6, 30)]
    [InlineData("六月底前", 2026, 6, 30)]
    [InlineData("2月底前", 2026, 2, 28)]
    [InlineData("11月前", 2026, 11, 30)]
    [InlineData("9月份", 2026, 9, 30)]
    [InlineData("年底前", 2026, 12, 31)]
    [InlineData("年内", 2026, 12, 31)]
    [InlineData("年底前完成", 2026, 12, 31)]
    [InlineData("上半年", 2026, 6, 30)]
    [InlineData("下半年", 2026, 12, 31)]
    [InlineData("2026年9月30日", 2026, 9, 30)]
    [InlineData("2026年9月30日前", 2026, 9, 30)]
    [InlineData("２０２６年９月３０日", 2026, 9, 30)]
    [InlineData("2026-09-30", 2026, 9, 30)]
    [InlineData("2026/9/30", 2026, 9, 30)]
    [InlineData("2026.9.30", 2026, 9, 30)]
    [InlineData("9月30日前", 2026, 9, 30)]
    [InlineData("2027年6月底前", 2027, 6, 30)]
    [InlineData("一季度", 2026, 3, 31)]
    [InlineData("第二季度", 2026, 6, 30)]
    [InlineData("三季度", 2026, 9, 30)]
    [InlineData("3季度末", 2026, 9, 30)]
    [InlineData("四季度", 2026, 12, 31)]
    [InlineData("前三季度", 2026, 9, 30)]
    [InlineData("6月中旬", 2026, 6, 20)]
    [InlineData("3月至6月", 2026, 6, 30)]
    [InlineData("3-6月", 2026, 6, 30)]
    [InlineData("2026年底", 2026, 12, 31)]
    [InlineData("6月30号", 2026, 6, 30)]
    [InlineData("6月30", 2026, 6, 30)]
    [InlineData("12月20号前", 2026, 12, 20)]
    [InlineData("年度内", 2026, 12, 31)]
    [InlineData("本年内", 2026, 12, 31)]
    [InlineData("2027年", 2027, 12, 31)]
    [InlineData("2027年内", 2027, 12, 31)]
    [InlineData("2026年12月底前", 2026, 12, 31)]
    [InlineData("二季度末前", 2026, 6, 30)]
    public void Fixed_deadlines_are_read_by_the_documented_rules(string text, int y, int m, int d)
    {
        var reading = DeadlineParser.Parse(text, 2026);

        Assert.Equal(new DateOnly(y, m, d), reading.Date);
        Assert.False(reading.Ongoing);
    }

    [Theory]
    [InlineData("长期坚持")]
    [InlineData("持续推进")]
    [InlineData("常态化推进")]
    [InlineData("长期")]
    public void Ongoing_work_is_judged_at_the_year_end_and_marked(string text)
    {
        var reading = DeadlineParser.Parse(text, 2026);

        Assert.Equal(new DateOnly(2026, 12, 31), reading.Date);
        Assert.True(reading.Ongoing);
        Assert.Contains("年底", reading.Note);
    }

    [Theory]
    [InlineData("尽快")]
    [InlineData("按省里要求")]
    [InlineData("13月底前")]
    [InlineData("2026年2月30日")]
    [InlineData("五季度")]
    [InlineData("每月")]
    [InlineData("2026年6月底前完成主体工程，年底前投入使用")]
    [InlineData("长期坚持，持续推进")]
    [InlineData("")]
    [InlineData("   ")]
    public void Anything_else_is_not_read_rather_than_guessed(string text)
    {
        Assert.False(DeadlineParser.Parse(text, 2026).IsRead);
    }
}
