using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Supervision.Core.Data.AuditTrail;

/// <summary>
/// The PostgreSQL counterpart of <see cref="SqliteAuditSchema"/>: one trigger function that raises, and the triggers
/// that call it before every UPDATE, DELETE and TRUNCATE of the record (TRUNCATE is PostgreSQL's, and row triggers do
/// not see it). It says whether they are still there as the app created them — present, enabled, firing on the right
/// statement, calling the app's function, whose body still raises — and puts back whatever is not.
/// The first PostgreSQL migration creates them from the same statements (<c>PostgresSchema.Create</c>).
/// </summary>
public static partial class PostgresAuditSchema
{
    /// <summary>The function every append-only trigger calls.</summary>
    public const string Function = "supervision_audit_append_only";

    public const string NoUpdateTrigger = "AuditEvents_no_update";
    public const string NoDeleteTrigger = "AuditEvents_no_delete";
    public const string NoTruncateTrigger = "AuditEvents_no_truncate";

    private const string FunctionBody = """
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION '审计记录只能追加，不能修改';
            END IF;
            RAISE EXCEPTION '审计记录只能追加，不能删除';
        END
        """;

    /// <summary>The statement that creates (or puts back) the function.</summary>
    public static string FunctionSql { get; } = $"CREATE OR REPLACE FUNCTION {Function}() RETURNS trigger LANGUAGE plpgsql AS $${FunctionBody}$$;";

    // pg_trigger.tgtype bits: 1 row, 2 before, 8 delete, 16 update, 32 truncate.
    private static readonly Dictionary<string, (int Type, string Sql)> _triggers = new(StringComparer.Ordinal)
    {
        [NoUpdateTrigger] = (1 | 2 | 16, $"""CREATE TRIGGER "{NoUpdateTrigger}" BEFORE UPDATE ON "AuditEvents" FOR EACH ROW EXECUTE FUNCTION {Function}();"""),
        [NoDeleteTrigger] = (1 | 2 | 8, $"""CREATE TRIGGER "{NoDeleteTrigger}" BEFORE DELETE ON "AuditEvents" FOR EACH ROW EXECUTE FUNCTION {Function}();"""),
        [NoTruncateTrigger] = (2 | 32, $"""CREATE TRIGGER "{NoTruncateTrigger}" BEFORE TRUNCATE ON "AuditEvents" FOR EACH STATEMENT EXECUTE FUNCTION {Function}();"""),
    };

    /// <summary>The triggers by name, with the statement that creates each.</summary>
    public static IReadOnlyDictionary<string, string> Triggers { get; } = _triggers.ToDictionary(t => t.Key, t => t.Value.Sql, StringComparer.Ordinal);

    /// <summary>
    /// What is missing or no longer as created: the function (named <c>supervision_audit_append_only()</c>) and the
    /// triggers by name. Empty when the database refuses changes as it should. (A superuser's session with
    /// <c>session_replication_role = replica</c> skips triggers without changing them; only the chain shows that.)
    /// </summary>
    public static IReadOnlyList<string> Problems(DbConnection connection, DbTransaction? transaction = null)
    {
        var problems = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('{Function}()')";
            if (command.ExecuteScalar() is not string body || Normalize(body) != Normalize(FunctionBody))
                problems.Add(Function + "()");
        }

        var actual = new Dictionary<string, (int Type, bool Enabled, string Function, bool Conditional)>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT t.tgname, t.tgtype, t.tgenabled IN ('O', 'A'), p.proname, t.tgqual IS NOT NULL
                FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE t.tgrelid = to_regclass('"AuditEvents"') AND NOT t.tgisinternal
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                actual[reader.GetString(0)] = (Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetBoolean(2), reader.GetString(3), reader.GetBoolean(4));
        }

        foreach (var (name, (type, _)) in _triggers)
        {
            if (!actual.TryGetValue(name, out var found) || found.Type != type || !found.Enabled || found.Function != Function || found.Conditional)
                problems.Add(name);
        }

        return problems;
    }

    /// <summary>Puts back the function and the triggers <paramref name="names"/> (as <see cref="Problems"/> gave them).</summary>
    public static void Restore(DbConnection connection, DbTransaction? transaction, IEnumerable<string> names)
    {
        var list = names.ToList();
        var statements = new List<string>();
        if (list.Contains(Function + "()"))
            statements.Add(FunctionSql);
        foreach (var name in list.Where(_triggers.ContainsKey))
        {
            statements.Add($"""DROP TRIGGER IF EXISTS "{name}" ON "AuditEvents";""");
            statements.Add(_triggers[name].Sql);
        }

        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
