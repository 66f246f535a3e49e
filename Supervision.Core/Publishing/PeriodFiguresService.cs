using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Core.Publishing;

/// <summary>
/// A period's tasks for its documents (completion table, bulletin): the 政府工作报告 tasks registered by the period
/// end, judged by the one model (<see cref="JudgementService"/>) at the period's 评价时点 — as of its end, with the
/// reports accepted by its cut-off (end + due day + grace + review days, or now when earlier). See docs/glossary.md.
/// </summary>
public sealed class PeriodFiguresService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    JudgementService judgement,
    IOptions<OfficeOptions> office,
    IOptionsMonitor<ScoringWeights> weights)
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

    /// <summary>The 评价时点 of a period now: its end (today while it runs) with the reports accepted by its cut-off.</summary>
    public JudgementPoint PointOf(SupervisionPeriod period) => judgement.PointFor(period.End);

    /// <summary>The period's tasks and their classes; refused for accounts that may not read them.</summary>
    public async Task<PeriodFigures> LoadAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default)
    {
        if (!CanRead(actor))
            throw new DomainException("只有督查室和市领导可以查看报表与通报。");
        var point = PointOf(period);
        var judged = await judgement.JudgeAsync(period.End.Year, point, ct);
        var tasks = judged.Tasks.Where(j => j.Task.Source == TaskSource.AnnualKeyWork).ToList();
        var names = judged.Names;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = tasks.Select(j => j.Task.Id).ToList();
        var details = await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.Content, t.DeadlineText, t.Deadline, t.CancelReason })
            .ToDictionaryAsync(t => t.Id, ct);
        // The texts of the revisions that count (one per task at most), and of the report each belongs to.
        var revisionIds = tasks.Select(j => j.CountingRevisionId).Where(id => id > 0).ToList();
        var texts = await (
                from v in db.Set<ReportRevision>().AsNoTracking()
                where revisionIds.Contains(v.Id)
                join r in db.Reports.AsNoTracking() on v.ReportId equals r.Id
                select new { v.Id, v.Progress, v.Problems, v.NextSteps, r.PeriodLabel })
            .ToDictionaryAsync(v => v.Id, ct);

        var lines = new List<(int? CategoryId, bool Counted, PeriodTaskLine Line)>();
        foreach (var j in tasks.OrderBy(j => j.Task.Number, StringComparer.Ordinal))
        {
            var task = j.Task;
            var d = details[task.Id];
            var e = j.Evaluation;
            texts.TryGetValue(j.CountingRevisionId, out var text);
            var cancelled = e.Outcome == PeriodOutcome.Cancelled;
            var remark = e.Outcome switch
            {
                PeriodOutcome.Cancelled => string.IsNullOrWhiteSpace(d.CancelReason) ? "已取消" : $"取消：{d.CancelReason}",
                PeriodOutcome.Completed => "",
                PeriodOutcome.OnSchedule or PeriodOutcome.BehindSchedule => j.IndicatorWords!,
                _ => j.Reason,
            };
            lines.Add((task.CategoryId, j.IsCounted, new PeriodTaskLine(
                task.Id,
                task.Number,
                task.Title,
                d.Content,
                names.Unit(task.LeadUnitId),
                string.Join("、", task.AssistingUnitIds.Select(names.Unit)),
                names.Leader(task.ResponsibleLeaderId),
                d.DeadlineText ?? DisplayNames.Date(d.Deadline),
                ProgressText(j, text?.Progress, text?.PeriodLabel, point),
                // Problems and steps are the period's own report's; an older one left in its place is not quoted.
                e.Light == TrafficLight.Unreported ? null : text?.Problems,
                e.Light == TrafficLight.Unreported ? null : text?.NextSteps,
                e.Outcome,
                remark,
                task.IndicatorName,
                TaskRules.IndicatorOnSchedule(e),
                e.TimeProgress,
                e.WorkProgress,
                cancelled ? d.CancelReason : null)
            {
                Light = e.Light,
                IsIndicator = j.IsIndicator,
                ReportPeriod = text?.PeriodLabel,
                ReportAcceptedOn = e.HasReport ? task.Facts.Progress[e.LatestProgressIndex].AcceptedAt : null,
                IndicatorWords = j.IsIndicator ? j.IndicatorWords : null,
                IndicatorTarget = j.IsIndicator && task.Facts.Indicator is { } target ? IndicatorWords.Target(target) : null,
                IndicatorActual = j.IsIndicator && task.Facts.Indicator is { } measured && e.HasReport && task.Facts.Progress[e.LatestProgressIndex].IndicatorActual is { } actual
                    ? $"{IndicatorWords.Number(actual)}{measured.UnitOfMeasure}"
                    : null,
                LeadUnitId = task.LeadUnitId,
                AssistingUnitIds = task.AssistingUnitIds,
                LeaderId = task.ResponsibleLeaderId,
                CategoryId = task.CategoryId,
            }));
        }

        var order = judged.Data.Categories.Select(c => c.Id).ToList();
        var categories = lines
            .Where(l => l.Counted)
            .GroupBy(l => l.CategoryId)
            .OrderBy(g => g.Key is { } id && order.IndexOf(id) is var i and >= 0 ? i : int.MaxValue)
            .Select(g => new PeriodCategory(g.Key is null ? "其他" : names.Category(g.Key), g.Select(l => l.Line).ToList()))
            .ToList();
        var today = judgement.Today;
        return new PeriodFigures(period, point.AsOf, period.End <= today, categories, office.Value.Name, office.Value.IssuingOffice)
        {
            Cutoff = point.Cutoff,
            CutoffIsFinal = point.IsFinal(judged.Thresholds),
            Uncounted = lines.Where(l => !l.Counted).Select(l => l.Line).ToList(),
            // The 看板's unfiltered ranking at the same 评价时点 (every source, as its 红黑榜 shows it).
            UnitScores = Scoring.Units(judged, _ => true, weights.CurrentValue),
        };
    }

    // 进展情况: the text of the report that counts; for 未报送 what is missing, and what an older report said.
    private static string ProgressText(JudgedTask j, string? text, string? label, JudgementPoint point)
    {
        var e = j.Evaluation;
        switch (e.Light)
        {
            case TrafficLight.NotAssigned:
                return "尚未交办，本期不作统计。";
            case TrafficLight.NotYetDue:
                return "本期尚无应报进展，不作统计。";
            case TrafficLight.Unreported:
                var missing = j.Task.Facts.DueReports[e.UnreportedIndex].PeriodLabel;
                var said = $"截至{DisplayNames.Date(point.Cutoff)}无经审核采纳的{missing}进展情况报告。";
                return text is null ? said : $"{said}此前采纳的{label}报告：{text}";
        }

        return text ?? "截至期末无经采纳的进展情况报告。";
    }
}
