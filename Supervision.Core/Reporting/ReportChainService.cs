using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using static Supervision.Core.Reporting.ReportLoading;

namespace Supervision.Core.Reporting;

/// <summary>
/// The report chain as a service: loads, authorizes (from the <see cref="Actor"/>, never from the page), applies
/// one guarded step and saves it with its audit events and notifications in one transaction. Every action takes
/// the version the person was looking at, so a double click or a second person acting on the same report is told
/// what happened instead of acting twice. Reading reports is <see cref="ReportQueries"/>'s, their files
/// <see cref="ReportAttachmentService"/>'s.
/// </summary>
public sealed class ReportChainService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Opens the period's report with a first draft (lead unit's 联络员 only).</summary>
    /// <returns>The new report's id.</returns>
    public async Task<int> OpenAsync(Actor actor, int taskId, string periodKey, ReportContent content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVisibleTaskAsync(db, actor, taskId, ct);
        ReportPermissions.RequireOperator(actor, task);
        var period = PeriodOf(task, periodKey);
        var today = ChinaTime.Today(clock);
        if (period.Start > today)
            throw new DomainException($"{period.Label}尚未开始，不能报送该期进展。");
        if (await db.Reports.AnyAsync(r => r.TaskId == taskId && r.PeriodKey == period.Key, ct))
            throw new DomainException($"{period.Label}的报告已经起草，请刷新后在原报告上修改。");
        var report = ProgressReport.Open(task, period, content, actor, Now);
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Two drafts opened at the same moment (a double click, or two operators): the unique index keeps one.
            throw new DomainException($"{period.Label}的报告刚刚已由他人起草，请刷新后在原报告上修改。");
        }

        return report.Id;
    }

    /// <summary>Saves changes to the draft (联络员).</summary>
    public Task<long> SaveDraftAsync(Actor actor, int reportId, long version, ReportContent content, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            ReportPermissions.RequireOperator(actor, task);
            ReportPermissions.RequireOpen(task, "不能再报送进展");
            report.EditDraft(content, task.Indicator is not null, actor, now);
            return [];
        }, ct);

    /// <summary>Sends the draft to the unit's 主管领导 (联络员).</summary>
    public Task<long> SendForReviewAsync(Actor actor, int reportId, long version, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            ReportPermissions.RequireOperator(actor, task);
            ReportPermissions.RequireOpen(task, "不能再报送进展");
            report.SendForReview(actor, now);
            return Notify(NotificationEvent.ReportSentForReview, task, report, now, actor.Name);
        }, ct);

    /// <summary>
    /// Approves as the step in hand requires: the 主管领导 passes it to the 主要领导, whose approval sends it out of
    /// the unit to the office.
    /// </summary>
    public Task<long> ApproveAsync(Actor actor, int reportId, long version, string? comment, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            var lead = task.LeadUnitId;
            ReportPermissions.RequireOpen(task, "报告不能再审核报送");
            switch (report.Current.State)
            {
                case RevisionState.AwaitingSupervisor:
                    if (!ReportPermissions.IsOf(actor, Roles.UnitSupervisor, lead))
                        throw new DomainException("该报告正等待牵头单位主管领导审核，只有主管领导可以审核。");
                    report.ApproveAsSupervisor(actor, now, comment);
                    return Notify(NotificationEvent.ReportApprovedBySupervisor, task, report, now, actor.Name);
                case RevisionState.AwaitingPrincipal:
                    if (!ReportPermissions.IsOf(actor, Roles.UnitPrincipal, lead))
                        throw new DomainException("该报告正等待牵头单位主要领导审批，只有主要领导可以审批。");
                    report.ApproveAsPrincipal(actor, now, comment);
                    return Notify(NotificationEvent.ReportSentToOffice, task, report, now);
                default:
                    throw new DomainException($"该报告当前为「{DisplayNames.Of(report.Current.State)}」，不在单位审核环节。");
            }
        }, ct);

    /// <summary>A unit reviewer sends the draft back to the 联络员 with a reason.</summary>
    public Task<long> RejectInUnitAsync(Actor actor, int reportId, long version, string reason, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            var state = report.Current.State;
            var allowed = (state == RevisionState.AwaitingSupervisor && ReportPermissions.IsOf(actor, Roles.UnitSupervisor, task.LeadUnitId))
                || (state == RevisionState.AwaitingPrincipal && ReportPermissions.IsOf(actor, Roles.UnitPrincipal, task.LeadUnitId));
            if (!allowed && state is RevisionState.AwaitingSupervisor or RevisionState.AwaitingPrincipal)
                throw new DomainException($"该报告当前为「{DisplayNames.Of(state)}」，只有相应的单位领导可以退回修改。");
            ReportPermissions.RequireOpen(task, "报告不能再退回修改");
            report.RejectInUnit(actor, now, reason);
            return Notify(NotificationEvent.ReportReturnedInUnit, task, report, now, actor.Name, reason.Trim());
        }, ct);

    /// <summary>采纳 (督查员).</summary>
    public Task<long> AcceptAsync(Actor actor, int reportId, long version, string? comment, CancellationToken ct = default) =>
        AcceptAsync(actor, reportId, version, comment, null, ct);

    /// <summary>
    /// 采纳 (督查员). The report's period end is the date the acceptance counts for: inside a closed reporting period
    /// (关账) it is refused unless <paramref name="correctionReason"/> is given, and then the correction is recorded
    /// on the closed period in the same transaction.
    /// </summary>
    public Task<long> AcceptAsync(Actor actor, int reportId, long version, string? comment, string? correctionReason, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            ReportPermissions.RequireInspector(actor, "采纳报告");
            report.Accept(actor, now, comment);
            return Notify(NotificationEvent.ReportAccepted, task, report, now);
        }, ct, (db, report, task, now) => PeriodCloseService.EnsureOpenAsync(
            db, report.PeriodEnd, actor, now, $"采纳{task.Number} {report.PeriodLabel}进展（第{report.Current.Number}版）", correctionReason, ct));

    /// <summary>退回 with a required reason (督查员); a new draft revision goes back to the unit.</summary>
    public Task<long> ReturnAsync(Actor actor, int reportId, long version, string reason, CancellationToken ct = default) =>
        ActAsync(actor, reportId, version, (report, task, now) =>
        {
            ReportPermissions.RequireInspector(actor, "退回报告");
            ReportPermissions.RequireOpen(task, "报告不能再退回修改，可以采纳");
            report.Return(actor, now, reason);
            return Notify(NotificationEvent.ReportReturnedByOffice, task, report, now, text: reason.Trim());
        }, ct);

    /// <summary>An assisting unit adds its part to the lead unit's report while it is still inside the lead unit.</summary>
    public async Task AddContributionAsync(Actor actor, int reportId, string text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (report, task) = await LoadVisibleReportAsync(db, db.Reports, actor, reportId, ct);
        var can = ReportPermissions.For(actor, task, report.Current.State);
        if (!can.Contribute)
        {
            throw new DomainException(actor.UnitId is { } u && task.Involves(u) && u != task.LeadUnitId
                ? $"该报告已「{DisplayNames.Of(report.Current.State)}」，配合单位只能在牵头单位报送前补充。"
                : "只有该任务的配合单位可以补充配合落实情况。");
        }

        var unitName = await db.Units.Where(x => x.Id == actor.UnitId).Select(x => x.ShortName ?? x.Name).SingleAsync(ct);
        var now = Now;
        db.Add(new ReportContribution(report, actor.UnitId!.Value, text, unitName, actor, now));
        db.AddRange(Notify(NotificationEvent.ContributionAdded, task, report, now, unitName, text.Trim()));
        await db.SaveChangesAsync(ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The notifications a step of <paramref name="report"/>'s chain makes (<see cref="NotificationRules"/>); they point at the report.</summary>
    private static IReadOnlyList<Notification> Notify(NotificationEvent @event, SupervisionTask task, ProgressReport report, DateTime at, string by = "", string text = "") =>
        NotificationRules.For(@event, new(task) { PeriodKey = report.PeriodKey, PeriodLabel = report.PeriodLabel, By = by, Text = text }, at);

    private async Task<long> ActAsync(
        Actor actor, int reportId, long version, Func<ProgressReport, SupervisionTask, DateTime, IReadOnlyList<Notification>> act, CancellationToken ct,
        Func<SupervisionDbContext, ProgressReport, SupervisionTask, DateTime, Task>? beforeSave = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (report, task) = await LoadVisibleReportAsync(db, db.Reports, actor, reportId, ct);
        if (report.Version != version)
            throw new DomainException(WhatHappened(report));
        var now = Now;
        var notes = act(report, task, now);

        // Checks that need the database (a closed period) run after the person and state checks, so those refusals
        // come first, and write through the same context, so whatever they record is saved with the change or not at all.
        if (beforeSave is not null)
            await beforeSave(db, report, task, now);
        db.AddRange(notes);
        await SaveReportAsync(dbFactory, db, report, ct);
        return report.Version;
    }
}
