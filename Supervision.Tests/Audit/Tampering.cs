using System.Data.Common;
using Supervision.Core.Audit;
using Supervision.Core.Data.AuditTrail;
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

    /// <summary>
    /// The forger who knows the algorithm, on either provider: recomputes every hash from the first event on, so the
    /// chain is consistent again after an edit (needs the update trigger out of the way).
    /// </summary>
    public static async Task RehashAsync(DbConnection connection)
    {
        var rows = new List<(long Id, long Ticks, string A, string S, string AI, string AN, string ET, int EI, int? T, int F, string? St, string? Sb)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "Id", "OccurredAt", "Action", "Summary", "ActorId", "ActorName", "EntityType", "EntityId", "TaskId", "Format", "State", "StateBefore" FROM "AuditEvents" ORDER BY "Sequence" """;
            await using var r = await read.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                rows.Add((r.GetInt64(0), r.GetDateTime(1).Ticks, r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt32(7),
                    r.IsDBNull(8) ? null : r.GetInt32(8), r.GetInt32(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11)));
            }
        }

        var previous = AuditChain.Genesis;
        var sequence = 0;
        foreach (var x in rows)
        {
            sequence++;
            var hash = AuditChain.Compute(x.F, sequence, x.Ticks, x.A, x.S, x.AI, x.AN, x.ET, x.EI, x.T, x.St, x.Sb, previous);
            await using var update = connection.CreateCommand();
            update.CommandText = """UPDATE "AuditEvents" SET "Sequence" = @s, "PreviousHash" = @p, "Hash" = @h WHERE "Id" = @id""";
            Add(update, "@s", (long)-sequence);
            Add(update, "@p", previous);
            Add(update, "@h", hash);
            Add(update, "@id", x.Id);
            await update.ExecuteNonQueryAsync();
            previous = hash;
        }

        // Two steps, so renumbering never collides with the unique index on the sequence.
        await ExecuteAsync(connection, """UPDATE "AuditEvents" SET "Sequence" = -"Sequence" WHERE "Sequence" < 0""");
    }

    /// <summary>Runs one statement on an open connection and returns the first value.</summary>
    public static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs one statement on an open connection.</summary>
    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
