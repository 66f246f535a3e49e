using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Tests.Ledger;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Components;

/// <summary>
/// The registration page and its form (<c>TaskRegister</c> + <c>TaskForm</c>) over the real registration and ledger
/// services on SQLite: what the inspector is told, what is kept, and what is written.
/// </summary>
public sealed class TaskRegisterFormTests : AppComponentTest
{
    private async Task<(LedgerWorld World, IRenderedComponent<TaskRegister> Page)> OpenAsync()
    {
        var w = await LedgerWorld.CreateAsync();
        SignInAs(LedgerWorld.Inspector);
        Services.AddSingleton(w.Registration());
        Services.AddSingleton(w.Query());
        Services.AddSingleton<TimeProvider>(w.Clock);
        Render<MudPopoverProvider>();
        var page = Render<TaskRegister>();
        page.WaitForElement("[data-testid=save-task]");
        return (w, page);
    }

    // MudBlazor puts a text field's data-testid on the input itself.
    private static Task TypeAsync(IRenderedComponent<TaskRegister> page, string testId, string text) =>
        page.Find($"[data-testid={testId}]").ChangeAsync(new() { Value = text });

    private static string FieldText(IRenderedComponent<TaskRegister> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    private static Task PickAsync<T>(IRenderedComponent<TaskRegister> page, string label, T value) =>
        page.InvokeAsync(() => page.FindComponents<MudSelect<T>>().Single(s => s.Instance.Label == label).Instance.ValueChanged.InvokeAsync(value));

    private static async Task<List<SupervisionTask>> TasksAsync(LedgerWorld w)
    {
        await using var db = w.Db.CreateDbContext();
        return await db.Tasks.AsNoTracking().Include(t => t.Meeting).OrderBy(t => t.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_form_sent_without_title_content_or_lead_unit_names_each_field_and_writes_nothing()
    {
        var (w, page) = await OpenAsync();
        await using var _ = w;

        await page.Find("[data-testid=save-task]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("有3处需要修改", page.Find("[data-testid=form-error]").TextContent));
        Assert.Contains("请填写任务名称。", FieldText(page, "field-title"));
        Assert.Contains("请填写任务内容。", FieldText(page, "field-content"));
        Assert.Contains("请选择牵头单位。", page.Markup);
        Assert.Empty(await TasksAsync(w));
    }

    [Fact]
    public async Task Choosing_a_leader_instruction_asks_for_the_instruction_and_not_for_a_meeting()
    {
        var (w, page) = await OpenAsync();
        await using var _ = w;
        Assert.Empty(page.FindAll("[data-testid=section-instruction]"));

        await PickAsync(page, "任务来源", TaskSource.LeaderInstruction);

        page.WaitForElement("[data-testid=section-instruction]");
        Assert.Empty(page.FindAll("[data-testid=field-meeting-name]"));
        Assert.Equal("登记并继续登记本批示的下一项", page.Find("[data-testid=save-and-next]").TextContent.Trim());
    }

    [Fact]
    public async Task One_meeting_is_registered_as_several_tasks_without_retyping_the_meeting()
    {
        var (w, page) = await OpenAsync();
        await using var _ = w;
        await PickAsync(page, "任务来源", TaskSource.MeetingDecision);
        page.WaitForElement("[data-testid=field-meeting-name]");
        await TypeAsync(page, "field-meeting-name", "市政府第18次常务会议");
        await TypeAsync(page, "field-meeting-decision", "会议决定：加快城区防汛设施建设；完善城区排水管网。");
        await TypeAsync(page, "field-title", "城区防汛设施建设");
        await TypeAsync(page, "field-content", "汛期前完成城区易涝点整治15处。");
        await PickAsync<int?>(page, "牵头单位", w.Units["市住建局"]);

        await page.Find("[data-testid=save-and-next]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("-HY-", page.Find("[data-testid=registered-previous]").TextContent));
        Assert.Equal("", page.Find("[data-testid=field-title]").GetAttribute("value") ?? "");
        Assert.Equal("市政府第18次常务会议", page.Find("[data-testid=field-meeting-name]").GetAttribute("value"));
        await TypeAsync(page, "field-title", "城区排水管网完善");
        await TypeAsync(page, "field-content", "年内新建改造城区排水管网30公里。");
        await PickAsync<int?>(page, "牵头单位", w.Units["市住建局"]);
        await page.Find("[data-testid=save-task]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches(@"/tasks/\d+$", navigation.Uri));
        var tasks = await TasksAsync(w);
        Assert.Equal(["城区防汛设施建设", "城区排水管网完善"], tasks.Select(t => t.Title));
        Assert.All(tasks, t => Assert.Equal("市政府第18次常务会议", t.Meeting!.MeetingName));
        Assert.All(tasks, t => Assert.Equal(TaskSource.MeetingDecision, t.Source));
        Assert.NotEqual(tasks[0].Number, tasks[1].Number);
        Assert.EndsWith($"/tasks/{tasks[1].Id}", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarterly_quick_fill_labels_each_node_by_its_share_of_the_tasks_own_span()
    {
        var (w, page) = await OpenAsync();
        await using var _ = w;
        // The default form runs from today (2 March) to 31 December: the first quarter end is a small share of it.
        await page.Find("[data-testid=fill-quarterly]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".milestone-row").Count));
        var titles = page.FindAll(".milestone-row").Select(r => r.QuerySelectorAll("input")[2].GetAttribute("value")).ToList();
        Assert.DoesNotContain(titles, t => t!.Contains("季度", StringComparison.Ordinal));
        Assert.Equal("全面完成任务", titles[^1]);
        Assert.All(titles.SkipLast(1), t => Assert.Matches(@"^完成总工作量的\d+%$", t!));
    }
}
