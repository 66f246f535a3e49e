using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Services;

/// <summary>One line of the ledger (台账).</summary>
public sealed record LedgerItem(
    int Id,
    string Number,
    string Title,
    TaskSource Source,
    string Category,
    string LeadUnit,
    string Leader,
    DateOnly Deadline,
    TaskState State,
    TrafficLight Light,
    double WorkProgress,
    string Reason);

/// <summary>The list of tasks an actor may see, judged by the rules as of a date.</summary>
public sealed class LedgerService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds)
{
    public async Task<IReadOnlyList<LedgerItem>> ListAsync(Actor actor, int year, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var date = asOf ?? ChinaTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await TaskFactsQuery.LoadAsync(db, actor, year, ct);
        var names = await Names.LoadAsync(db, ct);
        var deadlines = rows.ToDictionary(r => r.Id, r => r.Facts.Deadline);
        return rows.Select(r =>
        {
            var e = TaskRules.Evaluate(r.Facts, date, thresholds.Value);
            return new LedgerItem(
                r.Id, r.Number, r.Title, r.Source, names.Category(r.CategoryId), names.Unit(r.LeadUnitId),
                names.Leader(r.ResponsibleLeaderId), deadlines[r.Id], r.State, e.Light, e.WorkProgress, e.Describe(r.Facts));
        }).ToList();
    }
}
