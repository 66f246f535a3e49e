using BenchmarkDotNet.Running;

namespace Supervision.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project Supervision.Benchmarks -- --filter '*'</c>.</summary>
internal static class BenchmarkProgram
{
    // A named entry class: top-level statements would generate a Program that clashes with Supervision.Web's.
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
