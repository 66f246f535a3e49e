using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Dashboard;

/// <summary>
/// A real SQLite database whose contexts carry the change-feed hook exactly as the web host registers it, with
/// one unit, one full-year task and its March report submitted and waiting for the inspector.
/// </summary>
internal sealed class LiveDatabase : IDbContextFactory<SupervisionDbContext>, IAsyncDisposable
{
    private TestDatabase _db = default!;

    private LiveDatabase(IChangeFeed feed) => Feed = feed;

    public IChangeFeed Feed { get; }

    public int UnitId { get; private set; }

    public int OtherUnitId { get; private set; }

    public int TaskId { get; private set; }

    public int ReportId { get; private set; }

    public static async Task<LiveDatabase> CreateAsync(IChangeFeed? feed = null)
    {
        var live = new LiveDatabase(feed ?? new InProcessChangeFeed());
        live._db = await TestDatabase.CreateAsync();
        await live.SeedAsync();
        return live;
    }

    /// <summary>The same on a database of <paramref name="provider"/>, with a feed made for it (the PostgreSQL feed needs the database).</summary>
    public static async Task<LiveDatabase> CreateAsync(DatabaseProvider provider, Func<TestDatabase, IChangeFeed> feed)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var live = new LiveDatabase(feed(db)) { _db = db };
        await live.SeedAsync();
        return live;
    }

    /// <summary>The test database underneath.</summary>
    public TestDatabase Database => _db;

    public SupervisionDbContext CreateDbContext() => _db.Settings.CreateContext(new ChangeFeedInterceptor(Feed));

    /// <summary>Accepts the waiting report as the inspector, as the review page would.</summary>
    public async Task AcceptReportAsync(DateTime at)
    {
        await using var db = CreateDbContext();
        var report = await db.Reports.Include(r => r.Revisions).SingleAsync(r => r.Id == ReportId);
        report.Accept(Inspector, at, "同意");
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task SeedAsync()
    {
        // Seeding goes through a plain context: nothing is subscribed yet and the test counts only its own changes.
        await using var db = _db.CreateDbContext();
        var unit = new Unit("市住房和城乡建设局", UnitKind.Department, 1, "市住建局");
        var other = new Unit("市教育局", UnitKind.Department, 2);
        db.Units.AddRange(unit, other);
        await db.SaveChangesAsync();
        (UnitId, OtherUnitId) = (unit.Id, other.Id);

        var category = new Category(2026, "城市更新", 1);
        db.Categories.Add(category);
        await db.SaveChangesAsync();

        var definition = Definition(unit.Id) with { CategoryId = category.Id };
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, definition, Inspector, At);
        task.Assign(Inspector, At);
        task.Acknowledge(Operator(unit.Id), At);
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        TaskId = task.Id;

        var report = ProgressReport.Open(task, March, Content(100), Operator(unit.Id), At);
        report.SendForReview(Operator(unit.Id), At);
        report.ApproveAsSupervisor(Supervisor(unit.Id), At, null);
        report.ApproveAsPrincipal(Principal(unit.Id), new DateTime(2026, 4, 3, 2, 0, 0, DateTimeKind.Utc), null);
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        ReportId = report.Id;
    }
}
