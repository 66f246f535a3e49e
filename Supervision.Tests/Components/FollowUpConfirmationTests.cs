using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Components;

/// <summary>取消 and 亮红牌 cannot be undone: they ask first, and act only on a yes.</summary>
public sealed class FollowUpConfirmationTests : FollowUpPanelTest
{
    private static async Task<TaskState> StateAsync(ReportingWorld w)
    {
        await using var db = w.Db.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == w.TaskId).Select(t => t.State).SingleAsync(Ct);
    }

    private static async Task<int> ChasesAsync(ReportingWorld w, ChaseLevel level)
    {
        await using var db = w.Db.CreateDbContext();
        return await db.Set<ChaseRecord>().CountAsync(c => c.TaskId == w.TaskId && c.Level == level, Ct);
    }

    [Fact]
    public async Task Cancelling_a_task_asks_first_and_a_no_leaves_it_running()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var cut = RenderPanel(w, w.Inspector);
        cut.WaitForElement("[data-testid=btn-cancel]");
        await Field(cut, "close-reason").InputAsync(new() { Value = "因政策调整，该项工作不再实施。" });

        cut.Find("[data-testid=btn-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Contains("确定取消该任务吗", cut.Find(".mud-dialog").TextContent));
        Assert.Contains("因政策调整，该项工作不再实施。", cut.Find(".mud-dialog").TextContent);
        Answer(cut, "返回");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Equal(TaskState.InProgress, await StateAsync(w));
        Assert.Equal(0, Changed);

        cut.Find("[data-testid=btn-cancel]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-dialog")));
        Answer(cut, "取消任务");
        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        Assert.Equal(TaskState.Cancelled, await StateAsync(w));
    }

    [Fact]
    public async Task A_red_card_asks_first_while_an_ordinary_urge_goes_at_once()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "请于4月20日前报送整改情况。", new DateOnly(2026, 4, 20), Ct);
        var cut = RenderPanel(w, w.Inspector);
        cut.WaitForElement("[data-testid=btn-chase]");

        // 催办 (the default) needs no confirmation.
        await Field(cut, "chase-text").InputAsync(new() { Value = "请尽快报送3月进展。" });
        cut.Find("[data-testid=btn-chase]").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, Changed));
        Assert.Empty(cut.FindAll(".mud-dialog"));
        Assert.Equal(1, await ChasesAsync(w, ChaseLevel.Urge));

        var select = cut.FindComponent<MudSelect<ChaseLevel>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ChaseLevel.RedCard));
        await Field(cut, "chase-text").InputAsync(new() { Value = "逾期未整改，亮红牌警示。" });
        cut.Find("[data-testid=btn-chase]").Click();
        cut.WaitForAssertion(() => Assert.Contains("确定对该任务亮红牌吗", cut.Find(".mud-dialog").TextContent));
        Answer(cut, "返回");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Equal(0, await ChasesAsync(w, ChaseLevel.RedCard));

        cut.Find("[data-testid=btn-chase]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-dialog")));
        Answer(cut, "亮红牌");
        cut.WaitForAssertion(() => Assert.Equal(2, Changed));
        Assert.Equal(1, await ChasesAsync(w, ChaseLevel.RedCard));
    }
}
