using Supervision.Core.Domain;

namespace Supervision.Web.Components.Shared;

/// <summary>
/// Runs one command of a form or page (a button's save, remove, issue…): the form is busy while it runs, so its
/// buttons are disabled and a double click does not send the command twice; the service's refusal
/// (<see cref="DomainException"/>, already a sentence in the office's words) comes back as the message to show.
/// Any other exception is a fault, not a refusal, and propagates. What a form does around the command — clearing its
/// message first, closing a "确定删除？" prompt, reloading its list — stays in the form, because forms differ there.
/// </summary>
public sealed class FormCommand
{
    /// <summary>True while a command runs; the form disables its buttons with it.</summary>
    public bool Busy { get; private set; }

    /// <summary>Runs <paramref name="command"/>; returns the refusal's message, or null when the command went through.</summary>
    public async Task<string?> RunAsync(Func<Task> command)
    {
        Busy = true;
        try
        {
            await command();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
        finally
        {
            Busy = false;
        }
    }
}
