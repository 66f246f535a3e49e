using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Files;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;

namespace Supervision.Core.Reporting;

/// <summary>
/// The report chain as a service: loads, authorizes (from the <see cref="Actor"/>, never from the page), applies
/// one guarded step and saves it with its audit events and notifications in one transaction. Every action takes
/// the version the person was looking at, so a double click or a second person acting on the same report is told
/// what happened instead of acting twice.
/// </summary>
public sealed class ReportService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    TimeProvider clock,
    IOptions<RuleThresholds> thresholds,
    AttachmentStore files,
    JudgementService judgement)
{
    /// <summary>Largest attachment accepted.</summary>
    public const long MaxAttachmentBytes = 20L * 1024 * 1024;

    /// <summary>Most files taken in one action (evidence of a close-out request or a spot check).</summary>
    public const int MaxFilesPerUpload = 10;

    /// <summary>Attachment types accepted, decided from the content.</summary>
    public static readonly FileKind[] AttachmentKinds = [FileKind.Pdf, FileKind.Docx, FileKind.Xlsx, FileKind.Jpeg, FileKind.Png];

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
        db.Add(new ReportContribution(report, actor.UnitId!.Value, text, unitName, actor, Now));
        db.AddRange(Notify(NotificationEvent.ContributionAdded, task, report, Now, unitName, text.Trim()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds a file to the report's current revision (联络员 while drafting; assisting units while the report is in
    /// the lead unit). The type is decided from the bytes; the file is stored by its hash outside the database.
    /// </summary>
    public async Task<int> AttachAsync(Actor actor, int reportId, Stream content, string originalName, CancellationToken ct = default)
    {
        var name = CleanName(originalName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (report, task) = await LoadVisibleReportAsync(db, db.Reports, actor, reportId, ct);
        var can = ReportPermissions.For(actor, task, report.Current.State);
        if (!can.Attach)
            throw new DomainException(report.Current.State == RevisionState.Draft || actor.UnitId != task.LeadUnitId
                ? "您不能为该报告上传附件。"
                : $"该报告已「{DisplayNames.Of(report.Current.State)}」，已报送或审核中的版本不能再添加附件。");

        var hash = await StoreCheckedAsync(content, name, ct);
        var purpose = actor.UnitId == task.LeadUnitId ? AttachmentPurpose.Report : AttachmentPurpose.Contribution;
        var attachment = new ReportAttachment(task.Id, report.Id, report.Current.Number, actor.UnitId, purpose, name, hash.Hash, hash.Kind, hash.Size, actor, Now);
        db.Add(attachment);
        report.Note("report.attached", $"{report.PeriodLabel}进展（第{report.Current.Number}版）上传附件「{name}」（SHA-256 {hash.Hash[..12]}…）", actor, Now);
        await SaveReportAsync(db, report, ct);
        return attachment.Id;
    }

    /// <summary>Removes a file from a draft (联络员 of the lead unit, or the assisting unit that added it).</summary>
    public async Task RemoveAttachmentAsync(Actor actor, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Set<ReportAttachment>().SingleOrDefaultAsync(a => a.Id == attachmentId, ct) ?? throw new DomainException("该附件不存在。");
        var report = await LoadReport(db.Reports).SingleOrDefaultAsync(r => r.Id == attachment.ReportId, ct) ?? throw new DomainException("该附件不属于任何报告。");
        var task = await LoadVisibleTaskAsync(db, actor, report.TaskId, ct);
        var can = ReportPermissions.For(actor, task, report.Current.State);
        if (!can.Attach || attachment.RevisionNumber != report.Current.Number || attachment.UnitId != actor.UnitId)
            throw new DomainException("只能删除本单位在当前草稿中上传的附件；已报送的附件不能删除。");
        db.Remove(attachment);
        report.Note("report.detached", $"{report.PeriodLabel}进展（第{report.Current.Number}版）删除附件「{attachment.OriginalName}」", actor, Now);
        await SaveReportAsync(db, report, ct);
    }

    /// <summary>Opens an attachment for download if <paramref name="actor"/> may see its task.</summary>
    public async Task<(Stream Content, string Name, string MediaType)?> OpenAttachmentAsync(Actor actor, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Set<ReportAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, ct);
        if (attachment is null)
            return null;
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == attachment.TaskId, ct);
        if (!TaskVisibility.CanSee(actor, task))
            return null;
        var stream = files.Open(attachment.ContentHash);
        return stream is null ? null : (stream, attachment.OriginalName, FileInspector.MediaTypeOf(attachment.Kind));
    }

    internal async Task<(string Hash, FileKind Kind, long Size)> StoreCheckedAsync(Stream content, string name, CancellationToken ct)
    {
        // FileInspector needs to seek; uploads from the browser cannot, so they are spooled first (bounded).
        Stream seekable = content;
        FileStream? spool = null;
        try
        {
            if (!content.CanSeek)
            {
                spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += n;
                    if (total > MaxAttachmentBytes)
                        throw new DomainException($"文件「{name}」超过20MB的上限。");
                    await spool.WriteAsync(buffer.AsMemory(0, n), ct);
                }

                spool.Position = 0;
                seekable = spool;
            }

            var check = FileInspector.Inspect(seekable, name, MaxAttachmentBytes, AttachmentKinds);
            if (!check.Ok)
                throw new DomainException($"「{name}」：{check.Error}");
            var size = seekable.Length - seekable.Position;
            var hash = await files.SaveAsync(seekable, ct);
            return (hash, check.Kind!.Value, size);
        }
        finally
        {
            if (spool is not null)
                await spool.DisposeAsync();
        }
    }

    internal static string CleanName(string originalName)
    {
        // Only the last path segment is kept, and only for display: the stored name is the content hash.
        var name = Path.GetFileName((originalName ?? "").Replace('\\', '/')).Trim();
        name = new string(name.Where(c => !char.IsControl(c)).ToArray());
        if (name.Length == 0)
            throw new DomainException("文件名不能为空。");
        return name.Length > 200 ? name[^200..] : name;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static bool AwaitsActor(Actor actor, int unitId, RevisionState state, bool taskFinished) => state switch
    {
        RevisionState.Draft => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitOperator, unitId),
        RevisionState.AwaitingSupervisor => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitSupervisor, unitId),
        RevisionState.AwaitingPrincipal => !taskFinished && ReportPermissions.IsOf(actor, Roles.UnitPrincipal, unitId),
        RevisionState.Submitted => actor.IsIn(Roles.Inspector),
        _ => false,
    };

    private static IQueryable<ProgressReport> LoadReport(IQueryable<ProgressReport> reports) =>
        reports.Include(r => r.Revisions.OrderBy(v => v.Number)).ThenInclude(v => v.Steps.OrderBy(s => s.Id));

    /// <summary>
    /// The one answer for a report id that does not exist and for a report whose task the actor may not see, so that
    /// trying ids (<c>/feedback/{id}</c>) tells nobody which reports exist.
    /// </summary>
    public const string ReportNotFound = "该报告不存在，或您无权查看。";

    private static async Task<(ProgressReport Report, SupervisionTask Task)> LoadVisibleReportAsync(
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

    private static ReportPeriod PeriodOf(SupervisionTask task, string periodKey) =>
        ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).FirstOrDefault(p => p.Key == periodKey)
        ?? throw new DomainException($"该任务没有「{periodKey}」这一报告期。");

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
        await SaveReportAsync(db, report, ct);
        return report.Version;
    }

    private async Task SaveReportAsync(SupervisionDbContext db, ProgressReport report, CancellationToken ct)
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
