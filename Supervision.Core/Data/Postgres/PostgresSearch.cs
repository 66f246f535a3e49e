using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Supervision.Core.Data.Postgres;

/// <summary>
/// The ledger's text search on PostgreSQL: the ids of tasks whose own texts or whose reports' texts contain a term.
/// The expressions are the indexed ones (<see cref="PostgresSchema"/>), so pg_trgm's GIN indexes answer terms of
/// three or more characters; shorter ones scan, as LIKE does on SQLite. The columns' "C" collation makes ILIKE fold
/// ASCII letters only — the same matches as SQLite's LIKE and FTS5 trigram give for Chinese and Latin text.
/// </summary>
internal static class PostgresSearch
{
    /// <summary>Task ids matching <paramref name="pattern"/> (a LIKE pattern with backslash escapes), to compose into a query.</summary>
    public static IQueryable<int> TaskIdsContaining(SupervisionDbContext db, string pattern) =>
        // {0} becomes a parameter EF names uniquely, so several terms can be composed into one query.
        db.Database.SqlQuery<int>(FormattableStringFactory.Create(Sql, pattern));

    private static readonly string Sql = $$"""
        SELECT t."Id" AS "Value" FROM "Tasks" t WHERE {{PostgresSchema.TaskSearchText}} ILIKE {0}
        UNION
        SELECT r."TaskId" AS "Value" FROM "ReportRevisions" v
            JOIN "Reports" r ON r."Id" = v."ReportId"
        WHERE {{PostgresSchema.ReportSearchText}} ILIKE {0}
        """;
}
