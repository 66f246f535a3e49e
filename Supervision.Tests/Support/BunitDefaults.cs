using System.Runtime.CompilerServices;

namespace Supervision.Tests;

/// <summary>Settings every bUnit test shares, applied once when the test assembly loads.</summary>
internal static class BunitDefaults
{
    /// <summary>
    /// bUnit's WaitFor helpers give up after 1 second by default; on a 2-core box busy with browser tests a component
    /// backed by a real database can take longer to render its second time. The waits still return as soon as the
    /// state is reached, so a longer limit only changes how long a real failure takes to report.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
