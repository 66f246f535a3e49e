using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Audit;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;

namespace Supervision.Benchmarks;

/// <summary>
/// The 主要领导's approval that submits a report: load, authorize, step, notification, audit events with the hash
/// chain append, one transaction on a real SQLite file (WAL, synchronous=FULL). Target: median ≤ 15 ms.
/// Each invocation submits a different report, prepared in setup up to 待主要领导审批.
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 20, invocationCount: 20)]
public class ReportingSubmitBenchmarks
{
    private const int Prepared = 600;
    private string _folder = "";
    private BenchDb _db = default!;
    private ReportService _reports = default!;
    private (int Id, long Version)[] _pending = [];
    private int _next;
    private Actor _principal = default!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "supervision-bench-" + Guid.NewGuid().ToString("N"));
        _db = BenchDb.Create(_folder);
        var clock = TimeProvider.System;
        _reports = new ReportService(_db, clock, Options.Create(RuleThresholds.Default), new NotificationCenter(), new AttachmentStore(Path.Combine(_folder, "att")), BenchJudgement.For(_db, clock));
        using var db = _db.CreateDbContext();
        var unit = new Unit("市发展和改革委员会", UnitKind.Department, 1);
        db.Units.Add(unit);
        db.SaveChanges();
        var inspector = new Actor("i", "督查员", new HashSet<string> { Roles.Inspector }, null);
        var op = new Actor("o", "联络员", new HashSet<string> { Roles.UnitOperator }, unit.Id);
        var sup = new Actor("s", "主管领导", new HashSet<string> { Roles.UnitSupervisor }, unit.Id);
        _principal = new Actor("p", "主要领导", new HashSet<string> { Roles.UnitPrincipal }, unit.Id);
        var at = DateTime.UtcNow.AddDays(-1);
        var year = DateTime.UtcNow.Year;
        var tasks = new List<SupervisionTask>();
        for (var i = 1; i <= Prepared; i++)
        {
            var t = SupervisionTask.Register(TaskSource.AnnualKeyWork, $"{year}-ZD-{i:0000}", i,
                new TaskDefinition(year, null, $"任务{i}", "内容", null, unit.Id, [], null, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), null, ReportCycle.Monthly), inspector, at);
            t.Assign(inspector, at);
            t.Acknowledge(op, at);
            tasks.Add(t);
        }

        db.Tasks.AddRange(tasks);
        db.SaveChanges();
        var period = ReportSchedule.PeriodsFor(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ReportCycle.Monthly)[0];
        var reports = tasks.Select(t =>
        {
            var r = ProgressReport.Open(t, period, new ReportContent("按计划推进，已完成阶段目标。", "无", "继续推进。", 50, null), op, at);
            r.SendForReview(op, at);
            r.ApproveAsSupervisor(sup, at, "同意");
            return r;
        }).ToList();
        db.Reports.AddRange(reports);
        db.SaveChanges();
        _pending = db.Reports.AsNoTracking().OrderBy(r => r.Id).Select(r => new ValueTuple<int, long>(r.Id, r.Version)).ToArray();
    }

    [Benchmark]
    public long SubmitWithChainAppend()
    {
        var (id, version) = _pending[_next++];
        return _reports.ApproveAsync(_principal, id, version, "同意报送").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var result = AuditVerifier.Verify(Open(_db.ConnectionString), []);
        if (!result.Intact)
            throw new InvalidOperationException(result.Describe());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static SqliteConnection Open(string cs)
    {
        var c = new SqliteConnection(cs);
        c.Open();
        return c;
    }
}

/// <summary>
/// Verifying the whole record: 100,000 events recomputed and compared in one pass. Target: ≥ 100,000 events per
/// second, i.e. a median of at most 1,000 ms for this benchmark.
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class ReportingVerifyBenchmarks
{
    private const int Events = 100_000;
    private string _folder = "";
    private SqliteConnection _connection = default!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "supervision-bench-" + Guid.NewGuid().ToString("N"));
        var db = BenchDb.Create(_folder);
        _connection = new SqliteConnection(db.ConnectionString);
        _connection.Open();
        using var tx = _connection.BeginTransaction();
        using (var drop = _connection.CreateCommand())
        {
            drop.Transaction = tx;
            drop.CommandText = "INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, PreviousHash, Hash) VALUES ($s, $t, $a, $m, $ai, $an, $et, $ei, $ti, $p, $h)";
            var names = new[] { "$s", "$t", "$a", "$m", "$ai", "$an", "$et", "$ei", "$ti", "$p", "$h" };
            foreach (var n in names)
                drop.Parameters.Add(new SqliteParameter(n, null));
            var previous = AuditChain.Genesis;
            var start = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);
            for (long i = 1; i <= Events; i++)
            {
                var at = start.AddSeconds(i * 7);
                var action = (i % 4) switch { 0 => "report.drafted", 1 => "report.sent-for-review", 2 => "report.supervisor-approved", _ => "report.submitted" };
                var summary = $"2026年{(i % 12) + 1}月进展经主管领导审核（第{i % 3 + 1}版）";
                var taskId = (int)(i % 500) + 1;
                var hash = AuditChain.Compute(i, at.Ticks, action, summary, "fgw.operator", "李明", "ProgressReport", (int)i, taskId, previous);
                object[] values = [i, at, action, summary, "fgw.operator", "李明", "ProgressReport", (int)i, taskId, previous, hash];
                for (var k = 0; k < values.Length; k++)
                    drop.Parameters[k].Value = values[k];
                drop.ExecuteNonQuery();
                previous = hash;
            }
        }

        tx.Commit();
        var check = AuditVerifier.Verify(_connection, []);
        if (!check.Intact || check.Count != Events)
            throw new InvalidOperationException(check.Describe());
    }

    [Benchmark]
    public long VerifyHundredThousandEvents() => AuditVerifier.Verify(_connection, []).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A migrated database file for the benchmarks.</summary>
internal sealed class BenchDb(string connectionString) : IDbContextFactory<SupervisionDbContext>
{
    public string ConnectionString { get; } = connectionString;

    public static BenchDb Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var db = new BenchDb(Sqlite.ConnectionStringFor(Path.Combine(folder, "bench.db")));
        DatabaseStartup.PrepareAsync(db.ConnectionString, [DatabaseStartup.MigrationOf(db.CreateDbContext)]).GetAwaiter().GetResult();
        return db;
    }

    public SupervisionDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<SupervisionDbContext>();
        builder.UseSupervisionSqlite(ConnectionString);
        return new SupervisionDbContext(builder.Options);
    }
}
