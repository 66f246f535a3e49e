using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Benchmarks;

/// <summary>
/// The import's worst allowed file, measured as the server lives it: a workbook of 38 sheets × 5,000 rows (~9.5 MB,
/// every limit respected) previewed once in a fresh process, reporting wall time and the process's peak resident memory.
/// BenchmarkDotNet reports allocations but not a peak, and a warm process would hide what one upload costs, so each
/// run is its own child process and the figures are medians.
/// <code>dotnet run -c Release --project Supervision.Benchmarks -- import-bench [--runs 5] [--sheets 38] [--rows 5000]</code>
/// </summary>
internal static class ImportBench
{
    private static readonly Actor _inspector = new("bench", "督查员", new HashSet<string> { Roles.Inspector }, null);

    public static int Run(string[] args)
    {
        var runs = Option(args, "--runs", 5);
        var sheets = Option(args, "--sheets", 38);
        var rows = Option(args, "--rows", 5000);
        var folder = Path.Combine(Path.GetTempPath(), "supervision-import-bench");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"workbook-{sheets}x{rows}.xlsx");
        if (!File.Exists(file))
        {
            Console.WriteLine($"Writing {file} …");
            File.WriteAllBytes(file, Workbook(sheets, rows));
        }

        Console.WriteLine($"File: {sheets} sheets × {rows} rows, {new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MB; {runs} runs, each in a fresh process.");
        var results = new List<(double Seconds, double PeakMb, double BaselineMb, double AllocatedMb, string Outcome)>();
        for (var i = 0; i < runs; i++)
        {
            var (exe, prefix) = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
                ? (path, new[] { typeof(ImportBench).Assembly.Location })
                : (Environment.ProcessPath!, Array.Empty<string>());
            var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in prefix.Concat(["import-measure", file]))
                start.ArgumentList.Add(a);
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("The measuring process printed no result:\n" + output);
            var f = line["RESULT ".Length..].Split('|');
            var result = (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), f[4]);
            results.Add(result);
            Console.WriteLine($"run {i + 1}: {result.Item1:0.00} s, peak {result.Item2:0} MB (before the preview {result.Item3:0} MB), allocated {result.Item4:0} MB — {result.Item5}");
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        Console.WriteLine($"median: {Median(results.Select(r => r.Seconds)):0.00} s, peak {Median(results.Select(r => r.PeakMb)):0} MB " +
            $"(before the preview {Median(results.Select(r => r.BaselineMb)):0} MB), allocated {Median(results.Select(r => r.AllocatedMb)):0} MB");
        return 0;
    }

    /// <summary>The child: a fresh database with the directory the file names, one preview, the figures on one line.</summary>
    public static int Measure(string file)
    {
        var directory = Path.Combine(Path.GetTempPath(), "import-measure-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var connectionString = Sqlite.ConnectionStringFor(Path.Combine(directory, "bench.db"));
            var factory = new Factory(connectionString);
            DatabaseStartup.PrepareAsync(connectionString, [DatabaseStartup.MigrationOf(factory.CreateDbContext)]).GetAwaiter().GetResult();
            using (var db = factory.CreateDbContext())
            {
                db.Units.AddRange(Enumerable.Range(1, 40).Select(i => new Unit($"市第{i}局", UnitKind.Department, i, $"第{i}局")));
                db.Leaders.AddRange(Enumerable.Range(1, 12).Select(i => new Leader($"领导{i}", "副市长", i)));
                db.SaveChanges();
            }

            var import = new TaskImportService(factory, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)), Options.Create(new LedgerOptions()));
            var content = File.ReadAllBytes(file);
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var baseline = self.PeakWorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var preview = import.PreviewAsync(_inspector, content, "分解表.xlsx", 2026).GetAwaiter().GetResult();
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            self.Refresh();
            var outcome = preview.FileErrors.Count > 0
                ? "refused: " + string.Join(" ", preview.FileErrors)
                : $"{preview.Rows.Count} rows, {preview.ErrorRowCount} with errors";
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT {watch.Elapsed.TotalSeconds:0.000}|{self.PeakWorkingSet64 / 1048576.0:0.0}|{baseline / 1048576.0:0.0}|{allocated / 1048576.0:0.0}|{outcome.Replace('|', '/')}"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Every sheet laid out as a 任务分解表 (title, header, category rows, task rows with distinct texts), so the reader
    /// cannot skip a sheet by its looks; the first is the one imported.
    /// </summary>
    private static byte[] Workbook(int sheets, int rows)
    {
        string[] headers = ["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "备注"];
        var random = new Random(20261123);
        string[] deadlines = ["6月底前", "年底前", "三季度", "2026年9月30日", "长期坚持", "持续推进", "11月底前"];
        using var wb = new XLWorkbook();
        for (var s = 0; s < sheets; s++)
        {
            var ws = wb.Worksheets.Add($"分解表{s + 1}");
            ws.Cell(1, 1).Value = $"2026年重点工作任务分解表（{s + 1}）";
            for (var c = 0; c < headers.Length; c++)
                ws.Cell(2, c + 1).Value = headers[c];
            var r = 3;
            for (var i = 0; i < rows; i++)
            {
                ws.Cell(r, 1).Value = i + 1;
                ws.Cell(r, 2).Value = $"第{s + 1}组第{i + 1}项重点工作：建设智慧园区{i + 1}期，年内完成投资{(i * 7 % 97) + 1}亿元，新增就业岗位{(i * 13 % 900) + 100}个，确保按期投产见效。";
                ws.Cell(r, 3).Value = $"第{(i % 40) + 1}局";
                ws.Cell(r, 4).Value = $"第{((i + 1) % 40) + 1}局、第{((i + 2) % 40) + 1}局";
                ws.Cell(r, 5).Value = $"领导{(i % 12) + 1}";
                ws.Cell(r, 6).Value = deadlines[i % deadlines.Length];
                ws.Cell(r, 7).Value = $"联系人电话139{random.Next(10_000_000, 99_999_999)}，台账编号{random.Next(100_000, 999_999)}";
                r++;
            }
        }

        using var output = new MemoryStream();
        wb.SaveAs(output);
        return output.ToArray();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class Factory(string connectionString) : IDbContextFactory<SupervisionDbContext>
    {
        public SupervisionDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<SupervisionDbContext>)new DbContextOptionsBuilder<SupervisionDbContext>().UseSupervisionSqlite(connectionString)).Options);
    }
}
