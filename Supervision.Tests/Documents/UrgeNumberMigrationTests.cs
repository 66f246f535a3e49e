using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Documents;

/// <summary>
/// 催办单 numbers used to be counted at download; the OfficialDocuments migration stores them. Urges made before it keep
/// the numbers their forms showed, and the year's counter continues after them.
/// </summary>
public sealed class UrgeNumberMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Urges_made_before_numbers_were_stored_keep_the_numbers_their_forms_showed()
    {
        await using var db = await SqliteTestDatabase.CreateAsync(migrate: false);
        int taskId;
        await using (var context = db.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261203184256_AuditStateHashes", Ct);
            var unit = new Unit("市发展和改革委员会", UnitKind.Department, 1, "市发改委");
            context.Units.Add(unit);
            await context.SaveChangesAsync(Ct);
            var task = TestData.Task(unit.Id);
            task.Assign(Inspector, At);
            context.Tasks.Add(task);
            await context.SaveChangesAsync(Ct);
            taskId = task.Id;
        }

        // As the old code stored them: no number, no reply date. 31 Dec 2025 17:00 UTC is 1 Jan 2026 in China.
        await using (var connection = new SqliteConnection(db.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO ChaseRecords (TaskId, UnitId, Level, Content, Number, Deadline, ByName, At) VALUES
                ({taskId}, 1, 1, '旧催办一', NULL, NULL, '督查员甲', '2025-12-31 15:00:00'),
                ({taskId}, 1, 1, '旧催办二', NULL, NULL, '督查员甲', '2025-12-31 17:00:00'),
                ({taskId}, 1, 2, '旧督办', '督办〔2026〕1号', '2026-01-10', '督查员甲', '2026-01-02 02:00:00'),
                ({taskId}, 1, 1, '旧催办三', NULL, NULL, '系统', '2026-03-01 02:00:00.1234567'),
                ({taskId}, 1, 0, '旧提醒', NULL, NULL, '系统', '2026-03-02 02:00:00');
                """;
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using (var context = db.CreateDbContext())
            await context.Database.MigrateAsync(Ct);

        await using (var context = db.CreateDbContext())
        {
            var chases = await context.Set<ChaseRecord>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
            Assert.Equal(["催办〔2025〕1号", "催办〔2026〕1号", "督办〔2026〕1号", "催办〔2026〕2号", null], chases.Select(c => c.Number));
            Assert.Equal([new DateOnly(2026, 1, 3), new DateOnly(2026, 1, 4), new DateOnly(2026, 1, 10), new DateOnly(2026, 3, 4), null], chases.Select(c => c.Deadline));
        }

        // The next 催办 of 2026 takes number 3.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero));
        var followUp = new EscalationService(new FollowUpCommands(db, clock), Options.Create(new ChasingOptions()));
        await followUp.EscalateAsync(Inspector, taskId, ChaseLevel.Urge, "新的催办", Ct);
        await using (var context = db.CreateDbContext())
            Assert.Equal("催办〔2026〕3号", await context.Set<ChaseRecord>().Where(c => c.Content == "新的催办").Select(c => c.Number).SingleAsync(Ct));
    }
}
