using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Ledger;

/// <summary>A task's light and progress as the rules judge it on one date.</summary>
public readonly record struct LedgerJudgement(TrafficLight Light, double WorkProgress, string Reason);

/// <summary>
/// The rules' verdict for every task of a year, computed once and reused until anything in the record changes.
/// Lights are not columns: they follow from reports and dates, so filtering or sorting a ledger page by light
/// would otherwise judge thousands of tasks per request. Every change to a task or report writes an audit
/// event in the same transaction, so the newest audit id is a sufficient change stamp.
/// </summary>
public sealed class LedgerEvaluations(IOptions<RuleThresholds> thresholds)
{
    private static readonly Actor _office = new("ledger", "台账", new HashSet<string> { Roles.Inspector }, null);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(int Year, DateOnly AsOf, long Stamp, IReadOnlyDictionary<int, LedgerJudgement> Judgements);

    /// <summary>Every task of <paramref name="year"/> judged as of <paramref name="asOf"/> (all tasks; callers filter by visibility).</summary>
    public async Task<IReadOnlyDictionary<int, LedgerJudgement>> ForYearAsync(SupervisionDbContext db, int year, DateOnly asOf, CancellationToken ct)
    {
        var stamp = await db.AuditEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var current = _snapshot;
        if (current is not null && current.Year == year && current.AsOf == asOf && current.Stamp == stamp)
            return current.Judgements;

        await _gate.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && current.Year == year && current.AsOf == asOf && current.Stamp == stamp)
                return current.Judgements;
            var rows = await TaskFactsQuery.LoadAsync(db, _office, year, ct);
            var judgements = new Dictionary<int, LedgerJudgement>(rows.Count);
            foreach (var row in rows)
            {
                var e = TaskRules.Evaluate(row.Facts, asOf, thresholds.Value);
                judgements[row.Id] = new LedgerJudgement(e.Light, e.WorkProgress, e.Describe(row.Facts));
            }

            _snapshot = new Snapshot(year, asOf, stamp, judgements);
            return judgements;
        }
        finally
        {
            _gate.Release();
        }
    }
}
