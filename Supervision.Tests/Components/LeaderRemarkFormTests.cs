using Bunit;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Components;

/// <summary>领导批示 on the follow-up panel (<c>LeaderRemarkForm</c>, <c>RemarkResponseForm</c>) over the real <c>LeaderRemarkService</c>.</summary>
public sealed class LeaderRemarkFormTests : FollowUpPanelTest
{
    [Fact]
    public async Task A_remark_without_text_is_refused_in_Chinese_and_nothing_reaches_the_units()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, ReportingWorld.CityLeader);

        await ClickAsync(cut, "批示");

        Assert.Contains("批示内容不能为空。", Refusal(cut));
        Assert.Empty(await RecordsAsync<LeaderRemark>(w));
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task A_city_leaders_remark_is_kept_shown_and_asks_the_lead_unit_to_report()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, ReportingWorld.CityLeader);

        await TypeAsync(cut, "批示内容", "请市发改委加快进度，月底前报结果。");
        await ClickAsync(cut, "批示");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var remark = Assert.Single(await RecordsAsync<LeaderRemark>(w));
        Assert.Equal("请市发改委加快进度，月底前报结果。", remark.Text);
        Assert.True(remark.RequiresResponse);
        cut.WaitForAssertion(() => Assert.Contains("（要求报告落实情况）", cut.Find(".fu-item.remark").TextContent));
    }

    [Fact]
    public async Task Reporting_on_a_remark_someone_else_just_answered_tells_who_answered_and_keeps_their_answer()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "请报告推进情况。", true, Ct);
        var cut = RenderPanel(w, w.Operator);
        await TypeAsync(cut, "批示落实情况", "已召开专题会研究推进。");
        var version = (await RecordsAsync<LeaderRemark>(w)).Single().Version;
        await w.Remarks.RespondRemarkAsync(w.Principal, id, version, "已落实，3条道路开工。", Ct);

        await ClickAsync(cut, "报告落实情况");

        var refusal = Refusal(cut);
        Assert.Contains("该批示已由主要领导丁", refusal);
        Assert.Contains("您的操作未执行", refusal);
        Assert.Equal("已落实，3条道路开工。", (await RecordsAsync<LeaderRemark>(w)).Single().Response);
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task The_lead_unit_reports_on_a_remark_and_the_leader_reads_it_under_the_remark()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "请报告推进情况。", true, Ct);
        var cut = RenderPanel(w, w.Operator);

        await TypeAsync(cut, "批示落实情况", "已召开专题会研究推进。");
        await ClickAsync(cut, "报告落实情况");

        cut.WaitForAssertion(() => Assert.Contains("落实情况（联络员乙", cut.Find(".fu-answer").TextContent));
        Assert.Equal("已召开专题会研究推进。", (await RecordsAsync<LeaderRemark>(w)).Single().Response);
        Assert.Empty(Buttons(cut, "报告落实情况"));
    }

    [Theory]
    [InlineData("leader", true)]
    [InlineData("inspector", false)]
    [InlineData("operator", false)]
    [InlineData("principal", false)]
    public async Task Only_a_city_leader_is_offered_the_remark_form(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, who switch { "leader" => ReportingWorld.CityLeader, "inspector" => w.Inspector, "operator" => w.Operator, _ => w.Principal });

        Assert.Equal(offered, cut.FindAll("[data-testid=btn-remark]").Count == 1);
        Assert.Equal(offered, cut.Markup.Contains("批示内容", StringComparison.Ordinal));
    }
}
