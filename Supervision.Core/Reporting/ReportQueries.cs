using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;
using static Supervision.Core.Reporting.ReportLoading;

namespace Supervision.Core.Reporting;

/// <summary>
/// Reading progress reports: one report with its revisions, files, contributions and checks and what the actor may
/// do with it, a task's periods and the year's list. Only what the actor may see (<see cref="TaskVisibility"/>);
/// the chain's steps are <see cref="ReportChainService"/>'s, files are <see cref="ReportAttachmentService"/>'s.
/// </summary>
public sealed class ReportQueries(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    TimeProvider clock,
    IOptions<RuleThresholds> thresholds,
    JudgementService judgement)
{
    /// <summary>The report of <paramref name="taskId"/> for <paramref name="periodKey"/>, or an empty view before the first draft.</summary>
    public async Task<ReportView> GetAsync(Actor actor, int taskId, string periodKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVisibleTaskAsync(db, actor, taskId, ct);
        var period = PeriodOf(task, periodKey);
        var report = await LoadReport(db.Reports.AsNoTracking()).SingleOrDefaultAsync(r => r.TaskId == taskId && r.PeriodKey == period.Key, ct);
        return await ViewAsync(db, actor, task, period, report, ct);
    }

    /// <summary>The report with id <paramref name="reportId"/>.</summary>
    public async Task<ReportView> GetByIdAsync(Actor actor, int reportId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (report, task) = await LoadVisibleReportAsync(db, db.Reports.AsNoTracking(), actor, reportId, ct);
        var period = ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).FirstOrDefault(p => p.Key == report.PeriodKey)
            ?? new ReportPeriod(report.PeriodKey, report.PeriodLabel, report.PeriodEnd, report.PeriodEnd, report.DueDate);
        return await ViewAsync(db, actor, task, period, report, ct);
    }

    /// <summary>The periods of a task with the state of each one's report (for the task's report panel).</summary>
    public async Task<IReadOnlyList<ReportListItem>> PeriodsAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVisibleTaskAsync(db, actor, taskId, ct);
        var today = ChinaTime.Today(clock);
        var reports = await db.Reports.AsNoTracking().Where(r => r.TaskId == taskId)
            .Select(r => new
            {
                r.Id,
                r.PeriodKey,
                r.FirstSubmittedAt,
                r.FoundFalseAt,
                Current = r.Revisions.OrderByDescending(v => v.Number).Select(v => new { v.Number, v.State }).First(),
            })
            .ToDictionaryAsync(r => r.PeriodKey, ct);
        var names = await Names.LoadAsync(db, ct);
        var grace = thresholds.Value.ReportGraceDays;
        // Months that fell due before 交办 were never owed: they read 无需报送 (or 补充报送), never 逾期.
        return ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle)
            .Where(p => p.Start <= today || reports.ContainsKey(p.Key))
            .OrderByDescending(p => p.DueDate)
            .Select(p =>
            {
                reports.TryGetValue(p.Key, out var r);
                var submitted = r?.FirstSubmittedAt is { } s ? ChinaTime.DateOf(s) : (DateOnly?)null;
                var state = r?.Current.State;
                return new ReportListItem(
                    r?.Id ?? 0, task.Id, task.Number, task.Title, p.Key, p.Label, names.Unit(task.LeadUnitId), p.DueDate,
                    r?.Current.Number ?? 0, state ?? RevisionState.Draft, r?.FirstSubmittedAt,
                    ReportTimelinessRules.Of(p.DueDate, submitted, today, grace, ReportSchedule.IsOwed(task, p.DueDate)), r?.FoundFalseAt is not null,
                    ReportPermissions.For(actor, task, state, submitted is not null) is var can && (can.Send || can.ApproveAsSupervisor || can.ApproveAsPrincipal || can.Decide || (r is null && can.Draft && p.DueDate <= today.AddDays(7))));
            })
            .ToList();
    }

    /// <summary>Reports of the tasks <paramref name="actor"/> may see in <paramref name="year"/>, newest due date first.</summary>
    public async Task<IReadOnlyList<ReportListItem>> ListAsync(Actor actor, int year, int take = 1000, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).Where(t => t.Year == year);
        var rows = await db.Reports.AsNoTracking()
            .Join(visible, r => r.TaskId, t => t.Id, (r, t) => new { r, t })
            .OrderByDescending(x => x.r.DueDate).ThenBy(x => x.t.Number)
            .Take(take)
            .Select(x => new
            {
                x.r.Id,
                x.r.TaskId,
                x.t.Number,
                x.t.Title,
                TaskState = x.t.State,
                x.t.AssignedAt,
                Settled = x.t.CancelledAt ?? x.t.ClosedAt,
                x.r.PeriodKey,
                x.r.PeriodLabel,
                x.r.UnitId,
                x.r.DueDate,
                x.r.FirstSubmittedAt,
                x.r.FoundFalseAt,
                Current = x.r.Revisions.OrderByDescending(v => v.Number).Select(v => new { v.Number, v.State }).First(),
            })
            .ToListAsync(ct);
        var names = await Names.LoadAsync(db, ct);
        var today = ChinaTime.Today(clock);
        var grace = thresholds.Value.ReportGraceDays;
        return rows.Select(x => new ReportListItem(
                x.Id, x.TaskId, x.Number, x.Title, x.PeriodKey, x.PeriodLabel, names.Unit(x.UnitId), x.DueDate, x.Current.Number, x.Current.State,
                x.FirstSubmittedAt,
                ReportTimelinessRules.Of(x.DueDate, x.FirstSubmittedAt is { } s ? ChinaTime.DateOf(s) : null, today, grace,
                    ReportSchedule.IsOwed(x.DueDate, x.AssignedAt is { } a ? ChinaTime.DateOf(a) : null, x.Settled is { } settled ? ChinaTime.DateOf(settled) : null)),
                x.FoundFalseAt is not null,
                AwaitsActor(actor, x.UnitId, x.Current.State, x.TaskState is TaskState.Closed or TaskState.Cancelled)))
            .ToList();
    }

    private static bool AwaitsActor(Actor actor, int unitId, RevisionState state, bool taskFinished) => state switch
    {
        RevisionState.Draft => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitOperator, unitId),
        RevisionState.AwaitingSupervisor => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitSupervisor, unitId),
        RevisionState.AwaitingPrincipal => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitPrincipal, unitId),
        RevisionState.Submitted => actor.IsIn(Roles.Inspector),
        _ => false,
    };

    private async Task<ReportView> ViewAsync(SupervisionDbContext db, Actor actor, SupervisionTask task, ReportPeriod period, ProgressReport? report, CancellationToken ct)
    {
        var names = await Names.LoadAsync(db, ct);
        var today = ChinaTime.Today(clock);
        var judged = (await judgement.JudgeAsync(task.Year, (DateOnly?)null, ct)).Find(task.Id);
        var header = new ReportTaskHeader(
            task.Id, task.Number, task.Title, task.LeadUnitId, names.Unit(task.LeadUnitId), task.State, task.Deadline, task.OriginalDeadline,
            task.Indicator?.Name, task.Indicator?.UnitOfMeasure, task.Indicator?.Target, judged?.Light ?? TrafficLight.NotAssigned, judged?.Reason ?? "");
        var owed = ReportSchedule.IsOwed(task, period.DueDate);
        if (report is null)
        {
            return new ReportView(null, 0, header, period, ReportTimelinessRules.Of(period.DueDate, null, today, thresholds.Value.ReportGraceDays, owed), null, null, [], [], [], [],
                period.Start <= today ? ReportPermissions.For(actor, task, null) : ReportActions.None);
        }

        var attachments = await db.Set<ReportAttachment>().AsNoTracking().Where(a => a.ReportId == report.Id).OrderBy(a => a.Id).ToListAsync(ct);
        var contributions = await db.Set<ReportContribution>().AsNoTracking().Where(c => c.ReportId == report.Id).OrderBy(c => c.Id).ToListAsync(ct);
        var checks = await db.SpotChecks.AsNoTracking().Where(c => c.ReportId == report.Id).OrderBy(c => c.Id).ToListAsync(ct);
        var submittedOn = report.FirstSubmittedAt is { } s ? ChinaTime.DateOf(s) : (DateOnly?)null;
        var closed = await PeriodCloseService.CoveringAsync(db, report.PeriodEnd, ct);
        return new ReportView(
            report.Id,
            report.Version,
            header,
            period,
            ReportTimelinessRules.Of(report.DueDate, submittedOn, today, thresholds.Value.ReportGraceDays, owed),
            report.FirstSubmittedAt,
            report.FoundFalseAt,
            report.Revisions.Select(v => new ReportRevisionView(
                v.Number, v.State, v.Progress, v.Problems, v.NextSteps, v.ProgressPercent, v.IndicatorActual, v.CreatedAt, v.SubmittedAt, v.DecidedAt,
                v.Steps.Select(x => new ReportStepView(x.Action, x.ActorName, x.At, x.Comment)).ToList())).ToList(),
            attachments.Select(a => new AttachmentView(a.Id, a.RevisionNumber, a.Purpose, a.OriginalName, a.Kind, a.Size, a.UnitId is { } u ? names.Unit(u) : "督查室", a.UploadedByName, a.UploadedAt)).ToList(),
            contributions.Select(c => new ContributionView(c.Id, c.RevisionNumber, names.Unit(c.UnitId), c.Text, c.AuthorName, c.At)).ToList(),
            checks.Select(c => new SpotCheckView(c.Id, c.RevisionNumber, c.Method, c.Result, c.CheckedOn, c.Notes, c.Evidence, c.InspectorName)).ToList(),
            ReportPermissions.For(actor, task, report.Current.State, submittedOn is not null))
        {
            ClosedPeriod = closed?.Label,
        };
    }
}

