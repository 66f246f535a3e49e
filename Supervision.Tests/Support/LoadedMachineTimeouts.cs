[assembly: AssemblyFixture(typeof(Supervision.Tests.LoadedMachineTimeouts))]

namespace Supervision.Tests;

/// <summary>
/// Set once before any test runs. bUnit's WaitFor… gives up after one second by default, which a render on a loaded
/// 2-core machine can take; what a test waits for either comes or the test fails, so a longer bound costs nothing on a
/// passing run.
/// </summary>
public sealed class LoadedMachineTimeouts
{
    public LoadedMachineTimeouts() => Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
}
