using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Components.Reporting;

namespace Supervision.Tests.Components;

/// <summary>取消 and 亮红牌 cannot be undone: they ask first, and act only on a yes.</summary>
public sealed class FollowUpConfirmationTests : AppComponentTest
{
    private int _changed;

    private IRenderedComponent<IComponent> RenderPanel(ReportingWorld w)
    {
        SignInAs(w.Inspector);
        Services.AddSingleton(w.FollowUp);
        Services.AddSingleton<TimeProvider>(w.Clock);
        return Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<TaskFollowUpPanel>(2);
            b.AddAttribute(3, nameof(TaskFollowUpPanel.TaskId), w.TaskId);
            b.AddAttribute(4, nameof(TaskFollowUpPanel.Changed), EventCallback.Factory.Create(this, () => _changed++));
            b.CloseComponent();
        });
    }

    private static IElement Field(IRenderedComponent<IComponent> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    private static void Answer(IRenderedComponent<IComponent> cut, string button) =>
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).Click();

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
        var cut = RenderPanel(w);
        cut.WaitForElement("[data-testid=btn-cancel]");
        await Field(cut, "close-reason").InputAsync(new() { Value = "因政策调整，该项工作不再实施。" });

        cut.Find("[data-testid=btn-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Contains("确定取消该任务吗", cut.Find(".mud-dialog").TextContent));
        Assert.Contains("因政策调整，该项工作不再实施。", cut.Find(".mud-dialog").TextContent);
        Answer(cut, "返回");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Equal(TaskState.InProgress, await StateAsync(w));
        Assert.Equal(0, _changed);

        cut.Find("[data-testid=btn-cancel]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-dialog")));
        Answer(cut, "取消任务");
        cut.WaitForAssertion(() => Assert.Equal(1, _changed));
        Assert.Equal(TaskState.Cancelled, await StateAsync(w));
    }

    [Fact]
    public async Task A_red_card_asks_first_while_an_ordinary_urge_goes_at_once()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.FollowUp.IssueOrderAsync(w.Inspector, w.TaskId, "请于4月20日前报送整改情况。", new DateOnly(2026, 4, 20), Ct);
        var cut = RenderPanel(w);
        cut.WaitForElement("[data-testid=btn-chase]");

        // 催办 (the default) needs no confirmation.
        await Field(cut, "chase-text").InputAsync(new() { Value = "请尽快报送3月进展。" });
        cut.Find("[data-testid=btn-chase]").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, _changed));
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
        cut.WaitForAssertion(() => Assert.Equal(2, _changed));
        Assert.Equal(1, await ChasesAsync(w, ChaseLevel.RedCard));
    }
}
