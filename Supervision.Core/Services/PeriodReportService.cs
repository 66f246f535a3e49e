using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Services;

/// <summary>
/// Loads a period's tasks for its documents (completion table, bulletin): the 政府工作报告 tasks registered by the
/// period end, judged as of that end with only the reports accepted by then.
/// </summary>
public sealed class PeriodReportService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    TimeProvider clock,
    IOptions<RuleThresholds> thresholds,
    IOptions<OfficeOptions> office)
{
    /// <summary>Office staff and city leaders read period documents; units do not see other units' tasks.</summary>
    public static bool CanRead(Actor actor) =>
        actor.IsIn(Roles.Admin) || actor.IsIn(Roles.Inspector) || actor.IsIn(Roles.CityLeader);

    /// <summary>Only the office drafts, issues and closes.</summary>
    public static bool CanIssue(Actor actor) => actor.IsIn(Roles.Admin) || actor.IsIn(Roles.Inspector);

    /// <summary>Parses "2026-H1" into one of the year's four periods, or throws a <see cref="DomainException"/>.</summary>
    public static SupervisionPeriod ParsePeriod(string? key)
    {
        var trimmed = key?.Trim() ?? "";
        if (trimmed.Length >= 6 && int.TryParse(trimmed.AsSpan(0, 4), out var year) && year is >= 2000 and <= 2100)
        {
            var match = SupervisionPeriod.Of(year).FirstOrDefault(p => string.Equals(p.Key, trimmed, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
                return match;
        }

        throw new DomainException("报告期不正确，应为如 2026-Q1、2026-H1、2026-Q3、2026-Y 的形式。");
    }

    /// <summary>The period's tasks and their classification; refused for accounts that may not read them.</summary>
    public async Task<PeriodReport> LoadAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default)
    {
        if (!CanRead(actor))
            throw new DomainException("只有督查室和市领导可以查看报表与通报。");
        var today = ChinaTime.Today(clock);
        var ended = period.End <= today;
        var asOf = ended ? period.End : today;
        // Everything accepted before midnight (China time) after the as-of day counts.
        var cutoff = ChinaTime.UtcOf(asOf.AddDays(1), TimeOnly.MinValue);
        var year = period.End.Year;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = (await TaskFactsQuery.LoadAsync(db, actor, year, ct))
            .Where(r => r.Source == TaskSource.AnnualKeyWork)
            .ToDictionary(r => r.Id);
        var names = await Names.LoadAsync(db, ct);
        var categoryOrder = await db.Categories.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.SortOrder).Select(c => c.Id).ToListAsync(ct);

        var ids = rows.Keys.ToList();
        var details = await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && t.RegisteredAt < cutoff)
            .Select(t => new
            {
                t.Id,
                t.Content,
                t.DeadlineText,
                t.Deadline,
                t.CancelReason,
                t.CancelledAt,
                IndicatorName = t.Indicator == null ? null : t.Indicator.Name,
                Assisting = t.AssistingUnits.Select(a => a.UnitId).ToList(),
            })
            .ToListAsync(ct);

        // The latest revision accepted by the cutoff, per task: what the unit had officially said by then.
        var accepted = await (
                from r in db.Reports.AsNoTracking()
                where ids.Contains(r.TaskId)
                join v in db.Set<ReportRevision>().AsNoTracking() on r.Id equals v.ReportId
                where v.State == RevisionState.Accepted && v.DecidedAt != null && v.DecidedAt < cutoff
                select new { r.TaskId, v.DecidedAt, v.Progress, v.Problems, v.NextSteps })
            .ToListAsync(ct);
        var latest = accepted.GroupBy(a => a.TaskId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.DecidedAt).Last());

        var rules = thresholds.Value;
        var lines = new List<(int? CategoryId, PeriodTaskLine Line)>();
        foreach (var d in details.OrderBy(d => rows[d.Id].Number, StringComparer.Ordinal))
        {
            var row = rows[d.Id];
            var evaluation = TaskRules.Evaluate(row.Facts, asOf, rules);
            var cancelled = evaluation.Outcome == PeriodOutcome.Cancelled;
            var indicatorOnSchedule = TaskRules.IndicatorOnSchedule(row.Facts, asOf, rules);
            latest.TryGetValue(d.Id, out var report);
            var remark = evaluation.Outcome switch
            {
                PeriodOutcome.Cancelled => string.IsNullOrWhiteSpace(d.CancelReason) ? "已取消" : $"取消：{d.CancelReason}",
                PeriodOutcome.Completed when indicatorOnSchedule == true => "指标完成进度",
                PeriodOutcome.Completed => "",
                _ => TaskRules.Describe(evaluation, row.Facts),
            };
            if (indicatorOnSchedule == false)
                remark = remark.Length == 0 ? "指标未完成进度" : $"指标未完成进度；{remark}";
            lines.Add((row.CategoryId, new PeriodTaskLine(
                d.Id,
                row.Number,
                row.Title,
                d.Content,
                names.Unit(row.LeadUnitId),
                string.Join("、", d.Assisting.Select(names.Unit)),
                names.Leader(row.ResponsibleLeaderId),
                d.DeadlineText ?? DisplayNames.Date(d.Deadline),
                report?.Progress ?? "截至期末无经采纳的进展情况报告。",
                report?.Problems,
                report?.NextSteps,
                evaluation.Outcome,
                remark,
                d.IndicatorName,
                indicatorOnSchedule,
                evaluation.TimeProgress,
                evaluation.WorkProgress,
                cancelled ? d.CancelReason : null)));
        }

        var categories = lines
            .GroupBy(l => l.CategoryId)
            .OrderBy(g => g.Key is { } id && categoryOrder.IndexOf(id) is var i and >= 0 ? i : int.MaxValue)
            .Select(g => new PeriodCategory(g.Key is null ? "其他" : names.Category(g.Key), g.Select(l => l.Line).ToList()))
            .ToList();
        return new PeriodReport(period, asOf, ended, categories, office.Value.Name, office.Value.IssuingOffice);
    }
}
