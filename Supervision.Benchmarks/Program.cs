using BenchmarkDotNet.Running;

namespace Supervision.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project Supervision.Benchmarks -- --filter '*'</c> runs BenchmarkDotNet;
/// <c>-- import-bench</c> measures the import of the largest allowed workbook (time and peak memory, see <see cref="ImportBench"/>);
/// <c>-- live</c> runs <see cref="LiveBench"/> (the real app with real browser pages, scripts/bench-live.sh);
/// <c>-- dashboard-memory</c> measures the server memory of one open dashboard circuit (<see cref="DashboardMemoryBench"/>).
/// </summary>
internal static class BenchmarkProgram
{
    // A named entry class: top-level statements would generate a Program that clashes with Supervision.Web's.
    private static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "import-bench" => ImportBench.Run(args),
        "import-measure" => ImportBench.Measure(args[1]),
        "verify-cpu" => VerifyCpu(),
        "live" => LiveBench.RunAsync(args[1..]).GetAwaiter().GetResult(),
        "dashboard-memory" => DashboardMemoryBench.RunAsync().GetAwaiter().GetResult(),
        _ => Run(args),
    };

    private static int Run(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }

    /// <summary>
    /// The verification benchmark's workload timed by processor time as well as wall time: on a shared, loaded machine
    /// the processor time is what the pass costs (it is single-threaded and reads from the page cache).
    /// </summary>
    private static int VerifyCpu()
    {
        var bench = new ReportingVerifyBenchmarks();
        bench.Setup();
        try
        {
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var runs = new List<(double Wall, double Cpu)>();
            for (var i = 0; i < 7; i++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var wall = System.Diagnostics.Stopwatch.StartNew();
                bench.VerifyHundredThousandEvents();
                wall.Stop();
                process.Refresh();
                runs.Add((wall.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds));
                Console.WriteLine($"run {i + 1}: wall {runs[^1].Wall:0} ms, processor {runs[^1].Cpu:0} ms");
            }

            var wallMedian = runs.Select(r => r.Wall).Order().ElementAt(runs.Count / 2);
            var cpuMedian = runs.Select(r => r.Cpu).Order().ElementAt(runs.Count / 2);
            Console.WriteLine($"median: wall {wallMedian:0} ms ({100_000 / wallMedian * 1000:0} events/s), processor {cpuMedian:0} ms ({100_000 / cpuMedian * 1000:0} events/s)");
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }
}
