using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

public sealed class FollowUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Extension_is_asked_endorsed_and_approved_while_the_original_deadline_stays()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "征地拆迁尚未完成", Ct);
        var view = await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct);
        Assert.True(view.Can.EndorseExtension);
        Assert.Contains(await w.Todo.ListAsync(w.Principal, Ct), t => t.Kind == TodoKind.ExtensionToDecide);

        var early = await Assert.ThrowsAsync<DomainException>(() => w.Extensions.ApproveExtensionAsync(w.Inspector, id, view.Extensions[0].Version, null, Ct));
        Assert.Equal("该延期申请当前为「待主要领导签署」，不能审定。", early.Message);
        var wrong = await Assert.ThrowsAsync<DomainException>(() => w.Extensions.EndorseExtensionAsync(w.Supervisor, id, view.Extensions[0].Version, null, Ct));
        Assert.Equal("延期申请须由牵头单位主要领导签署。", wrong.Message);

        await w.Extensions.EndorseExtensionAsync(w.Principal, id, view.Extensions[0].Version, "同意", Ct);
        var endorsed = await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct);
        await w.Extensions.ApproveExtensionAsync(w.Inspector, id, endorsed.Extensions[0].Version, "同意延期", Ct);

        var after = await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct);
        Assert.Equal(new DateOnly(2027, 3, 31), after.Deadline);
        Assert.Equal(new DateOnly(2026, 12, 31), after.OriginalDeadline);
        Assert.Equal(ExtensionState.Approved, after.Extensions[0].State);
    }

    [DatabaseFact]
    public async Task Extension_after_the_deadline_or_to_an_earlier_date_is_refused()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2027, 1, 2, 2, 0, 0, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 6, 30), "来不及", Ct));
        Assert.Equal("完成时限2026年12月31日已过，延期应在时限届满前申请。", late.Message);

        await using var v = await ReportingWorld.CreateAsync();
        var earlier = await Assert.ThrowsAsync<DomainException>(() => v.Extensions.RequestExtensionAsync(v.Operator, v.TaskId, new DateOnly(2026, 12, 1), "x", Ct));
        Assert.Equal("申请的完成时限应晚于当前完成时限2026年12月31日。", earlier.Message);
        var assisting = await Assert.ThrowsAsync<DomainException>(() => v.Extensions.RequestExtensionAsync(v.AssistingOperator, v.TaskId, new DateOnly(2027, 2, 1), "x", Ct));
        Assert.Equal("只有牵头单位的联络员或主要领导可以申请延期。", assisting.Message);
    }

    [DatabaseFact]
    public async Task Principal_or_office_may_refuse_an_extension_with_a_reason()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "工期紧", Ct);
        var version = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Extensions[0].Version;

        Assert.Equal("不同意的理由不能为空。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RejectExtensionAsync(w.Principal, id, version, "", Ct))).Message);
        await w.Extensions.RejectExtensionAsync(w.Principal, id, version, "应加快推进，不同意延期", Ct);

        var view = await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct);
        Assert.Equal(ExtensionState.Rejected, view.Extensions[0].State);
        Assert.Equal(new DateOnly(2026, 12, 31), view.Deadline);
    }

    [DatabaseFact]
    public async Task Coordination_is_raised_routed_to_the_leader_and_the_answer_is_visible_to_the_unit()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Coordination.RaiseCoordinationAsync(w.AssistingOperator, w.TaskId, "用地指标不足", "协调追加用地指标", "分管副市长", Ct);
        Assert.Contains(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.CoordinationToHandle);
        var refused = await Assert.ThrowsAsync<DomainException>(() => w.Coordination.RaiseCoordinationAsync(w.OtherOperator, w.TaskId, "x", "y", "z", Ct));
        Assert.Equal("该任务不存在，或您无权查看。", refused.Message);

        var v1 = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        var notYet = await Assert.ThrowsAsync<DomainException>(() => w.Coordination.AnswerCoordinationAsync(ReportingWorld.CityLeader, id, v1, "同意", Ct));
        Assert.Equal("该协调申请尚未转办给责任领导。", notYet.Message);
        await w.Coordination.RouteCoordinationAsync(w.Inspector, id, v1, w.LeaderId, "请周市长协调", Ct);
        Assert.Contains(await w.Notifications.ListAsync(ReportingWorld.CityLeader, ct: Ct), n => n.Title == "请协调：2026-ZD-001");
        Assert.Contains(await w.Todo.ListAsync(ReportingWorld.CityLeader, Ct), t => t.Kind == TodoKind.CoordinationToHandle);

        var v2 = (await w.FollowUp.GetAsync(ReportingWorld.CityLeader, w.TaskId, Ct)).Coordination[0].Version;
        await w.Coordination.AnswerCoordinationAsync(ReportingWorld.CityLeader, id, v2, "由市自然资源局追加指标", Ct);

        var seen = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).Coordination.Single();
        Assert.Equal(CoordinationState.Answered, seen.State);
        Assert.Equal("由市自然资源局追加指标", seen.Answer);
        Assert.Equal("周承远", seen.RoutedToName);
        Assert.Contains(await w.Notifications.ListAsync(w.AssistingOperator, ct: Ct), n => n.Title == "协调申请已答复");
    }

    [DatabaseFact]
    public async Task Completion_is_applied_for_with_evidence_then_closed_or_rejected_with_a_reason()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var version = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion;
        await w.Completion.RequestCompletionAsync(w.Operator, w.TaskId, version, "10条道路全部完工，已通过验收。", [new UploadedFile(new MemoryStream(Samples.Pdf), "验收报告.pdf")], Ct);

        var requested = await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct);
        Assert.Equal(TaskState.CompletionRequested, requested.State);
        Assert.Contains("10条道路全部完工", requested.CompletionEvidence);
        Assert.Equal("验收报告.pdf", Assert.Single(requested.Evidence).OriginalName);
        Assert.Equal("不予销号的理由不能为空。", (await Assert.ThrowsAsync<DomainException>(() => w.Completion.RejectCompletionAsync(w.Inspector, w.TaskId, requested.TaskVersion, " ", Ct))).Message);
        Assert.Equal("只有督查员可以销号。", (await Assert.ThrowsAsync<DomainException>(() => w.Completion.SignOffAsync(w.Principal, w.TaskId, requested.TaskVersion, Ct))).Message);

        await w.Completion.RejectCompletionAsync(w.Inspector, w.TaskId, requested.TaskVersion, "尚有2条道路未验收", Ct);
        var back = await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct);
        Assert.Equal(TaskState.InProgress, back.State);
        Assert.Equal("任务当前为「办理中」，须由单位申请办结后才能销号。", (await Assert.ThrowsAsync<DomainException>(() => w.Completion.SignOffAsync(w.Inspector, w.TaskId, back.TaskVersion, Ct))).Message);

        await w.Completion.RequestCompletionAsync(w.Principal, w.TaskId, back.TaskVersion, "已全部验收。", null, Ct);
        var again = await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct);
        await w.Completion.SignOffAsync(w.Inspector, w.TaskId, again.TaskVersion, Ct);
        Assert.Equal(TaskState.Closed, (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).State);
    }

    [DatabaseFact]
    public async Task Inspector_cancels_with_a_reason_and_every_unit_is_told()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var version = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion;
        Assert.Equal("取消原因不能为空。", (await Assert.ThrowsAsync<DomainException>(() => w.Cancellation.CancelAsync(w.Inspector, w.TaskId, version, "", Ct))).Message);
        Assert.Equal("只有督查员可以取消任务。", (await Assert.ThrowsAsync<DomainException>(() => w.Cancellation.CancelAsync(w.Principal, w.TaskId, version, "x", Ct))).Message);

        await w.Cancellation.CancelAsync(w.Inspector, w.TaskId, version, "因政策调整原因取消", Ct);

        var view = await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct);
        Assert.Equal(TaskState.Cancelled, view.State);
        Assert.Equal("因政策调整原因取消", view.CancelReason);
        Assert.Contains(await w.Notifications.ListAsync(w.AssistingOperator, ct: Ct), n => n.Title == "任务已取消：2026-ZD-001");
        var stale = await Assert.ThrowsAsync<DomainException>(() => w.Cancellation.CancelAsync(w.Inspector, w.TaskId, version, "再取消", Ct));
        Assert.Contains("刚被他人处理过", stale.Message);
    }

    [DatabaseFact]
    public async Task City_leaders_remark_reaches_the_units_and_the_lead_unit_answers()
    {
        await using var w = await ReportingWorld.CreateAsync();
        Assert.Equal("只有市领导可以批示。", (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.GiveRemarkAsync(w.Inspector, w.TaskId, "x", true, Ct))).Message);
        var id = await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "请加快进度，确保年底前完成。", true, Ct);

        Assert.Contains(await w.Notifications.ListAsync(w.AssistingOperator, ct: Ct), n => n.Kind == NotificationKind.Instruction);
        var seen = await w.FollowUp.GetAsync(w.AssistingOperator, w.TaskId, Ct);
        Assert.Equal("请加快进度，确保年底前完成。", Assert.Single(seen.Remarks).Text);
        Assert.False(seen.Can.RespondRemark);
        Assert.Contains(await w.Todo.ListAsync(w.Operator, Ct), t => t.Kind == TodoKind.RemarkToAnswer);

        var version = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Remarks[0].Version;
        Assert.Equal("批示落实情况由牵头单位报告。", (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.RespondRemarkAsync(w.AssistingOperator, id, version, "x", Ct))).Message);
        await w.Remarks.RespondRemarkAsync(w.Principal, id, version, "已倒排工期，增加施工班组。", Ct);

        var answered = (await w.FollowUp.GetAsync(ReportingWorld.CityLeader, w.TaskId, Ct)).Remarks.Single();
        Assert.Equal("已倒排工期，增加施工班组。", answered.Response);
        Assert.Contains(await w.Notifications.ListAsync(ReportingWorld.CityLeader, ct: Ct), n => n.Title == "批示落实情况：2026-ZD-001");
    }

    [DatabaseFact]
    public async Task False_spot_check_marks_the_report_and_counts_against_the_unit()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(60);
        await w.Chain.AcceptAsync(w.Inspector, id, version, null, Ct);
        Assert.Equal("只有督查员可以记录抽查核实。", (await Assert.ThrowsAsync<DomainException>(() => w.SpotChecks.RecordSpotCheckAsync(w.Principal, id, 1, SpotCheckMethod.OnSite, SpotCheckResult.False, new DateOnly(2026, 4, 1), "x", null, null, Ct))).Message);

        await w.SpotChecks.RecordSpotCheckAsync(w.Inspector, id, 1, SpotCheckMethod.Unannounced, SpotCheckResult.False, new DateOnly(2026, 4, 1), "现场仅完成1条道路，与报送不符。", "现场照片3张", [new UploadedFile(new MemoryStream(Samples.Png), "现场.png")], Ct);

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        Assert.NotNull(view.FoundFalseAt);
        var check = Assert.Single(view.SpotChecks);
        Assert.Equal(SpotCheckMethod.Unannounced, check.Method);
        Assert.Equal("现场照片3张", check.Evidence);
        Assert.Contains(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Title == "抽查核实：不属实");
    }

    [DatabaseFact]
    public async Task Supervision_orders_are_numbered_and_interview_needs_an_order_first()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var early = await Assert.ThrowsAsync<DomainException>(() => w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.Interview, "约谈主要负责人", Ct));
        Assert.Equal("该任务尚未下发督办单，应先督办，再约谈。", early.Message);
        Assert.Equal("只有督查员可以下发督办单。", (await Assert.ThrowsAsync<DomainException>(() => w.Escalation.IssueOrderAsync(w.Principal, w.TaskId, "x", new DateOnly(2026, 4, 30), Ct))).Message);

        var first = await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "3月进度滞后，请限期整改", new DateOnly(2026, 4, 30), Ct);
        var second = await w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "再次督办", new DateOnly(2026, 5, 15), Ct);
        await w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.Interview, "约谈主要负责人", Ct);
        await w.Escalation.EscalateAsync(w.Inspector, w.TaskId, ChaseLevel.RedCard, "亮红牌警示", Ct);

        Assert.Equal("督办〔2026〕1号", first);
        Assert.Equal("督办〔2026〕2号", second);
        var view = await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct);
        Assert.Equal([ChaseLevel.SupervisionOrder, ChaseLevel.SupervisionOrder, ChaseLevel.Interview, ChaseLevel.RedCard], view.Chases.Select(c => c.Level));
        Assert.Equal(ChaseLevel.RedCard, view.HighestLevel);
        Assert.Equal(new DateOnly(2026, 4, 30), view.Chases[0].Deadline);
        await using var db = w.Db.CreateDbContext();
        Assert.Contains(await db.AuditEvents.Where(e => e.TaskId == w.TaskId).Select(e => e.Summary).ToListAsync(Ct), s => s.StartsWith("督办（督办〔2026〕1号，限2026年4月30日前办理）", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task Attachments_are_typed_by_content_stored_by_hash_and_read_back()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);

        var attachmentId = await w.Attachments.AttachAsync(w.Operator, id, new MemoryStream(Samples.Pdf), @"C:\材料\..\进展说明.pdf", Ct);
        var renamed = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, new MemoryStream(Samples.Png), "照片.pdf", Ct));
        var exe = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, new MemoryStream("MZ\x90\0binary"u8.ToArray()), "setup.pdf", Ct));
        var big = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, new NonSeekable(new byte[21 * 1024 * 1024]), "大文件.pdf", Ct));
        var other = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Supervisor, id, new MemoryStream(Samples.Pdf), "a.pdf", Ct));

        Assert.Contains("文件扩展名", renamed.Message);
        Assert.Contains("无法识别的文件类型", exe.Message);
        Assert.Equal("文件「大文件.pdf」超过20MB的上限。", big.Message);
        Assert.Equal("您不能为该报告上传附件。", other.Message);

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        var a = Assert.Single(view.Attachments);
        Assert.Equal("进展说明.pdf", a.OriginalName);
        await using var db = w.Db.CreateDbContext();
        var hash = await db.Set<ReportAttachment>().Where(x => x.Id == attachmentId).Select(x => x.ContentHash).SingleAsync(Ct);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Samples.Pdf)), hash);
        Assert.Equal(Samples.Pdf, await File.ReadAllBytesAsync(w.Files.PathOf(hash), Ct));
        var download = await w.Attachments.OpenAttachmentAsync(w.Operator, attachmentId, Ct);
        Assert.Equal("application/pdf", download!.Value.MediaType);
        await download.Value.Content.DisposeAsync();
        Assert.Null(await w.Attachments.OpenAttachmentAsync(w.OtherOperator, attachmentId, Ct));
        Assert.Throws<ArgumentException>(() => w.Files.PathOf("../../etc/passwd"));
    }

    /// <summary>A browser upload stream: forward-only.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Minimal real files of the accepted kinds.</summary>
internal static class Samples
{
    public static byte[] Pdf { get; } = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
}
