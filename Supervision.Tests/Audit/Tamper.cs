using Microsoft.Data.Sqlite;
using Supervision.Core.Audit;
using Supervision.Core.Data.AuditTrail;

namespace Supervision.Tests.Audit;

/// <summary>What someone with the database file and sqlite3 can do to it while the app is stopped.</summary>
internal static class Tamper
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SqliteConnection> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    /// <summary>Runs statements on a connection of its own, then lets go of the file as a stopped sqlite3 would.</summary>
    public static async Task SqlAsync(string connectionString, string sql)
    {
        await using (var connection = await OpenAsync(connectionString))
            Execute(connection, sql);
        SqliteConnection.ClearAllPools();
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The forger who knows the algorithm: recomputes every hash from the first event on, so the chain is consistent
    /// again after an edit (needs the update trigger gone).
    /// </summary>
    public static void Rehash(SqliteConnection connection)
    {
        var rows = new List<(long Id, long Seq, long Ticks, string A, string S, string AI, string AN, string ET, int EI, int? T, int F, string? St, string? Sb)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT Id, Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, Format, State, StateBefore FROM AuditEvents ORDER BY Sequence";
            using var r = read.ExecuteReader();
            while (r.Read())
            {
                rows.Add((r.GetInt64(0), r.GetInt64(1), r.GetDateTime(2).Ticks, r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt32(8),
                    r.IsDBNull(9) ? null : r.GetInt32(9), r.GetInt32(10), r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12)));
            }
        }

        var previous = AuditChain.Genesis;
        var index = 0;
        foreach (var x in rows)
        {
            index++;
            var sequence = index;
            var hash = AuditChain.Compute(x.F, sequence, x.Ticks, x.A, x.S, x.AI, x.AN, x.ET, x.EI, x.T, x.St, x.Sb, previous);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE AuditEvents SET Sequence = $s, PreviousHash = $p, Hash = $h WHERE Id = $id";
            update.Parameters.AddWithValue("$s", -sequence);
            update.Parameters.AddWithValue("$p", previous);
            update.Parameters.AddWithValue("$h", hash);
            update.Parameters.AddWithValue("$id", x.Id);
            update.ExecuteNonQuery();
            previous = hash;
        }

        // Two steps, so renumbering never collides with the unique index on the sequence.
        Execute(connection, "UPDATE AuditEvents SET Sequence = -Sequence WHERE Sequence < 0");
    }
}
