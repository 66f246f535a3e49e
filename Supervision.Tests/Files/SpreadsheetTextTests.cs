using Supervision.Core.Files;

namespace Supervision.Tests.Files;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 电话", "'+86 电话")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("推进=1", "推进=1")]
    [InlineData("'已有引号", "'已有引号")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Values_that_begin_like_a_formula_get_a_leading_single_quote_and_others_stay_as_they_are(string? value, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Safe(value));
}
