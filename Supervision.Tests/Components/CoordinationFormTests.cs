using Bunit;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Components;

/// <summary>申请协调 on the follow-up panel (<c>CoordinationForm</c>, <c>CoordinationDecisionForm</c>) over the real <c>CoordinationService</c>.</summary>
public sealed class CoordinationFormTests : FollowUpPanelTest
{
    private static Task<int> RaiseAsync(ReportingWorld w) =>
        w.Coordination.RaiseCoordinationAsync(w.Operator, w.TaskId, "征地拆迁进度滞后。", "协调自然资源部门加快审批。", "分管副市长", Ct);

    [Fact]
    public async Task A_request_without_the_help_needed_is_refused_in_Chinese_and_nothing_is_raised()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);
        await TypeAsync(cut, "存在的困难问题", "征地拆迁进度滞后。");

        await ClickAsync(cut, "提交");

        Assert.Contains("需要协调的事项不能为空。", Refusal(cut));
        Assert.Empty(await RecordsAsync<CoordinationRequest>(w));
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task An_assisting_unit_raises_a_request_that_waits_for_the_office()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.AssistingOperator);
        await TypeAsync(cut, "存在的困难问题", "配套资金未到位。");
        await TypeAsync(cut, "需要协调的事项", "协调财政资金拨付。");
        await TypeAsync(cut, "希望协调的领导或部门", "分管副市长");

        await ClickAsync(cut, "提交");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var request = Assert.Single(await RecordsAsync<CoordinationRequest>(w));
        Assert.Equal((CoordinationState.Raised, w.Assisting, "协调财政资金拨付。"), (request.State, request.UnitId, request.HelpNeeded));
        cut.WaitForAssertion(() => Assert.Contains("困难问题：配套资金未到位。", cut.Find("[data-testid=coordination]").TextContent));
    }

    [Fact]
    public async Task The_inspector_routes_a_request_to_the_leader_offered_first()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await RaiseAsync(w);
        var cut = RenderPanel(w, w.Inspector);
        await TypeAsync(cut, "转办意见", "请周市长协调。");

        await ClickAsync(cut, "转办");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var request = Assert.Single(await RecordsAsync<CoordinationRequest>(w));
        Assert.Equal<(CoordinationState, int?, string?)>((CoordinationState.Routed, w.LeaderId, "请周市长协调。"), (request.State, request.RoutedToLeaderId, request.RouteNote));
    }

    [Fact]
    public async Task Routing_a_request_another_inspector_just_routed_tells_who_routed_it_to_whom()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await RaiseAsync(w);
        var cut = RenderPanel(w, w.Inspector);
        var other = new Actor("u-inspector-2", "督查员戊", new HashSet<string> { Roles.Inspector }, null);
        await w.Coordination.RouteCoordinationAsync(other, id, (await RecordsAsync<CoordinationRequest>(w)).Single().Version, w.LeaderId, null, Ct);

        await ClickAsync(cut, "转办");

        var refusal = Refusal(cut);
        Assert.Contains("该协调申请已由督查员戊", refusal);
        Assert.Contains("转周承远协调", refusal);
        Assert.Equal("督查员戊", (await RecordsAsync<CoordinationRequest>(w)).Single().RoutedByName);
        Assert.Equal(0, Changed);
        // The reloaded panel now offers the step that is left: recording the leader's answer.
        cut.WaitForAssertion(() => Assert.Single(Buttons(cut, "答复")));
    }

    [Fact]
    public async Task An_answer_left_empty_is_refused_and_the_request_stays_with_the_leader()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await RaiseAsync(w);
        await w.Coordination.RouteCoordinationAsync(w.Inspector, id, (await RecordsAsync<CoordinationRequest>(w)).Single().Version, w.LeaderId, null, Ct);
        var cut = RenderPanel(w, ReportingWorld.CityLeader);

        await ClickAsync(cut, "答复");

        Assert.Contains("协调意见不能为空。", Refusal(cut));
        Assert.Equal(CoordinationState.Routed, (await RecordsAsync<CoordinationRequest>(w)).Single().State);
    }

    [Theory]
    [InlineData("operator", true)]
    [InlineData("assisting", true)]
    [InlineData("inspector", false)]
    [InlineData("leader", false)]
    public async Task Only_the_tasks_units_are_offered_to_raise_coordination(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Person(who));

        Assert.Equal(offered, Offers(cut, "申请协调"));
        Assert.Equal(offered, cut.Markup.Contains("存在的困难问题", StringComparison.Ordinal));
    }
}
