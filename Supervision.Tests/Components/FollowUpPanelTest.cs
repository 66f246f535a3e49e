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

/// <summary>
/// The follow-up panel of <see cref="ReportingWorld"/>'s task over the real workflow services on SQLite, as one person
/// sees it: the forms are tested where they live, so a test sees the panel's message and the reloaded records too.
/// </summary>
public abstract class FollowUpPanelTest : AppComponentTest
{
    /// <summary>How many times the panel told the page that an action went through.</summary>
    protected int Changed { get; private set; }

    /// <summary>Renders the panel for <paramref name="actor"/>; one person per test, as the services are set up once.</summary>
    private protected IRenderedComponent<IComponent> RenderPanel(ReportingWorld w, Actor actor)
    {
        SignInAs(actor);
        w.AddPageServices(Services);
        var cut = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<TaskFollowUpPanel>(2);
            b.AddAttribute(3, nameof(TaskFollowUpPanel.TaskId), w.TaskId);
            b.AddAttribute(4, nameof(TaskFollowUpPanel.Changed), EventCallback.Factory.Create(this, () => Changed++));
            b.CloseComponent();
        });
        cut.WaitForElement("[data-testid=follow-up]");
        return cut;
    }

    /// <summary>The input of a field marked with a data-testid (MudBlazor puts it on the input, a DateField on its wrapper).</summary>
    protected static IElement Field(IRenderedComponent<IComponent> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    /// <summary>Types into the text field with <paramref name="label"/>, as a person does (the fields update as they type).</summary>
    protected static Task TypeAsync(IRenderedComponent<IComponent> cut, string label, string text)
    {
        var field = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);
        return field.Find("input, textarea").InputAsync(new() { Value = text });
    }

    /// <summary>Clicks the one button reading <paramref name="text"/>.</summary>
    protected static Task ClickAsync(IRenderedComponent<IComponent> cut, string text) =>
        Buttons(cut, text).Single().ClickAsync(new());

    /// <summary>The buttons reading <paramref name="text"/> (none when the form is not offered).</summary>
    protected static IReadOnlyList<IElement> Buttons(IRenderedComponent<IComponent> cut, string text) =>
        cut.FindAll("button").Where(b => b.TextContent.Trim() == text).ToList();

    /// <summary>Whether the panel offers the folded form under <paramref name="summary"/> (申请协调, 申请延期, 申请办结).</summary>
    protected static bool Offers(IRenderedComponent<IComponent> cut, string summary) =>
        cut.FindAll("details.fu-details summary").Any(s => s.TextContent.Trim() == summary);

    /// <summary>Waits for the panel's message about a refused action.</summary>
    protected static string Refusal(IRenderedComponent<IComponent> cut)
    {
        cut.WaitForElement("[data-testid=follow-up-error]");
        return cut.Find("[data-testid=follow-up-error]").TextContent;
    }

    /// <summary>Answers the open confirmation with the button reading <paramref name="button"/>.</summary>
    protected static void Answer(IRenderedComponent<IComponent> cut, string button) =>
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).Click();

    private protected static async Task<SupervisionTask> TaskAsync(ReportingWorld w)
    {
        await using var db = w.Db.CreateDbContext();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == w.TaskId, Ct);
    }

    private protected static async Task<List<T>> RecordsAsync<T>(ReportingWorld w)
        where T : class, ITaskScopedRecord
    {
        await using var db = w.Db.CreateDbContext();
        return await db.Set<T>().AsNoTracking().Where(r => r.TaskId == w.TaskId).ToListAsync(Ct);
    }
}
