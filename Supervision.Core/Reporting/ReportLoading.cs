using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// What the report services (<see cref="ReportQueries"/>, <see cref="ReportChainService"/>,
/// <see cref="ReportAttachmentService"/>) share: loading a report or task only if the actor may see it, and saving a
/// report so that a lost race is told as what the other person did.
/// </summary>
internal static class ReportLoading
{
    /// <summary>
    /// The one answer for a report id that does not exist and for a report whose task the actor may not see, so that
    /// trying ids (<c>/feedback/{id}</c>) tells nobody which reports exist.
    /// </summary>
    public const string ReportNotFound = "该报告不存在，或您无权查看。";

    internal static IQueryable<ProgressReport> LoadReport(IQueryable<ProgressReport> reports) =>
        reports.Include(r => r.Revisions.OrderBy(v => v.Number)).ThenInclude(v => v.Steps.OrderBy(s => s.Id));

    internal static async Task<(ProgressReport Report, SupervisionTask Task)> LoadVisibleReportAsync(
        SupervisionDbContext db, IQueryable<ProgressReport> reports, Actor actor, int reportId, CancellationToken ct)
    {
        var report = await LoadReport(reports).SingleOrDefaultAsync(r => r.Id == reportId, ct);
        var task = report is null ? null : await db.Tasks.SingleOrDefaultAsync(t => t.Id == report.TaskId, ct);
        if (report is null || task is null || !TaskVisibility.CanSee(actor, task))
            throw new DomainException(ReportNotFound);
        return (report, task);
    }

    internal static async Task<SupervisionTask> LoadVisibleTaskAsync(SupervisionDbContext db, Actor actor, int taskId, CancellationToken ct)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || !TaskVisibility.CanSee(actor, task))
            throw new DomainException("该任务不存在，或您无权查看。");
        return task;
    }

    internal static ReportPeriod PeriodOf(SupervisionTask task, string periodKey) =>
        ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).FirstOrDefault(p => p.Key == periodKey)
        ?? throw new DomainException($"该任务没有「{periodKey}」这一报告期。");

    internal static async Task SaveReportAsync(IDbContextFactory<SupervisionDbContext> dbFactory, SupervisionDbContext db, ProgressReport report, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved the same report between our read and our write: say who did what, change nothing.
            await using var fresh = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var now = await LoadReport(fresh.Reports.AsNoTracking()).SingleAsync(r => r.Id == report.Id, CancellationToken.None);
            throw new DomainException(WhatHappened(now));
        }
    }

    /// <summary>"该报告已由张三于2026年6月3日 10:12主管领导审核通过，当前为「待主要领导审批」…".</summary>
    internal static string WhatHappened(ProgressReport report)
    {
        var step = report.Revisions.SelectMany(v => v.Steps).OrderBy(s => s.At).ThenBy(s => s.Id).LastOrDefault();
        var what = step is null ? "" : $"已由{step.ActorName}于{Format(step.At)}{DisplayNames.Of(step.Action)}，";
        return $"该报告{what}当前为「{DisplayNames.Of(report.Current.State)}」（第{report.Current.Number}版）。您的操作未执行，请查看最新内容后再处理。";
    }

    internal static string Format(DateTime utc)
    {
        var local = ChinaTime.LocalOf(utc);
        return $"{DisplayNames.Date(DateOnly.FromDateTime(local))} {local:HH:mm}";
    }
}
