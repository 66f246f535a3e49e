using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Supervision.Core.Domain;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Reporting;

/// <summary>
/// Notifications used to store the page address they opened; the NotificationTargets migration stores what they are
/// about instead. A notification made before it still opens the same page.
/// </summary>
public sealed class NotificationTargetMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Notifications_stored_with_page_addresses_keep_pointing_at_the_same_report_or_task()
    {
        await using var db = await SqliteTestDatabase.CreateAsync(migrate: false);
        int taskId;
        await using (var context = db.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261203225746_OfficialDocuments", Ct);
            var unit = new Unit("市发展和改革委员会", UnitKind.Department, 1, "市发改委");
            context.Units.Add(unit);
            await context.SaveChangesAsync(Ct);
            var task = TestData.Task(unit.Id);
            task.Assign(Inspector, At);
            context.Tasks.Add(task);
            await context.SaveChangesAsync(Ct);
            taskId = task.Id;
        }

        await using (var connection = new SqliteConnection(db.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO Notifications (RecipientUnitId, ForLeaders, Kind, Title, Body, TaskId, Link, CreatedAt, PushAttempts) VALUES
                (1, 0, 0, '报告', '正文', {taskId}, '/tasks/{taskId}/reports/2026-03', '2026-03-01 02:00:00', 0),
                (1, 0, 0, '任务', '正文', {taskId}, '/tasks/{taskId}', '2026-03-01 02:00:00', 0),
                (1, 0, 0, '无', '正文', NULL, NULL, '2026-03-01 02:00:00', 0);
                """;
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using (var context = db.CreateDbContext())
            await context.Database.MigrateAsync(Ct);

        await using (var context = db.CreateDbContext())
        {
            var notes = await context.Set<Notification>().AsNoTracking().OrderBy(n => n.Id).ToListAsync(Ct);
            Assert.Equal([(taskId, "2026-03"), (taskId, null), (null, null)], notes.Select(n => (n.TaskId, n.PeriodKey)));
        }
    }
}
