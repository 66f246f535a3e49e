using Bunit;
using Microsoft.AspNetCore.Components;
using Supervision.Web.Components.Shared;

namespace Supervision.Tests.Components;

/// <summary>Dates can be typed as people write them, as well as picked.</summary>
public sealed class DateFieldTests : AppComponentTest
{
    [Theory]
    [InlineData("2026-06-30")]
    [InlineData("2026-6-30")]
    [InlineData("2026/6/30")]
    [InlineData("2026/06/30")]
    [InlineData("2026.6.30")]
    [InlineData("2026年6月30日")]
    [InlineData("2026年06月30日")]
    [InlineData("2026年6月30号")]
    [InlineData(" 2026 年 6 月 30 日 ")]
    [InlineData("２０２６－６－３０")]
    [InlineData("２０２６年６月３０日")]
    public void A_date_is_read_in_the_forms_people_type(string text)
    {
        Assert.True(DateText.TryParse(text, out var date), text);
        Assert.Equal(new DateOnly(2026, 6, 30), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("明天")]
    [InlineData("6月30日")]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("2026-6/30")]
    [InlineData("30/6/2026")]
    [InlineData("2026-06-30 12:00")]
    [InlineData("26-6-30")]
    public void Anything_else_is_not_a_date(string text) => Assert.False(DateText.TryParse(text, out _), text);

    [Fact]
    public async Task A_typed_date_is_taken_and_shown_the_Chinese_way()
    {
        DateTime? bound = null;
        var cut = Render<DateField>(p => p
            .Add(x => x.Label, "办理时限")
            .Add(x => x.Date, bound)
            .Add(x => x.DateChanged, EventCallback.Factory.Create<DateTime?>(this, d => bound = d)));

        await cut.Find("input").ChangeAsync(new() { Value = "2026/6/30" });

        Assert.Equal(new DateTime(2026, 6, 30), bound);
        Assert.Empty(cut.FindAll(".mud-input-error"));

        // A date the form already holds (or one picked on the calendar) reads the Chinese way.
        var shown = Render<DateField>(p => p.Add(x => x.Date, new DateTime(2026, 12, 31)));
        Assert.Equal("2026年12月31日", shown.Find("input").GetAttribute("value"));
    }

    [Fact]
    public async Task Text_that_is_no_date_is_refused_in_Chinese_and_changes_nothing()
    {
        DateTime? bound = new DateTime(2026, 6, 30);
        var cut = Render<DateField>(p => p
            .Add(x => x.Label, "申请延至")
            .Add(x => x.Date, bound)
            .Add(x => x.DateChanged, EventCallback.Factory.Create<DateTime?>(this, d => bound = d)));

        await cut.Find("input").ChangeAsync(new() { Value = "下个月底" });

        cut.WaitForAssertion(() => Assert.Contains(DateText.Error, cut.Markup));
        Assert.NotEqual(new DateTime(2026, 7, 31), bound);
        Assert.DoesNotContain("Not a valid", cut.Markup);
    }
}
