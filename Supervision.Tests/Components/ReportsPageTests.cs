using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using Supervision.Tests.Reporting;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Components;

/// <summary>/reports opens on the period running today.</summary>
public sealed class ReportsPageTests : AppComponentTest
{
    [Theory]
    [InlineData(2026, 4, 2, "2026年上半年")]
    [InlineData(2026, 10, 9, "2026年全年")]
    [InlineData(2026, 2, 1, "2026年一季度")]
    [InlineData(2026, 9, 30, "2026年前三季度")]
    public async Task The_reports_page_opens_on_the_period_running_today(int year, int month, int day, string expected)
    {
        await using var w = await ReportingWorld.CreateAsync();
        // 10:00 in China on that day.
        var clock = new FakeTimeProvider(new DateTimeOffset(year, month, day, 2, 0, 0, TimeSpan.Zero));
        SignInAs(w.Inspector);
        Services.AddSingleton<TimeProvider>(clock);
        using var judgement = TestJudgement.For(w.Db, clock);
        Services.AddSingleton(new PeriodSummaryService(judgement));

        var cut = Render<Reports>();

        // The summaries are judged on first render; on a loaded machine that can outlast bUnit's one-second default.
        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find(".mud-tab-active").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal(expected, SupervisionPeriod.Current(year, new DateOnly(year, month, day)).Label);
    }

    [Fact]
    public void A_year_gone_by_opens_on_the_whole_year_and_one_to_come_on_its_first_quarter()
    {
        Assert.Equal("2025-Y", SupervisionPeriod.Current(2025, new DateOnly(2026, 1, 5)).Key);
        Assert.Equal("2027-Q1", SupervisionPeriod.Current(2027, new DateOnly(2026, 12, 5)).Key);
    }
}
