using Microsoft.AspNetCore.Components;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Web.Components.Shared;

namespace Supervision.Web.Components.Reporting.FollowUp;

/// <summary>
/// What every form of the follow-up panel shares: the task's follow-up view it formats, the person acting, and one way
/// to run a workflow service's command. The panel shows the outcome in one place (the refusal above its sections, the
/// success as a snackbar) and reloads the view, so a form only keeps what was typed into it.
/// </summary>
public abstract class FollowUpForm : ComponentBase
{
    /// <summary>The task's follow-up as last loaded: its records, the versions a command must name, and what the person may do.</summary>
    [Parameter, EditorRequired]
    public FollowUpView View { get; set; } = default!;

    /// <summary>The signed-in person; each service checks again that they may run the command.</summary>
    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    /// <summary>Told the success message of a command that went through, so the panel says it, reloads and the page refreshes.</summary>
    [Parameter]
    public EventCallback<string> Done { get; set; }

    /// <summary>Told the service's refusal in the office's words, so the panel shows it and reloads what changed meanwhile.</summary>
    [Parameter]
    public EventCallback<string> Refused { get; set; }

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    /// <summary>The running command; the form's buttons are disabled while it runs.</summary>
    protected FormCommand Command { get; } = new();

    /// <summary>Runs <paramref name="command"/> and tells the panel; true when it went through, so the form clears its fields.</summary>
    protected Task<bool> RunAsync(Func<Task> command, string done) => RunAsync(async () =>
    {
        await command();
        return done;
    });

    /// <summary>Runs <paramref name="command"/>, which returns its own success message (e.g. the number it issued).</summary>
    protected async Task<bool> RunAsync(Func<Task<string>> command)
    {
        // The buttons are disabled while a command runs; this guards a click that arrived before the render did.
        if (Command.Busy)
            return false;
        var done = "";
        var refusal = await Command.RunAsync(async () => done = await command());
        if (refusal is not null)
        {
            await Refused.InvokeAsync(refusal);
            return false;
        }

        await Done.InvokeAsync(done);
        return true;
    }

    /// <summary>Asks before a step that cannot be undone (亮红牌, 取消); true on the yes.</summary>
    protected async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions { Title = title, Message = message, YesText = yes, CancelText = "返回" }) == true;

    /// <summary>What the person typed, for a confirmation's message.</summary>
    protected static string Said(string? text) => string.IsNullOrWhiteSpace(text) ? "（未填写）" : text.Trim();
}
