using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Components.Shared;

namespace Supervision.Tests.Components;

/// <summary>The chasing ladder on the follow-up panel (<c>EscalationForm</c>) over the real <c>EscalationService</c>.</summary>
public sealed class EscalationFormTests : FollowUpPanelTest
{
    private static Task ChooseAsync(IRenderedComponent<IComponent> cut, ChaseLevel level) =>
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<ChaseLevel>>().Instance.ValueChanged.InvokeAsync(level));

    [Fact]
    public async Task An_urge_without_content_is_refused_in_Chinese_and_nothing_is_sent()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);

        await ClickAsync(cut, "发出");

        Assert.Contains("督办内容不能为空。", Refusal(cut));
        Assert.Empty(await RecordsAsync<ChaseRecord>(w));
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task A_supervision_order_without_its_deadline_is_refused_and_keeps_what_was_typed()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);
        await ChooseAsync(cut, ChaseLevel.SupervisionOrder);
        await TypeAsync(cut, "督办内容", "请制定赶超措施。");

        await ClickAsync(cut, "发出");

        Assert.Contains("请填写督办单的办理时限。", Refusal(cut));
        Assert.Empty(await RecordsAsync<ChaseRecord>(w));
        Assert.Equal("请制定赶超措施。", Field(cut, "chase-text").GetAttribute("value"));
    }

    [Fact]
    public async Task A_supervision_order_with_its_deadline_is_numbered_and_raises_the_tasks_chase_level()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);
        await ChooseAsync(cut, ChaseLevel.SupervisionOrder);
        await TypeAsync(cut, "督办内容", "请制定赶超措施。");
        await cut.InvokeAsync(() => cut.FindComponent<DateField>().Instance.DateChanged.InvokeAsync(new DateTime(2026, 4, 20)));

        await ClickAsync(cut, "发出");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var order = Assert.Single(await RecordsAsync<ChaseRecord>(w));
        Assert.Equal(ChaseLevel.SupervisionOrder, order.Level);
        Assert.Equal("督办〔2026〕1号", order.Number);
        Assert.Equal(new DateOnly(2026, 4, 20), order.Deadline);
        cut.WaitForAssertion(() => Assert.Equal("督办", cut.Find("[data-testid=chase-level]").TextContent));
        Assert.Contains("督办〔2026〕1号（限2026年4月20日前）", cut.Find("[data-testid=chases]").TextContent);
    }

    [Fact]
    public async Task An_interview_before_any_supervision_order_is_refused_with_the_ladder_explained()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);
        await ChooseAsync(cut, ChaseLevel.Interview);
        await TypeAsync(cut, "督办内容", "约谈主要负责人。");

        await ClickAsync(cut, "发出");

        Assert.Contains("该任务尚未下发督办单，应先督办，再约谈。", Refusal(cut));
        Assert.Empty(await RecordsAsync<ChaseRecord>(w));
    }

    [Theory]
    [InlineData("inspector", true)]
    [InlineData("operator", false)]
    [InlineData("principal", false)]
    [InlineData("leader", false)]
    public async Task Only_the_inspector_is_offered_the_chasing_form(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.Urge, "请尽快报送3月进展。", Ct);
        var cut = RenderPanel(w, who switch { "inspector" => w.Inspector, "operator" => w.Operator, "principal" => w.Principal, _ => ReportingWorld.CityLeader });

        // Everyone who sees the task reads its record; only the inspector climbs the ladder.
        Assert.Contains("请尽快报送3月进展。", cut.Find("[data-testid=chases]").TextContent);
        Assert.Equal(offered, cut.FindAll("[data-testid=btn-chase]").Count == 1);
        Assert.Equal(offered, cut.FindAll("[data-testid=chase-text]").Count == 1);
    }
}
