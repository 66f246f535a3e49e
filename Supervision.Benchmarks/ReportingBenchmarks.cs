using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Audit;
using Supervision.Core.Data.AuditTrail;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;

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
    private ReportChainService _chain = default!;
    private (int Id, long Version)[] _pending = [];
    private int _next;
    private Actor _principal = default!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "supervision-bench-" + Guid.NewGuid().ToString("N"));
        _db = BenchDb.Create(_folder);
        var clock = TimeProvider.System;
        _chain = new ReportChainService(_db, clock);
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
        return _chain.ApproveAsync(_principal, id, version, "同意报送").GetAwaiter().GetResult();
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
/// Verifying the whole record: 100,000 events recomputed and compared in one pass, collecting the latest recorded
/// data state of every entity as verification does. Most events carry a real report's canonical state (every revision
/// and review step, ~1.5 KB), as the app writes them. Target: ≥ 100,000 events per second, i.e. a median of at most
/// 1,000 ms for this benchmark.
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class ReportingVerifyBenchmarks
{
    private const int Events = 100_000;
    private string _folder = "";
    private SqliteConnection _connection = default!;

    /// <summary>Bytes of state the events carry on average (printed in setup for the record).</summary>
    public static long StateBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "supervision-bench-" + Guid.NewGuid().ToString("N"));
        var db = BenchDb.Create(_folder);
        var (reportState, taskState) = RealStates(BenchDb.Create(Path.Combine(_folder, "states")));
        _connection = new SqliteConnection(db.ConnectionString);
        _connection.Open();
        using var tx = _connection.BeginTransaction();
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, PreviousHash, Hash, Format, State) VALUES ($s, $t, $a, $m, $ai, $an, $et, $ei, $ti, $p, $h, 2, $st)";
            var names = new[] { "$s", "$t", "$a", "$m", "$ai", "$an", "$et", "$ei", "$ti", "$p", "$h", "$st" };
            foreach (var n in names)
                insert.Parameters.Add(new SqliteParameter(n, null));
            var previous = AuditChain.Genesis;
            var start = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);
            long bytes = 0;
            for (long i = 1; i <= Events; i++)
            {
                var at = start.AddSeconds(i * 7);
                var taskId = (int)(i % 500) + 1;
                // Nine in ten events are report steps, one in ten a task change; every one carries its entity's state.
                var isTask = i % 10 == 0;
                var action = isTask ? "task.extended" : (i % 4) switch { 0 => "report.drafted", 1 => "report.sent-for-review", 2 => "report.supervisor-approved", _ => "report.submitted" };
                var summary = isTask ? "完成时限由2026年6月30日延至2026年9月30日：征地手续延后" : $"2026年{(i % 12) + 1}月进展经主管领导审核（第{i % 3 + 1}版）";
                var type = isTask ? "SupervisionTask" : "ProgressReport";
                var entityId = isTask ? taskId : (int)(i % 6000) + 1;
                var state = (isTask ? taskState : reportState).Replace("\"Version\":", $"\"Version\":{i % 9}", StringComparison.Ordinal);
                bytes += System.Text.Encoding.UTF8.GetByteCount(state);
                var hash = AuditChain.Compute(i, at.Ticks, action, summary, "fgw.operator", "李明", type, entityId, taskId, state, null, previous);
                object[] values = [i, at, action, summary, "fgw.operator", "李明", type, entityId, taskId, previous, hash, state];
                for (var k = 0; k < values.Length; k++)
                    insert.Parameters[k].Value = values[k];
                insert.ExecuteNonQuery();
                previous = hash;
            }

            StateBytes = bytes / Events;
        }

        tx.Commit();

        // As in a running app, whose writes are small: the written pages are in the database file, not a huge WAL.
        using (var checkpoint = _connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        var check = AuditVerifier.Scan(_connection, new HashSet<long>(), collectStates: true, CancellationToken.None);
        if (check.Broken is not null || check.Count != Events)
            throw new InvalidOperationException(check.Broken?.Reason ?? "count");
        Console.WriteLine($"// {Events} events, {StateBytes} bytes of state per event on average, {check.Latest.Count} entities");
    }

    [Benchmark]
    public long VerifyHundredThousandEvents() => AuditVerifier.Scan(_connection, new HashSet<long>(), collectStates: true, CancellationToken.None).Count;

    /// <summary>A real report (three revisions, every review step) and its task, canonicalized as the app records them.</summary>
    private static (string Report, string Task) RealStates(BenchDb bench)
    {
        using var db = bench.CreateDbContext();
        var unit = new Unit("市发展和改革委员会", UnitKind.Department, 1);
        db.Units.Add(unit);
        db.SaveChanges();
        var inspector = new Actor("i", "督查员", new HashSet<string> { Roles.Inspector }, null);
        var op = new Actor("o", "联络员", new HashSet<string> { Roles.UnitOperator }, unit.Id);
        var sup = new Actor("s", "主管领导", new HashSet<string> { Roles.UnitSupervisor }, unit.Id);
        var principal = new Actor("p", "主要领导", new HashSet<string> { Roles.UnitPrincipal }, unit.Id);
        var at = new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc);
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-0001", 1,
            new TaskDefinition(2026, null, "城区道路改造提升", "完成城区10条主次干道改造提升，同步实施雨污分流和绿化亮化。", "10条", unit.Id, [], null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "年底前", ReportCycle.Monthly), inspector, at);
        task.Assign(inspector, at);
        task.Acknowledge(op, at);
        db.Tasks.Add(task);
        db.SaveChanges();
        var period = ReportSchedule.PeriodsFor(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ReportCycle.Monthly)[2];
        var report = ProgressReport.Open(task, period, new ReportContent("已完成3条道路的管网改造和路面摊铺，第4条道路正在进行雨污分流施工，总体进度符合计划。", "部分路段地下管线复杂，迁改协调耗时较长。", "加强与管线单位对接，倒排工期，确保6月底前完成第5条道路。", 45, null), op, at);
        for (var round = 0; round < 2; round++)
        {
            report.SendForReview(op, at);
            report.ApproveAsSupervisor(sup, at, "同意");
            report.ApproveAsPrincipal(principal, at, "同意报送");
            report.Return(inspector, at, "请补充第4条道路的具体完成量。");
        }

        report.SendForReview(op, at);
        report.ApproveAsSupervisor(sup, at, "同意");
        report.ApproveAsPrincipal(principal, at, "同意报送");
        report.Accept(inspector, at, "情况属实");
        db.Reports.Add(report);
        db.SaveChanges();
        var reportState = AuditedState.LoadAsync(db, AuditedState.Of(typeof(ProgressReport))!, [report.Id], sync: true, CancellationToken.None).GetAwaiter().GetResult()[report.Id];
        var taskState = AuditedState.LoadAsync(db, AuditedState.Of(typeof(SupervisionTask))!, [task.Id], sync: true, CancellationToken.None).GetAwaiter().GetResult()[task.Id];
        return (reportState, taskState);
    }

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
