using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Publishing;

namespace Supervision.Core.Reporting;

/// <summary>
/// Chasing and closing a task: 督办单 and escalation, 双向催办 (申请协调), 延期申请, 申请办结 → 销号, 取消, 市领导批示,
/// 抽查核实. Each action is authorized here from the <see cref="Actor"/> and saved in one transaction together with
/// its audit events and notifications.
/// </summary>
public sealed class TaskFollowUpService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, NotificationCenter center, ReportService reports, IOptions<ChasingOptions> chasing)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The follow-up panel of a task.</summary>
    public async Task<FollowUpView> GetAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, taskId, ct);
        var names = await Names.LoadAsync(db, ct);
        var chases = await db.Set<ChaseRecord>().AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);
        var coordination = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.TaskId == taskId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.TaskId == taskId).OrderByDescending(e => e.Id).ToListAsync(ct);
        var remarks = await db.Set<LeaderRemark>().AsNoTracking().Where(r => r.TaskId == taskId).OrderByDescending(r => r.Id).ToListAsync(ct);
        var evidence = await db.Set<ReportAttachment>().AsNoTracking().Where(a => a.TaskId == taskId && a.ReportId == null).OrderBy(a => a.Id).ToListAsync(ct);
        var completion = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TaskId == taskId && e.EntityType == nameof(SupervisionTask) && e.Action == "task.completion-requested")
            .OrderByDescending(e => e.Sequence).Select(e => e.Summary).FirstOrDefaultAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).Select(l => new { l.Id, l.Name, l.Title }).ToListAsync(ct);

        var lead = task.LeadUnitId;
        var leadRole = actor.UnitId == lead && (actor.IsIn(Roles.UnitOperator) || actor.IsIn(Roles.UnitPrincipal));
        var involved = actor.UnitId is { } u && task.Involves(u);
        var inspector = actor.IsIn(Roles.Inspector);
        var open = !task.IsFinished;
        var can = new FollowUpActions(
            Chase: inspector && open,
            RaiseCoordination: involved && open,
            RouteCoordination: inspector && coordination.Any(c => c.State == CoordinationState.Raised),
            AnswerCoordination: (actor.IsIn(Roles.CityLeader) || inspector) && coordination.Any(c => c.State == CoordinationState.Routed),
            RequestExtension: leadRole && open && ChinaTime.Today(clock) <= task.Deadline && !extensions.Any(e => e.IsOpen),
            EndorseExtension: ReportPermissions.IsOf(actor, Roles.UnitPrincipal, lead) && extensions.Any(e => e.State == ExtensionState.Requested),
            DecideExtension: inspector && extensions.Any(e => e.State == ExtensionState.Endorsed),
            RequestCompletion: leadRole && task.State == TaskState.InProgress,
            DecideCompletion: inspector && task.State is TaskState.CompletionRequested,
            Cancel: inspector && open,
            GiveRemark: actor.IsIn(Roles.CityLeader) && open,
            RespondRemark: actor.UnitId == lead && Roles.UnitRoles.Any(actor.IsIn) && remarks.Any(r => r.RequiresResponse && r.RespondedAt is null));
        return new FollowUpView(
            task.Id, task.Version, task.Number, task.Title, task.State, task.Deadline, task.OriginalDeadline, task.CancelReason,
            completion,
            chases.Count == 0 ? null : chases.Max(c => c.Level),
            chases.Select(c => new ChaseView(c.Id, c.Level, c.Content, c.Number, c.Deadline, c.ByName, c.At)).ToList(),
            coordination.Select(c => new CoordinationView(c.Id, c.Version, names.Unit(c.UnitId), c.Problem, c.HelpNeeded, c.FromWhom, c.State, c.RaisedByName, c.RaisedAt, c.RoutedToName, c.RouteNote, c.Answer, c.AnsweredByName, c.AnsweredAt)).ToList(),
            extensions.Select(e => new ExtensionView(e.Id, e.Version, names.Unit(e.UnitId), e.CurrentDeadline, e.RequestedDeadline, e.Reason, e.State, e.RequestedByName, e.RequestedAt, e.EndorsedByName, e.EndorseComment, e.DecidedByName, e.DecisionComment)).ToList(),
            remarks.Select(r => new RemarkView(r.Id, r.Version, r.LeaderName, r.Text, r.RequiresResponse, r.GivenAt, r.Response, r.RespondedByName, r.RespondedAt)).ToList(),
            evidence.Select(a => new AttachmentView(a.Id, null, a.Purpose, a.OriginalName, a.Kind, a.Size, a.UnitId is { } x ? names.Unit(x) : "督查室", a.UploadedByName, a.UploadedAt)).ToList(),
            leaders.Select(l => (l.Id, $"{l.Name}（{l.Title}）")).ToList(),
            can);
    }

    /// <summary>Issues a numbered 督办单 with its own deadline (督查员).</summary>
    /// <returns>The 督办单 number, e.g. 督办〔2026〕3号.</returns>
    public async Task<string> IssueOrderAsync(Actor actor, int taskId, string content, DateOnly deadline, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "下发督办单");
        var today = ChinaTime.Today(clock);
        if (deadline < today)
            throw new DomainException("督办单的办理时限不能早于今天。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = await LoadOpenTaskAsync(db, actor, taskId, ct);
        var number = $"督办〔{today.Year}〕{await NextAsync(db, $"DB-{today.Year}", ct)}号";
        db.Add(ChaseRecord.Issued(task, ChaseLevel.SupervisionOrder, content, number, deadline, actor, Now));
        var note = new Notification(task.LeadUnitId, NotificationKind.SupervisionOrder, $"督办单{number}", $"「{task.Title}」：{content.Trim()}。请于{DisplayNames.Date(deadline)}前办理并反馈。", task.Id, $"/tasks/{task.Id}", Now);
        db.Add(note);
        await SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
        return number;
    }

    /// <summary>
    /// Escalates beyond the 督办单: 约谈 or 亮红牌 (督查员). Requires a 督办单 on the task first, so the ladder is climbed
    /// in order and each rung stays on the record.
    /// </summary>
    public async Task EscalateAsync(Actor actor, int taskId, ChaseLevel level, string content, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "约谈或亮红牌");
        if (level is not (ChaseLevel.Urge or ChaseLevel.Interview or ChaseLevel.RedCard))
            throw new DomainException("这里只能催办、约谈或亮红牌；督办请下发督办单。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = await LoadOpenTaskAsync(db, actor, taskId, ct);
        if (level >= ChaseLevel.Interview && !await db.Set<ChaseRecord>().AnyAsync(c => c.TaskId == taskId && c.Level == ChaseLevel.SupervisionOrder, ct))
            throw new DomainException($"该任务尚未下发督办单，应先督办，再{ReportingNames.Of(level)}。");
        string? number = null;
        DateOnly? replyBy = null;
        var body = $"「{task.Title}」：{content.Trim()}";
        if (level == ChaseLevel.Urge)
        {
            // A 催办单 gets its number once, here, and states the date its reply is due.
            var today = ChinaTime.Today(clock);
            number = ChasingService.UrgeNumber(today.Year, await NextAsync(db, ChasingService.UrgeCounter(today.Year), ct));
            replyBy = today.AddDays(chasing.Value.UrgeReplyDays);
            body += $"。请于{DisplayNames.Date(replyBy.Value)}前反馈办理情况。";
        }

        db.Add(ChaseRecord.Issued(task, level, content, number, replyBy, actor, Now));
        db.Add(new Notification(task.LeadUnitId, level == ChaseLevel.Urge ? NotificationKind.Urge : NotificationKind.Escalation, $"{ReportingNames.Of(level)}：{task.Number}", body, task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
    }

    /// <summary>双向催办: a unit of the task asks for coordination on a blocked task.</summary>
    public async Task<int> RaiseCoordinationAsync(Actor actor, int taskId, string problem, string helpNeeded, string fromWhom, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadOpenTaskAsync(db, actor, taskId, ct);
        if (actor.UnitId is not { } unitId || !task.Involves(unitId) || !Roles.UnitRoles.Any(actor.IsIn))
            throw new DomainException("只有该任务的牵头或配合单位可以申请协调。");
        var request = new CoordinationRequest(task, unitId, problem, helpNeeded, fromWhom, actor, Now);
        db.Add(request);
        db.Add(new Notification(null, NotificationKind.Coordination, $"申请协调：{task.Number}", $"「{task.Title}」：{request.Problem}（请{request.FromWhom}协调）", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.Office]);
        return request.Id;
    }

    /// <summary>The office routes a coordination request to the responsible city leader (督查员).</summary>
    public async Task RouteCoordinationAsync(Actor actor, int requestId, long version, int leaderId, string? note, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "转办协调申请");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadVersionedAsync<CoordinationRequest>(db, requestId, version, "该协调申请", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, request.TaskId, ct);
        var leader = await db.Leaders.SingleOrDefaultAsync(l => l.Id == leaderId, ct) ?? throw new DomainException("请选择责任领导。");
        request.Route(leader.Id, leader.Name, note, actor, Now);
        db.Add(new Notification(null, NotificationKind.Coordination, $"请协调：{task.Number}", $"{leader.Name}：「{task.Title}」{request.Problem}。需协调：{request.HelpNeeded}", task.Id, $"/tasks/{task.Id}", Now, null, forLeaders: true));
        db.Add(new Notification(request.UnitId, NotificationKind.Coordination, "协调申请已转责任领导", $"「{task.Title}」的协调申请已转{leader.Name}协调。", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.CityLeaders, Audience.OfUnit(request.UnitId)]);
    }

    /// <summary>The leader's answer (by the 市领导, or recorded by the 督查员 on the leader's behalf).</summary>
    public async Task AnswerCoordinationAsync(Actor actor, int requestId, long version, string answer, CancellationToken ct = default)
    {
        if (!actor.IsIn(Roles.CityLeader) && !actor.IsIn(Roles.Inspector))
            throw new DomainException("只有市领导或督查员（代为记录）可以答复协调申请。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadVersionedAsync<CoordinationRequest>(db, requestId, version, "该协调申请", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, request.TaskId, ct);
        request.Respond(answer, actor, Now);
        db.Add(new Notification(request.UnitId, NotificationKind.Coordination, "协调申请已答复", $"「{task.Title}」：{request.Answer}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(request.UnitId)]);
    }

    /// <summary>延期申请 by the lead unit (联络员 or 主要领导), before the deadline.</summary>
    public async Task<int> RequestExtensionAsync(Actor actor, int taskId, DateOnly requestedDeadline, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadOpenTaskAsync(db, actor, taskId, ct);
        RequireLeadUnit(actor, task, "申请延期");
        if (await db.Set<ExtensionRequest>().AnyAsync(e => e.TaskId == taskId && (e.State == ExtensionState.Requested || e.State == ExtensionState.Endorsed), ct))
            throw new DomainException("该任务已有一份延期申请正在办理，请等待处理结果。");
        var request = new ExtensionRequest(task, task.LeadUnitId, requestedDeadline, reason, ChinaTime.Today(clock), actor, Now);
        db.Add(request);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.Extension, $"延期申请待主要领导签署：{task.Number}", $"「{task.Title}」申请延期至{DisplayNames.Date(requestedDeadline)}：{request.Reason}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
        return request.Id;
    }

    /// <summary>The lead unit's 主要领导 endorses the extension request.</summary>
    public async Task EndorseExtensionAsync(Actor actor, int requestId, long version, string? comment, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadVersionedAsync<ExtensionRequest>(db, requestId, version, "该延期申请", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, request.TaskId, ct);
        if (!ReportPermissions.IsOf(actor, Roles.UnitPrincipal, task.LeadUnitId))
            throw new DomainException("延期申请须由牵头单位主要领导签署。");
        request.Endorse(comment, actor, Now);
        db.Add(new Notification(null, NotificationKind.Extension, $"延期申请待审定：{task.Number}", $"「{task.Title}」申请延期至{DisplayNames.Date(request.RequestedDeadline)}，已经主要领导{actor.Name}签署。", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.Office]);
    }

    /// <summary>The office approves: the deadline moves, the original deadline stays for scoring (督查员).</summary>
    public async Task ApproveExtensionAsync(Actor actor, int requestId, long version, string? comment, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "审定延期申请");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadVersionedAsync<ExtensionRequest>(db, requestId, version, "该延期申请", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, request.TaskId, ct);
        request.Approve(comment, actor, Now);
        task.ExtendDeadline(request.RequestedDeadline, request.Reason, actor, Now);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.Extension, $"延期申请已同意：{task.Number}", $"「{task.Title}」完成时限延至{DisplayNames.Date(request.RequestedDeadline)}。", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
    }

    /// <summary>Refuses an extension: the 主要领导 before endorsing, or the office after; a reason is required.</summary>
    public async Task RejectExtensionAsync(Actor actor, int requestId, long version, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadVersionedAsync<ExtensionRequest>(db, requestId, version, "该延期申请", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, request.TaskId, ct);
        var allowed = request.State == ExtensionState.Requested
            ? ReportPermissions.IsOf(actor, Roles.UnitPrincipal, task.LeadUnitId)
            : actor.IsIn(Roles.Inspector);
        if (!allowed && request.IsOpen)
            throw new DomainException(request.State == ExtensionState.Requested ? "该延期申请正等待牵头单位主要领导签署。" : "该延期申请正等待督查室审定，只有督查员可以处理。");
        request.Reject(reason, actor, Now);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.Extension, $"延期申请未同意：{task.Number}", $"「{task.Title}」：{reason.Trim()}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
    }

    /// <summary>申请办结 with evidence (lead unit's 联络员 or 主要领导).</summary>
    public async Task RequestCompletionAsync(Actor actor, int taskId, long version, string evidence, IReadOnlyList<UploadedFile>? files = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVersionedTaskAsync(db, actor, taskId, version, ct);
        RequireLeadUnit(actor, task, "申请办结");
        task.RequestCompletion(evidence, actor, Now);
        await AttachEvidenceAsync(db, task.Id, null, AttachmentPurpose.Completion, files, actor, ct);
        db.Add(new Notification(null, NotificationKind.Completion, $"申请办结：{task.Number}", $"「{task.Title}」：{evidence.Trim()}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.Office]);
    }

    /// <summary>销号 after verification (督查员).</summary>
    public async Task CloseAsync(Actor actor, int taskId, long version, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "销号");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVersionedTaskAsync(db, actor, taskId, version, ct);
        if (task.State != TaskState.CompletionRequested)
            throw new DomainException($"任务当前为「{DisplayNames.Of(task.State)}」，须由单位申请办结后才能销号。");
        task.Close(actor, Now);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.Completion, $"已销号：{task.Number}", $"「{task.Title}」经核实完成，已销号。", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
    }

    /// <summary>不予销号 with a reason (督查员); the task returns to 办理中.</summary>
    public async Task RejectCompletionAsync(Actor actor, int taskId, long version, string reason, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "审核办结申请");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVersionedTaskAsync(db, actor, taskId, version, ct);
        task.RejectCompletion(reason, actor, Now);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.Completion, $"不予销号：{task.Number}", $"「{task.Title}」：{reason.Trim()}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
    }

    /// <summary>取消 with a reason (督查员), e.g. 因政策调整原因取消.</summary>
    public async Task CancelAsync(Actor actor, int taskId, long version, string reason, CancellationToken ct = default)
    {
        ReportPermissions.RequireInspector(actor, "取消任务");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadVersionedTaskAsync(db, actor, taskId, version, ct);
        task.Cancel(reason, actor, Now);
        var audiences = task.AssistingUnits.Select(a => Audience.OfUnit(a.UnitId)).Append(Audience.OfUnit(task.LeadUnitId)).ToList();
        foreach (var a in audiences)
            db.Add(new Notification(a.UnitId, NotificationKind.Task, $"任务已取消：{task.Number}", $"「{task.Title}」：{task.CancelReason}", task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed(audiences);
    }

    /// <summary>市领导批示 on a task, visible to its units; may ask for a response.</summary>
    public async Task<int> GiveRemarkAsync(Actor actor, int taskId, string text, bool requiresResponse, CancellationToken ct = default)
    {
        if (!actor.IsIn(Roles.CityLeader))
            throw new DomainException("只有市领导可以批示。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadOpenTaskAsync(db, actor, taskId, ct);
        var remark = new LeaderRemark(task, text, requiresResponse, actor, Now);
        db.Add(remark);
        var audiences = task.AssistingUnits.Select(a => Audience.OfUnit(a.UnitId)).Prepend(Audience.OfUnit(task.LeadUnitId)).Append(Audience.Office).ToList();
        foreach (var a in audiences)
            db.Add(new Notification(a.UnitId, NotificationKind.Instruction, $"{actor.Name}批示：{task.Number}", remark.Text + (requiresResponse ? "（请报告落实情况）" : ""), task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed(audiences);
        return remark.Id;
    }

    /// <summary>The lead unit reports how a 批示 was carried out.</summary>
    public async Task RespondRemarkAsync(Actor actor, int remarkId, long version, string response, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var remark = await LoadVersionedAsync<LeaderRemark>(db, remarkId, version, "该批示", ct);
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, remark.TaskId, ct);
        if (actor.UnitId != task.LeadUnitId || !Roles.UnitRoles.Any(actor.IsIn))
            throw new DomainException("批示落实情况由牵头单位报告。");
        remark.Respond(response, actor, Now);
        db.Add(new Notification(null, NotificationKind.Instruction, $"批示落实情况：{task.Number}", remark.Response!, task.Id, $"/tasks/{task.Id}", Now, null, forLeaders: true));
        db.Add(new Notification(null, NotificationKind.Instruction, $"批示落实情况：{task.Number}", remark.Response!, task.Id, $"/tasks/{task.Id}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.CityLeaders, Audience.Office]);
    }

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
        if (checkedOn > ChinaTime.Today(clock))
            throw new DomainException("核实日期不能晚于今天。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var report = await db.Reports.Include(r => r.Revisions.OrderBy(v => v.Number)).SingleOrDefaultAsync(r => r.Id == reportId, ct) ?? throw new DomainException("该报告不存在。");
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, report.TaskId, ct);
        var check = new SpotCheck(report, revisionNumber, method, result, checkedOn, notes, evidence, actor, Now);
        db.SpotChecks.Add(check);
        if (result == SpotCheckResult.False)
            report.MarkFoundFalse(revisionNumber, actor, Now);
        await PeriodCloseService.EnsureOpenAsync(db, checkedOn, actor, Now, $"抽查核实{task.Number} {report.PeriodLabel}进展（{DisplayNames.Of(result)}）", correctionReason, ct);
        await AttachEvidenceAsync(db, task.Id, report.Id, AttachmentPurpose.SpotCheck, files, actor, ct);
        db.Add(new Notification(task.LeadUnitId, NotificationKind.SpotCheck, $"抽查核实：{DisplayNames.Of(result)}", $"「{task.Title}」{report.PeriodLabel}进展经{DisplayNames.Of(method)}核实：{DisplayNames.Of(result)}。{notes.Trim()}", task.Id, $"/tasks/{task.Id}/reports/{report.PeriodKey}", Now));
        await SaveAsync(db, ct);
        center.Changed([Audience.OfUnit(task.LeadUnitId)]);
        return check.Id;
    }

    /// <summary>Takes the next <paramref name="count"/> numbers of a counter and returns the last of them.</summary>
    // One atomic upsert inside the caller's transaction (either provider): a number is never handed out twice, nor reused.
    internal static Task<int> NextAsync(SupervisionDbContext db, string key, CancellationToken ct, int count = 1) => NumberSequences.ReserveAsync(db, key, count, ct);

    private async Task AttachEvidenceAsync(SupervisionDbContext db, int taskId, int? reportId, AttachmentPurpose purpose, IReadOnlyList<UploadedFile>? files, Actor actor, CancellationToken ct)
    {
        // Checked before the first file is stored, so a refused batch leaves nothing behind.
        if (files is { Count: > ReportService.MaxFilesPerUpload })
            throw new DomainException($"一次最多上传{ReportService.MaxFilesPerUpload}个文件，本次选择了{files.Count}个。");
        foreach (var file in files ?? [])
        {
            var name = ReportService.CleanName(file.Name);
            var (hash, kind, size) = await reports.StoreCheckedAsync(file.Content, name, ct);
            db.Add(new ReportAttachment(taskId, reportId, null, actor.UnitId, purpose, name, hash, kind, size, actor, Now));
        }
    }

    private static void RequireLeadUnit(Actor actor, SupervisionTask task, string what)
    {
        if (actor.UnitId != task.LeadUnitId || !(actor.IsIn(Roles.UnitOperator) || actor.IsIn(Roles.UnitPrincipal)))
            throw new DomainException($"只有牵头单位的联络员或主要领导可以{what}。");
    }

    private static async Task<SupervisionTask> LoadOpenTaskAsync(SupervisionDbContext db, Actor actor, int taskId, CancellationToken ct)
    {
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, taskId, ct);
        if (task.IsFinished)
            throw new DomainException($"任务{DisplayNames.Of(task.State)}，不能再办理。");
        return task;
    }

    private static async Task<SupervisionTask> LoadVersionedTaskAsync(SupervisionDbContext db, Actor actor, int taskId, long version, CancellationToken ct)
    {
        var task = await ReportService.LoadVisibleTaskAsync(db, actor, taskId, ct);
        if (task.Version != version)
            throw new DomainException(WhatHappened(task));
        return task;
    }

    private static async Task<T> LoadVersionedAsync<T>(SupervisionDbContext db, int id, long version, string what, CancellationToken ct)
        where T : class, IVersioned, ITaskScopedRecord
    {
        var item = await db.Set<T>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException($"{what}不存在。");
        if (item.Version != version)
            throw new DomainException(WhatHappened(item));
        return item;
    }

    private static async Task SaveAsync(SupervisionDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            // Someone saved the same item between our read and our write: tell what they did, from the row as it is now.
            var entry = ex.Entries.FirstOrDefault();
            var now = entry is null ? null : await entry.GetDatabaseValuesAsync(CancellationToken.None);
            throw new DomainException(now?.ToObject() is { } fresh ? WhatHappened(fresh) : "您操作的内容刚被他人处理过，您的操作未执行。请刷新后查看最新情况。");
        }
    }

    /// <summary>What another person did to an item, for the one whose action came second (e.g. "该协调申请已由赵文清于…转周承远协调").</summary>
    internal static string WhatHappened(object item)
    {
        static string At(DateTime? utc) => utc is { } t ? $"于{ReportService.Format(t)}" : "";
        var (what, did, state) = item switch
        {
            CoordinationRequest c => ("该协调申请", c.State switch
            {
                CoordinationState.Answered => $"已由{c.AnsweredByName}{At(c.AnsweredAt)}答复",
                CoordinationState.Routed => $"已由{c.RoutedByName}{At(c.RoutedAt)}转{c.RoutedToName}协调",
                _ => "刚被他人处理过",
            }, ReportingNames.Of(c.State)),
            ExtensionRequest e => ("该延期申请", e.State switch
            {
                ExtensionState.Endorsed => $"已由{e.EndorsedByName}{At(e.EndorsedAt)}签署",
                ExtensionState.Approved or ExtensionState.Rejected => $"已由{e.DecidedByName}{At(e.DecidedAt)}{(e.State == ExtensionState.Approved ? "同意" : "不同意")}",
                _ => "刚被他人处理过",
            }, ReportingNames.Of(e.State)),
            LeaderRemark r => ("该批示", r.RespondedAt is not null ? $"已由{r.RespondedByName}{At(r.RespondedAt)}报告落实情况" : "刚被他人处理过", r.RespondedAt is not null ? "已答复" : "待答复"),
            SupervisionTask t => ("该任务", "刚被他人处理过", DisplayNames.Of(t.State)),
            _ => ("您操作的内容", "刚被他人处理过", null),
        };
        return $"{what}{did}{(state is null ? "" : $"，当前为「{state}」")}。您的操作未执行，请查看最新情况后再处理。";
    }
}
