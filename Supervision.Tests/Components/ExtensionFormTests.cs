using Bunit;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Components;

/// <summary>延期申请 on the follow-up panel (<c>ExtensionForm</c>, <c>ExtensionDecisionForm</c>) over the real <c>ExtensionService</c>.</summary>
public sealed class ExtensionFormTests : FollowUpPanelTest
{
    private static readonly DateOnly Asked = new(2027, 3, 31);

    private static async Task<(int Id, long Version)> RequestAsync(ReportingWorld w)
    {
        var id = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, Asked, "受汛期影响，施工窗口推迟。", Ct);
        return (id, (await RecordsAsync<ExtensionRequest>(w)).Single().Version);
    }

    [Fact]
    public async Task A_request_without_a_date_is_refused_in_Chinese_and_nothing_is_asked()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);
        await TypeAsync(cut, "延期理由", "受汛期影响，施工窗口推迟。");

        await ClickAsync(cut, "提交主要领导签署");

        Assert.Contains("请选择申请延至的日期。", Refusal(cut));
        Assert.Empty(await RecordsAsync<ExtensionRequest>(w));
        Assert.Equal(0, Changed);
    }

    [Fact]
    public async Task A_request_without_a_reason_is_refused_in_Chinese_and_nothing_is_asked()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);
        await Field(cut, "extension-date").ChangeAsync(new() { Value = "2027年3月31日" });

        await ClickAsync(cut, "提交主要领导签署");

        Assert.Contains("延期理由不能为空。", Refusal(cut));
        Assert.Empty(await RecordsAsync<ExtensionRequest>(w));
    }

    [Fact]
    public async Task The_lead_unit_asks_for_a_later_deadline_and_the_request_waits_for_its_principal()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Operator);
        await Field(cut, "extension-date").ChangeAsync(new() { Value = "2027年3月31日" });
        await TypeAsync(cut, "延期理由", "受汛期影响，施工窗口推迟。");

        await ClickAsync(cut, "提交主要领导签署");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var request = Assert.Single(await RecordsAsync<ExtensionRequest>(w));
        Assert.Equal((ExtensionState.Requested, Asked), (request.State, request.RequestedDeadline));
        cut.WaitForAssertion(() => Assert.Contains("延至2027年3月31日", cut.Find("[data-testid=extension]").TextContent));
        // One open request at a time: the form to ask again is gone.
        Assert.False(Offers(cut, "申请延期"));
    }

    [Fact]
    public async Task The_inspector_approves_a_signed_request_and_the_tasks_deadline_moves()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await RequestAsync(w);
        await w.Extensions.EndorseExtensionAsync(w.Principal, id, version, null, Ct);
        var cut = RenderPanel(w, w.Inspector);

        await ClickAsync(cut, "同意延期");

        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        var task = await TaskAsync(w);
        Assert.Equal((Asked, new DateOnly(2026, 12, 31)), (task.Deadline, task.OriginalDeadline));
        cut.WaitForAssertion(() => Assert.Contains("完成时限：2027年3月31日（原定2026年12月31日）", cut.Find(".fu-summary").TextContent));
    }

    [Fact]
    public async Task Refusing_a_request_without_a_reason_is_refused_and_the_request_stays_open()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await RequestAsync(w);
        await w.Extensions.EndorseExtensionAsync(w.Principal, id, version, null, Ct);
        var cut = RenderPanel(w, w.Inspector);

        await ClickAsync(cut, "不同意");

        Assert.Contains("不同意的理由不能为空。", Refusal(cut));
        Assert.Equal(ExtensionState.Endorsed, (await RecordsAsync<ExtensionRequest>(w)).Single().State);
        Assert.Equal(new DateOnly(2026, 12, 31), (await TaskAsync(w)).Deadline);
    }

    [Fact]
    public async Task Signing_a_request_the_principal_already_refused_elsewhere_tells_what_happened()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await RequestAsync(w);
        var cut = RenderPanel(w, w.Principal);
        await w.Extensions.RejectExtensionAsync(w.Principal, id, version, "理由不充分，请按期完成。", Ct);

        await ClickAsync(cut, "签署同意");

        var refusal = Refusal(cut);
        Assert.Contains("该延期申请已由主要领导丁", refusal);
        Assert.Contains("不同意", refusal);
        Assert.Contains("您的操作未执行", refusal);
        Assert.Equal(ExtensionState.Rejected, (await RecordsAsync<ExtensionRequest>(w)).Single().State);
    }

    [Theory]
    [InlineData("operator", true)]
    [InlineData("principal", true)]
    [InlineData("supervisor", false)]
    [InlineData("assisting", false)]
    [InlineData("inspector", false)]
    public async Task Only_the_lead_units_operator_or_principal_is_offered_to_ask_for_an_extension(string who, bool offered)
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Person(who));

        Assert.Equal(offered, Offers(cut, "申请延期"));
        Assert.Equal(offered, cut.FindAll("[data-testid=extension-date]").Count == 1);
    }
}
