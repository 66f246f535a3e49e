namespace Supervision.Tests;

/// <summary>Where browser tests leave screenshots for people to look at (SCREENSHOT_DIR overrides).</summary>
internal static class Screenshots
{
    public static string Folder { get; } =
        Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "supervision-screenshots");
}
