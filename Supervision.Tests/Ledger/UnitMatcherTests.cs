using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class UnitMatcherTests
{
    private static readonly UnitMatcher _matcher = new(
    [
        new UnitName(1, "市发展和改革委员会", "市发展改革委", ["市发改委", "澜江市发展和改革委员会"]),
        new UnitName(2, "市财政局", null, ["澜江市财政局"]),
        new UnitName(3, "市住房和城乡建设局", "市住建局", ["市住房城乡建设局"]),
        new UnitName(4, "澜东区", null, ["澜东区人民政府"]),
        new UnitName(5, "市旧名局", null, [], IsActive: false),
    ]);

    [Theory]
    [InlineData("市发展和改革委员会", 1)]
    [InlineData("市发展改革委", 1)]
    [InlineData("市发改委", 1)]
    [InlineData("发改委", 1)]
    [InlineData(" 市发改委（牵头）", 1)]
    [InlineData("市发改委牵头", 1)]
    [InlineData("市财政局配合", 2)]
    [InlineData("牵头单位：市发改委", 1)]
    [InlineData("配合:市财政局", 2)]
    [InlineData("市住 建局", 3)]
    [InlineData("澜东区人民政府", 4)]
    public void Names_short_names_and_aliases_find_the_unit(string written, int id)
    {
        var match = _matcher.Match(written);

        Assert.True(match.Found, match.Problem);
        Assert.Equal(id, match.Unit!.Id);
    }

    [Fact]
    public void An_unknown_name_suggests_the_nearest_units()
    {
        var match = _matcher.Match("市发改局");

        Assert.False(match.Found);
        Assert.Equal("市发展改革委", match.Suggestions[0]);
        Assert.Equal("单位「市发改局」不在单位名录中，是否指：" + string.Join("、", match.Suggestions) + "？", match.Problem);
    }

    [Fact]
    public void A_name_like_nothing_suggests_nothing()
    {
        var match = _matcher.Match("外星联络办");

        Assert.False(match.Found);
        Assert.Empty(match.Suggestions);
        Assert.Equal("单位「外星联络办」不在单位名录中", match.Problem);
    }

    [Fact]
    public void A_units_cell_splits_on_every_listed_separator_in_order()
    {
        var names = UnitMatcher.Split("市发改委、市财政局，市住建局,澜东区；市教育局;市商务局\n市统计局等");

        Assert.Equal(["市发改委", "市财政局", "市住建局", "澜东区", "市教育局", "市商务局", "市统计局"], names);
    }
}
