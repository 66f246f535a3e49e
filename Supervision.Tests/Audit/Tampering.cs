using System.Data.Common;
using Supervision.Core.Data;

namespace Supervision.Tests.Audit;

/// <summary>
/// Changes the audit table behind the app's back, as someone with direct access to the database could, on either
/// provider: statements run with one of the append-only triggers out of the way (SQLite: dropped and created again;
/// PostgreSQL: disabled and enabled again).
/// </summary>
internal static class Tampering
{
    public const string NoUpdate = "AuditEvents_no_update";
    public const string NoDelete = "AuditEvents_no_delete";

    /// <summary>Runs <paramref name="statements"/> with <paramref name="trigger"/> not in force.</summary>
    public static Task WithoutTriggerAsync(TestDatabase db, string trigger, params string[] statements) =>
        WithoutTriggerAsync(db, trigger, async connection =>
        {
            foreach (var sql in statements)
                await ExecuteAsync(connection, sql);
        });

    /// <summary>Runs <paramref name="tamper"/> on a connection with <paramref name="trigger"/> not in force.</summary>
    public static async Task WithoutTriggerAsync(TestDatabase db, string trigger, Func<DbConnection, Task> tamper)
    {
        await using var connection = await db.OpenConnectionAsync();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await ExecuteAsync(connection, $"""ALTER TABLE "AuditEvents" DISABLE TRIGGER "{trigger}" """);
            await tamper(connection);
            await ExecuteAsync(connection, $"""ALTER TABLE "AuditEvents" ENABLE TRIGGER "{trigger}" """);
            return;
        }

        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{trigger}'";
        var definition = (string)(await read.ExecuteScalarAsync())!;
        await ExecuteAsync(connection, $"DROP TRIGGER \"{trigger}\"");
        await tamper(connection);
        await ExecuteAsync(connection, definition);
    }

    /// <summary>
    /// Statements that leave event <paramref name="sequence"/> with a value the app never writes: text in the time
    /// column on SQLite; on PostgreSQL, whose columns are typed, a missing action.
    /// </summary>
    public static string[] UnreadableValue(TestDatabase db, long sequence) => db.Provider == DatabaseProvider.Postgres
        ? ["""ALTER TABLE "AuditEvents" ALTER COLUMN "Action" DROP NOT NULL""", $"""UPDATE "AuditEvents" SET "Action" = NULL WHERE "Sequence" = {sequence}"""]
        : [$"""UPDATE "AuditEvents" SET "OccurredAt" = '去年三月' WHERE "Sequence" = {sequence}"""];

    /// <summary>Runs one statement on an open connection.</summary>
    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
