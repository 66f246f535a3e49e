using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

/// <summary>
/// Chooses files on a Blazor <c>InputFile</c> (MudFileUpload wraps one). The input is in the page as soon as the
/// circuit renders, but Blazor listens to its change event only after the component's first after-render call has
/// reached the browser. A file chosen in between is dropped without a word: on a loaded machine the page then waits
/// for a preview that never comes. So a file is chosen only once Blazor's listener is attached.
/// </summary>
public static class FileInputs
{
    // blazor.web.js sets this counter in InputFile.init, in the same call that attaches the change listener.
    private const string Listening = "e => e._blazorInputFileNextFileId !== undefined";

    /// <summary>Chooses the file at <paramref name="path"/> once Blazor listens to the input.</summary>
    public static async Task ChooseAsync(this ILocator input, string path)
    {
        await WaitUntilListeningAsync(input);
        await input.SetInputFilesAsync(path);
    }

    /// <summary>Chooses <paramref name="file"/> once Blazor listens to the input.</summary>
    public static async Task ChooseAsync(this ILocator input, FilePayload file)
    {
        await WaitUntilListeningAsync(input);
        await input.SetInputFilesAsync(file);
    }

    private static async Task WaitUntilListeningAsync(ILocator input)
    {
        var element = await input.ElementHandleAsync();
        await input.Page.WaitForFunctionAsync(Listening, element, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }
}
