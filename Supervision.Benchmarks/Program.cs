using BenchmarkDotNet.Running;

namespace Supervision.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project Supervision.Benchmarks -- --filter '*'</c> runs BenchmarkDotNet;
/// <c>-- import-bench</c> measures the import of the largest allowed workbook (time and peak memory, see <see cref="ImportBench"/>).
/// </summary>
internal static class BenchmarkProgram
{
    // A named entry class: top-level statements would generate a Program that clashes with Supervision.Web's.
    private static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "import-bench" => ImportBench.Run(args),
        "import-measure" => ImportBench.Measure(args[1]),
        _ => Run(args),
    };

    private static int Run(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
