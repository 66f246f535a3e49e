using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>
/// Full-text search over task texts (编号, 名称, 内容, 目标) and report texts (进展, 问题, 措施). On SQLite, terms of
/// three or more characters use the FTS5 trigram indexes <c>TaskText</c> and <c>ReportText</c> (kept in sync by
/// triggers); shorter terms, which a trigram index cannot answer, fall back to a LIKE scan (case-insensitive for
/// ASCII, as the trigram index is). On PostgreSQL every term is an <c>ILIKE</c> over pg_trgm indexes of the same
/// texts, ASCII-only case-insensitive too. Several terms separated by spaces must all match.
/// </summary>
public static class LedgerSearch
{
    /// <summary>Terms shorter than this are searched with LIKE.</summary>
    public const int TrigramLength = 3;

    /// <summary>Narrows <paramref name="tasks"/> to those whose texts contain every term of <paramref name="text"/>.</summary>
    public static IQueryable<SupervisionTask> Apply(SupervisionDbContext db, IQueryable<SupervisionTask> tasks, string? text)
    {
        var postgres = db.Database.IsNpgsql();
        foreach (var term in Terms(text))
        {
            if (postgres)
            {
                // One pg_trgm index answers every length (see PostgresSearch).
                var ids = PostgresSearch.TaskIdsContaining(db, "%" + EscapeLike(term) + "%");
                tasks = tasks.Where(t => ids.Contains(t.Id));
            }
            else if (term.Length >= TrigramLength)
            {
                var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                var ids = db.Database.SqlQuery<int>(
                    $"""
                    SELECT rowid AS Value FROM TaskText WHERE TaskText MATCH {phrase}
                    UNION
                    SELECT r.TaskId AS Value FROM ReportText x
                        JOIN ReportRevisions v ON v.Id = x.rowid
                        JOIN Reports r ON r.Id = v.ReportId
                    WHERE ReportText MATCH {phrase}
                    """);
                tasks = tasks.Where(t => ids.Contains(t.Id));
            }
            else
            {
                // LIKE rather than instr(): like the trigram index it ignores ASCII case (5g finds 5G); the term's own
                // % and _ are escaped so they are searched for as characters.
                var p = "%" + EscapeLike(term) + "%";
                tasks = tasks.Where(t =>
                    EF.Functions.Like(t.Number, p, LikeEscape) || EF.Functions.Like(t.Title, p, LikeEscape) || EF.Functions.Like(t.Content, p, LikeEscape)
                    || (t.Target != null && EF.Functions.Like(t.Target, p, LikeEscape))
                    || db.Reports.Any(r => r.TaskId == t.Id && r.Revisions.Any(v =>
                        EF.Functions.Like(v.Progress, p, LikeEscape)
                        || (v.Problems != null && EF.Functions.Like(v.Problems, p, LikeEscape))
                        || (v.NextSteps != null && EF.Functions.Like(v.NextSteps, p, LikeEscape)))));
            }
        }

        return tasks;
    }

    private const string LikeEscape = "\\";

    private static string EscapeLike(string term) => term
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>The search terms: split on whitespace, at most five, each at most 50 characters.</summary>
    public static IReadOnlyList<string> Terms(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => t.Length > 50 ? t[..50] : t)
                .Distinct()
                .Take(5)
                .ToList();
}
