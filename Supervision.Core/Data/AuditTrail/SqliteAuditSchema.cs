using System.Data.Common;
using System.Text.RegularExpressions;

namespace Supervision.Core.Data.AuditTrail;

/// <summary>
/// The SQLite-specific part of the append-only record, kept in one place: the two triggers that make the database
/// refuse to change or remove an audit event, how to tell whether they are still there as the app created them, and
/// how to put them back. (A PostgreSQL counterpart — a trigger function raising on UPDATE/DELETE and a check against
/// <c>pg_trigger</c> — sits beside this one.) The statements are those of the <c>AuditStateHashes</c> migration.
/// </summary>
public static partial class SqliteAuditSchema
{
    public const string NoUpdateTrigger = "AuditEvents_no_update";
    public const string NoDeleteTrigger = "AuditEvents_no_delete";

    /// <summary>The triggers by name, with the statement that creates each.</summary>
    public static IReadOnlyDictionary<string, string> Triggers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NoUpdateTrigger] = """
            CREATE TRIGGER "AuditEvents_no_update" BEFORE UPDATE ON "AuditEvents"
            BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
            """,
        [NoDeleteTrigger] = """
            CREATE TRIGGER "AuditEvents_no_delete" BEFORE DELETE ON "AuditEvents"
            BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;
            """,
    };

    /// <summary>
    /// The triggers that are missing or no longer read as created (someone replaced one with a harmless body), by name.
    /// Empty when the database refuses changes as it should.
    /// </summary>
    public static IReadOnlyList<string> Problems(DbConnection connection, DbTransaction? transaction = null)
    {
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvents'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                actual[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return Triggers
            .Where(t => !actual.TryGetValue(t.Key, out var sql) || Normalize(sql) != Normalize(t.Value))
            .Select(t => t.Key)
            .ToList();
    }

    /// <summary>Drops whatever stands under the names of <paramref name="names"/> and creates the triggers again.</summary>
    public static void Restore(DbConnection connection, DbTransaction? transaction, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DROP TRIGGER IF EXISTS \"{name}\"; {Triggers[name]}";
            command.ExecuteNonQuery();
        }
    }

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim().TrimEnd(';').Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
