using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Dashboard;
using Supervision.Core.Judging;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;
using Supervision.Tests;

namespace Supervision.Benchmarks;

/// <summary>
/// The same work on both providers, side by side in one run: SQLite (a file, WAL, synchronous=FULL) and PostgreSQL (a
/// throwaway local server with its default durability: fsync and synchronous commit on). One city-sized year per
/// provider, seeded once: 5,000 assigned tasks, each with two accepted monthly reports, and 400 reports waiting for the
/// 主要领导. <c>dotnet run -c Release --project Supervision.Benchmarks -- --filter '*ProviderBenchmarks*'</c>.
/// </summary>
[Config(typeof(Settings))]
public class ProviderBenchmarks
{
    private sealed class Settings : ManualConfig
    {
        public Settings()
        {
            // Monitoring with a fixed number of invocations: every submit consumes one prepared report.
            // In process, with room for seeding a city-sized year on a loaded machine (the default limit is 5 minutes).
            AddJob(Job.Default
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
                .WithStrategy(RunStrategy.Monitoring)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithInvocationCount(8)
                .WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    private const int TaskCount = 5_000;
    private const int PendingCount = 400;
    private static readonly Actor _inspector = new("bench", "督查员", new HashSet<string> { Roles.Inspector }, null);
    private static readonly Dictionary<DatabaseProvider, World> _worlds = [];
    private static TemporaryPostgres? _server;
    private static string? _sqliteFolder;
    private World _world = default!;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public void Setup() => _world = WorldFor(Provider).GetAwaiter().GetResult();

    /// <summary>The office ledger: unit + deadline range, sorted by deadline descending, second page of 50 of 5,000 tasks.</summary>
    [Benchmark]
    public Task<LedgerPage> LedgerPage() => _world.Ledger.PageAsync(_inspector, new LedgerFilter
    {
        Year = _world.Year,
        UnitId = _world.UnitId,
        DeadlineFrom = new DateOnly(_world.Year, 6, 1),
        DeadlineTo = new DateOnly(_world.Year, 12, 31),
        Sort = LedgerSort.Deadline,
        Descending = true,
    }, 50, 50);

    /// <summary>The first office dashboard of a server: load the year from the database, judge it, compute every panel.</summary>
    [Benchmark]
    public async Task<DashboardResult> DashboardFullLoad()
    {
        // A fresh judged model too: nothing of the year is cached yet.
        using var judgement = BenchJudgement.For(_world.Factory, TimeProvider.System);
        using var service = new DashboardService(judgement, _world.Factory, TimeProvider.System,
            new Fixed<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);
        return await service.GetAsync(_inspector, new DashboardRequest());
    }

    /// <summary>The 主要领导's approval that submits a report: one transaction with its notification and the audit chain append.</summary>
    [Benchmark]
    public Task<long> ReportSubmitWithChainAppend()
    {
        var (id, version, unitId) = _world.Pending[_world.Next++];
        return _world.Chain.ApproveAsync(new Actor("p", "主要领导", new HashSet<string> { Roles.UnitPrincipal }, unitId), id, version, "同意报送");
    }

    private static async Task<World> WorldFor(DatabaseProvider provider)
    {
        if (_worlds.TryGetValue(provider, out var existing))
            return existing;
        DatabaseSettings settings;
        if (provider == DatabaseProvider.Postgres)
        {
            _server ??= await TemporaryPostgres.StartAsync(durable: true);
            await _server.ExecuteAsync("CREATE DATABASE bench");
            settings = new DatabaseSettings(DatabaseProvider.Postgres, _server.ConnectionString("bench"));
        }
        else
        {
            _sqliteFolder = Path.Combine(Path.GetTempPath(), "provider-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_sqliteFolder);
            settings = new DatabaseSettings(DatabaseProvider.Sqlite, Sqlite.ConnectionStringFor(Path.Combine(_sqliteFolder, "bench.db")));
        }

        AppDomain.CurrentDomain.ProcessExit -= CleanUp;
        AppDomain.CurrentDomain.ProcessExit += CleanUp;
        var factory = new Factory(settings);
        await DatabaseStartup.PrepareAsync(settings, [DatabaseStartup.MigrationOf(factory.CreateDbContext)]);
        var world = await World.SeedAsync(factory);
        _worlds[provider] = world;
        return world;
    }

    private static void CleanUp(object? sender, EventArgs e)
    {
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        if (_sqliteFolder is not null && Directory.Exists(_sqliteFolder))
            Directory.Delete(_sqliteFolder, recursive: true);
    }

    private sealed class Factory(DatabaseSettings settings) : IDbContextFactory<SupervisionDbContext>
    {
        public SupervisionDbContext CreateDbContext() => settings.CreateContext();
    }

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private sealed class World
    {
        public required Factory Factory { get; init; }
        public required int Year { get; init; }
        public required int UnitId { get; init; }
        public required LedgerQueryService Ledger { get; init; }
        public required ReportChainService Chain { get; init; }
        public required (int Id, long Version, int UnitId)[] Pending { get; init; }
        public int Next { get; set; }

        public static async Task<World> SeedAsync(Factory factory)
        {
            var now = DateTime.UtcNow;
            var year = ChinaTime.Today(TimeProvider.System).Year;
            var at = now.AddDays(-1);
            var rng = new Random(20261203);
            List<Unit> units;
            List<Category> categories;
            List<Leader> leaders;
            await using (var db = factory.CreateDbContext())
            {
                units = Enumerable.Range(1, 40).Select(i => new Unit($"市第{i}局", UnitKind.Department, i, $"第{i}局")).ToList();
                categories = Enumerable.Range(1, 10).Select(i => new Category(year, $"类别{i}", i)).ToList();
                leaders = Enumerable.Range(1, 12).Select(i => new Leader($"领导{i}", "副市长", i)).ToList();
                db.Units.AddRange(units);
                db.Categories.AddRange(categories);
                db.Leaders.AddRange(leaders);
                await db.SaveChangesAsync();
            }

            var periods = ReportSchedule.PeriodsFor(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ReportCycle.Monthly);
            const int batch = 250;
            for (var from = 1; from <= TaskCount; from += batch)
            {
                await using var db = factory.CreateDbContext();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var tasks = new List<SupervisionTask>(batch);
                for (var i = from; i < from + batch && i <= TaskCount; i++)
                {
                    var lead = units[rng.Next(units.Count)].Id;
                    var assist = units.Select(u => u.Id).Where(id => id != lead).OrderBy(_ => rng.Next()).Take(rng.Next(0, 3)).ToList();
                    var deadline = new DateOnly(year, rng.Next(3, 13), 1).AddMonths(1).AddDays(-1);
                    var definition = new TaskDefinition(year, categories[rng.Next(categories.Count)].Id, $"重点任务{i}",
                        $"第{i}项：推进项目建设，完成年度投资{rng.Next(1, 100)}亿元，确保按期投产见效。", null, lead, assist, leaders[rng.Next(leaders.Count)].Id,
                        new DateOnly(year, 1, 1), deadline, "年底前", ReportCycle.Monthly);
                    var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, TaskNumbering.Format(year, TaskSource.AnnualKeyWork, i), i, definition, _inspector, at);
                    task.Assign(_inspector, at);
                    task.Acknowledge(Operator(lead), at);
                    tasks.Add(task);
                }

                db.Tasks.AddRange(tasks);
                await db.SaveChangesAsync();
                foreach (var task in tasks)
                {
                    var unit = task.LeadUnitId;
                    for (var m = 0; m < 2; m++)
                    {
                        var report = ProgressReport.Open(task, periods[m], new ReportContent("按计划推进，已完成阶段目标。", "无", "继续推进。", 10 * (m + 1) + rng.Next(10), null), Operator(unit), at);
                        report.SendForReview(Operator(unit), at);
                        report.ApproveAsSupervisor(Operator(unit), at, "同意");
                        report.ApproveAsPrincipal(Operator(unit), at, null);
                        report.Accept(_inspector, at, "采纳");
                        db.Reports.Add(report);
                    }

                    if (task.Sequence <= PendingCount)
                    {
                        var waiting = ProgressReport.Open(task, periods[2], new ReportContent("按计划推进。", null, "继续推进。", 30, null), Operator(unit), at);
                        waiting.SendForReview(Operator(unit), at);
                        waiting.ApproveAsSupervisor(Operator(unit), at, "同意");
                        db.Reports.Add(waiting);
                    }
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
            }

            (int, long, int)[] pending;
            await using (var db = factory.CreateDbContext())
            {
                var waitingPeriod = periods[2].Key;
                pending = (await db.Reports.AsNoTracking().Where(r => r.PeriodKey == waitingPeriod).OrderBy(r => r.Id)
                    .Select(r => new { r.Id, r.Version, r.UnitId }).ToListAsync()).Select(r => (r.Id, r.Version, r.UnitId)).ToArray();
            }

            var clock = TimeProvider.System;
            var options = Options.Create(new LedgerOptions());
            var unitId = units[7].Id;
            var world = new World
            {
                Factory = factory,
                Year = year,
                UnitId = unitId,
                Ledger = new LedgerQueryService(factory, BenchJudgement.For(factory, clock), new AssignmentService(factory, clock, options), clock, options),
                Chain = new ReportChainService(factory, clock),
                Pending = pending,
            };

            // Warm the judged lights once, as a running app has them after its first page.
            await world.Ledger.PageAsync(_inspector, new LedgerFilter { Year = year }, 0, 50);
            return world;
        }

        private static Actor Operator(int unitId) =>
            new($"u{unitId}", "单位", new HashSet<string> { Roles.UnitOperator, Roles.UnitSupervisor, Roles.UnitPrincipal }, unitId);
    }
}
