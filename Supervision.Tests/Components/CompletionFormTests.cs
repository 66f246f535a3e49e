using Bunit;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Components;

/// <summary>
/// 办结销号 on the follow-up panel (<c>CompletionForm</c>, <c>CloseOutForm</c>) over the real <c>CompletionService</c> and
/// <c>TaskCancellationService</c>. That 取消 asks first is <see cref="FollowUpConfirmationTests"/>'.
/// </summary>
public sealed class CompletionFormTests : FollowUpPanelTest
{
    private static async Task RequestCompletionAsync(ReportingWorld w) =>
        await w.Completion.RequestCompletionAsync(w.Operator, w.TaskId, (await TaskAsync(w)).Version, "10条道路全部完工并通过验收。", ct: Ct);

    [Fact]
    public async Task Applying_without_a_statement_is_refused_in_Chinese_and_the_task_stays_in_progress()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);

        await ClickAsync(cut, "提交申请");

        Assert.Contains("办结说明不能为空。", Refusal(cut));
        Assert.Equal(TaskState.InProgress, (await TaskAsync(w)).State);
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task The_lead_unit_applies_and_the_task_waits_for_the_offices_sign_off()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);
        await TypeAsync(cut, "办结说明及佐证", "10条道路全部完工并通过验收。");

        await ClickAsync(cut, "提交申请");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        Assert.Equal(TaskState.CompletionRequested, (await TaskAsync(w)).State);
        cut.WaitForAssertion(() => Assert.Contains("任务状态：申请办结", cut.Find(".fu-summary").TextContent));
        Assert.Contains("10条道路全部完工并通过验收。", cut.Markup);
        Assert.False(Offers(cut, "申请办结"));
    }

    [Fact]
    public async Task The_inspector_signs_off_an_application_and_the_task_is_done()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await RequestCompletionAsync(w);
        var cut = RenderPanel(w, w.Inspector);

        await ClickAsync(cut, "核实销号");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        Assert.Equal(TaskState.Closed, (await TaskAsync(w)).State);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=btn-sign-off]")));
    }

    [Fact]
    public async Task Not_signing_off_without_a_reason_is_refused_and_the_application_stands()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await RequestCompletionAsync(w);
        var cut = RenderPanel(w, w.Inspector);

        await ClickAsync(cut, "不予销号");

        Assert.Contains("不予销号的理由不能为空。", Refusal(cut));
        Assert.Equal(TaskState.CompletionRequested, (await TaskAsync(w)).State);
    }

    [Fact]
    public async Task Signing_off_an_application_another_inspector_just_returned_tells_what_happened()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await RequestCompletionAsync(w);
        var cut = RenderPanel(w, w.Inspector);
        await w.Completion.RejectCompletionAsync(w.Inspector, w.TaskId, (await TaskAsync(w)).Version, "验收材料不全。", Ct);

        await ClickAsync(cut, "核实销号");

        var refusal = Refusal(cut);
        Assert.Contains("该任务刚被他人处理过，当前为「办理中」", refusal);
        Assert.Contains("您的操作未执行", refusal);
        Assert.Equal(TaskState.InProgress, (await TaskAsync(w)).State);
        Assert.Equal(0, Changed);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=btn-sign-off]")));
    }

    [Fact]
    public async Task Cancelling_without_a_reason_is_refused_after_the_yes_and_the_task_runs_on()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);

        cut.Find("[data-testid=btn-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Contains("取消原因：（未填写）", cut.Find(".mud-dialog").TextContent));
        Answer(cut, "取消任务");

        Assert.Contains("取消原因不能为空。", Refusal(cut));
        Assert.Equal(TaskState.InProgress, (await TaskAsync(w)).State);
    }

    [Theory]
    [InlineData("operator", true)]
    [InlineData("principal", true)]
    [InlineData("supervisor", false)]
    [InlineData("assisting", false)]
    [InlineData("inspector", false)]
    public async Task Only_the_lead_units_operator_or_principal_is_offered_to_apply(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Person(who));

        Assert.Equal(offered, Offers(cut, "申请办结"));
        Assert.Equal(offered, cut.FindAll("[data-testid=btn-request-completion]").Count == 1);
    }

    [Theory]
    [InlineData("inspector", true)]
    [InlineData("operator", false)]
    [InlineData("principal", false)]
    [InlineData("assisting", false)]
    public async Task Only_the_inspector_is_offered_sign_off_and_cancel(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        await RequestCompletionAsync(w);
        var cut = RenderPanel(w, w.Person(who));

        Assert.Equal(offered, cut.FindAll("[data-testid=btn-sign-off]").Count == 1);
        Assert.Equal(offered, cut.FindAll("[data-testid=btn-cancel]").Count == 1);
        Assert.Equal(offered, cut.FindAll("[data-testid=close-reason]").Count == 1);
    }
}
