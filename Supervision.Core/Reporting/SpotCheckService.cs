using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;

namespace Supervision.Core.Reporting;

/// <summary>抽查核实: the office checks a submitted progress report (反馈) by phone, visit or documents.</summary>
public sealed class SpotCheckService(FollowUpCommands commands, ReportAttachmentService attachments)
{
    /// <summary>
    /// 抽查核实 of a submitted revision (督查员): method, result, notes, evidence. 不属实 marks the report (and so the
    /// unit, whose false reports are counted from these marks).
    /// </summary>
    public Task<int> RecordSpotCheckAsync(Actor actor, int reportId, int revisionNumber, SpotCheckMethod method, SpotCheckResult result, DateOnly checkedOn, string notes, string? evidence, IReadOnlyList<UploadedFile>? files = null, CancellationToken ct = default) =>
        RecordSpotCheckAsync(actor, reportId, revisionNumber, method, result, checkedOn, notes, evidence, files, null, ct);

    /// <summary>
    /// 抽查核实 as above; a check dated (<paramref name="checkedOn"/>) inside a closed reporting period (关账) is refused
    /// unless <paramref name="correctionReason"/> is given, and then recorded as a correction of that period.
    /// </summary>
    public async Task<int> RecordSpotCheckAsync(Actor actor, int reportId, int revisionNumber, SpotCheckMethod method, SpotCheckResult result, DateOnly checkedOn, string notes, string? evidence, IReadOnlyList<UploadedFile>? files, string? correctionReason, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "记录抽查核实");
        if (checkedOn > commands.Today)
            throw new DomainException("核实日期不能晚于今天。");
        var check = await commands.RunAsync(async run =>
        {
            var report = await run.Db.Reports.Include(r => r.Revisions.OrderBy(v => v.Number)).SingleOrDefaultAsync(r => r.Id == reportId, ct) ?? throw new DomainException("该报告不存在。");
            var task = await run.TaskAsync(actor, report.TaskId, ct);
            var made = new SpotCheck(report, revisionNumber, method, result, checkedOn, notes, evidence, actor, run.Now);
            run.Db.SpotChecks.Add(made);
            if (result == SpotCheckResult.False)
                report.MarkFoundFalse(revisionNumber, actor, run.Now);
            await PeriodCloseService.EnsureOpenAsync(run.Db, checkedOn, actor, run.Now, $"抽查核实{task.Number} {report.PeriodLabel}进展（{DisplayNames.Of(result)}）", correctionReason, ct);
            await run.AttachAsync(attachments, actor, task.Id, report.Id, AttachmentPurpose.SpotCheck, files, ct);
            run.Notify(NotificationEvent.SpotChecked, new(task)
            {
                PeriodKey = report.PeriodKey,
                PeriodLabel = report.PeriodLabel,
                Number = DisplayNames.Of(result),
                Detail = DisplayNames.Of(method),
                Text = notes.Trim(),
            });
            return made;
        }, ct);
        return check.Id;
    }
}
