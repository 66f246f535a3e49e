using BenchmarkDotNet.Running;

namespace Supervision.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project Supervision.Benchmarks -- --filter '*'</c> runs the BenchmarkDotNet
/// benchmarks; <c>-- live</c> runs <see cref="LiveBench"/> (the real app with real browser pages, scripts/bench-live.sh).
/// </summary>
internal static class BenchmarkProgram
{
    // A named entry class: top-level statements would generate a Program that clashes with Supervision.Web's.
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "live")
            return LiveBench.RunAsync(args[1..]).GetAwaiter().GetResult();
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
