using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;

namespace Supervision.Tests.Reporting;

/// <summary>Every follow-up action refused to other units, to the wrong person, in the wrong state, and to the second of two people.</summary>
public sealed class FollowUpRefusalTests
{
    private const string NotVisible = "该任务不存在，或您无权查看。";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Another_units_accounts_cannot_reach_any_follow_up_of_the_task()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var other = w.OtherOperator;
        var otherPrincipal = TestData.Principal(w.Other);
        var version = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion;
        var extension = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "工期紧", Ct);
        var extensionVersion = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Extensions[0].Version;
        var remark = await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "请加快推进。", true, Ct);
        var remarkVersion = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).Remarks[0].Version;

        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.FollowUp.GetAsync(other, w.TaskId, Ct))).Message);
        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RequestExtensionAsync(other, w.TaskId, new DateOnly(2027, 1, 31), "x", Ct))).Message);
        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.EndorseExtensionAsync(otherPrincipal, extension, extensionVersion, null, Ct))).Message);
        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RejectExtensionAsync(otherPrincipal, extension, extensionVersion, "不同意", Ct))).Message);
        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.Completion.RequestCompletionAsync(other, w.TaskId, version, "已完成", null, Ct))).Message);
        Assert.Equal(NotVisible, (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.RespondRemarkAsync(other, remark, remarkVersion, "已落实", Ct))).Message);
        Assert.DoesNotContain(await w.Todo.ListAsync(other, Ct), i => i.TaskId == w.TaskId);
        Assert.Empty(await w.Notifications.ListAsync(other, ct: Ct));
    }

    [DatabaseFact]
    public async Task Each_follow_up_step_is_refused_to_the_wrong_person_of_the_task()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var version = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion;

        Assert.Equal("只有牵头单位的联络员或主要领导可以申请延期。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RequestExtensionAsync(w.Supervisor, w.TaskId, new DateOnly(2027, 1, 31), "x", Ct))).Message);
        Assert.Equal("只有牵头单位的联络员或主要领导可以申请办结。", (await Assert.ThrowsAsync<DomainException>(() => w.Completion.RequestCompletionAsync(w.AssistingOperator, w.TaskId, version, "已完成", null, Ct))).Message);
        Assert.Equal("只有督查员可以下发督办单。", (await Assert.ThrowsAsync<DomainException>(() => w.Escalation.IssueOrderAsync(ReportingWorld.CityLeader, w.TaskId, "x", new DateOnly(2026, 4, 30), Ct))).Message);
        Assert.Equal("只有督查员可以约谈或亮红牌。", (await Assert.ThrowsAsync<DomainException>(() => w.Escalation.EscalateAsync(w.Principal, w.TaskId, ChaseLevel.RedCard, "x", Ct))).Message);
        Assert.Equal("只有督查员可以取消任务。", (await Assert.ThrowsAsync<DomainException>(() => w.Cancellation.CancelAsync(ReportingWorld.CityLeader, w.TaskId, version, "x", Ct))).Message);
        Assert.Equal("只有市领导可以批示。", (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.GiveRemarkAsync(w.Principal, w.TaskId, "x", false, Ct))).Message);

        var coordination = await w.Coordination.RaiseCoordinationAsync(w.Operator, w.TaskId, "资金缺口", "协调资金", "市财政局", Ct);
        var cv = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        Assert.Equal("只有督查员可以转办协调申请。", (await Assert.ThrowsAsync<DomainException>(() => w.Coordination.RouteCoordinationAsync(ReportingWorld.CityLeader, coordination, cv, w.LeaderId, null, Ct))).Message);
        Assert.Equal("只有市领导或督查员（代为记录）可以答复协调申请。", (await Assert.ThrowsAsync<DomainException>(() => w.Coordination.AnswerCoordinationAsync(w.Principal, coordination, cv, "x", Ct))).Message);

        var extension = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "工期紧", Ct);
        var ev = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Extensions[0].Version;
        Assert.Equal("该延期申请正等待牵头单位主要领导签署。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RejectExtensionAsync(w.Inspector, extension, ev, "不同意", Ct))).Message);
        Assert.Equal("只有督查员可以审定延期申请。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.ApproveExtensionAsync(w.Principal, extension, ev, null, Ct))).Message);
        await w.Extensions.EndorseExtensionAsync(w.Principal, extension, ev, null, Ct);
        ev = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Extensions[0].Version;
        Assert.Equal("该延期申请正等待督查室审定，只有督查员可以处理。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RejectExtensionAsync(w.Principal, extension, ev, "撤回", Ct))).Message);
    }

    [DatabaseFact]
    public async Task Each_follow_up_step_is_refused_in_the_wrong_state()
    {
        await using var w = await ReportingWorld.CreateAsync();

        var coordination = await w.Coordination.RaiseCoordinationAsync(w.Operator, w.TaskId, "资金缺口", "协调资金", "市财政局", Ct);
        var cv = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        await w.Coordination.RouteCoordinationAsync(w.Inspector, coordination, cv, w.LeaderId, null, Ct);
        cv = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        Assert.Equal("该协调申请当前为「已转责任领导」，不能再转办。", (await Assert.ThrowsAsync<DomainException>(() => w.Coordination.RouteCoordinationAsync(w.Inspector, coordination, cv, w.LeaderId, null, Ct))).Message);
        await w.Coordination.AnswerCoordinationAsync(ReportingWorld.CityLeader, coordination, cv, "由财政局统筹。", Ct);
        cv = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        Assert.Equal("该协调申请已答复。", (await Assert.ThrowsAsync<DomainException>(() => w.Coordination.AnswerCoordinationAsync(ReportingWorld.CityLeader, coordination, cv, "再答复", Ct))).Message);

        var extension = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "工期紧", Ct);
        Assert.Equal("该任务已有一份延期申请正在办理，请等待处理结果。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RequestExtensionAsync(w.Principal, w.TaskId, new DateOnly(2027, 6, 30), "再申请", Ct))).Message);
        var ev = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Extensions[0].Version;
        await w.Extensions.EndorseExtensionAsync(w.Principal, extension, ev, null, Ct);
        ev = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Extensions[0].Version;
        await w.Extensions.ApproveExtensionAsync(w.Inspector, extension, ev, null, Ct);
        ev = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Extensions[0].Version;
        Assert.Equal("该延期申请已办结（已同意），不能再处理。", (await Assert.ThrowsAsync<DomainException>(() => w.Extensions.RejectExtensionAsync(w.Inspector, extension, ev, "改主意", Ct))).Message);

        var remark = await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "阅。", false, Ct);
        var rv = (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).Remarks[0].Version;
        Assert.Equal("该批示未要求报告落实情况。", (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.RespondRemarkAsync(w.Operator, remark, rv, "已阅", Ct))).Message);

        var version = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion;
        Assert.Equal("任务当前为「办理中」，须由单位申请办结后才能销号。", (await Assert.ThrowsAsync<DomainException>(() => w.Completion.SignOffAsync(w.Inspector, w.TaskId, version, Ct))).Message);
        await w.Cancellation.CancelAsync(w.Inspector, w.TaskId, version, "因政策调整原因取消", Ct);

        // A cancelled task takes no further chasing, requests or reports.
        Assert.Equal("任务已取消，不能再办理。", (await Assert.ThrowsAsync<DomainException>(() => w.Escalation.IssueOrderAsync(w.Inspector, w.TaskId, "督办", new DateOnly(2026, 4, 30), Ct))).Message);
        Assert.Equal("任务已取消，不能再办理。", (await Assert.ThrowsAsync<DomainException>(() => w.Coordination.RaiseCoordinationAsync(w.Operator, w.TaskId, "x", "y", "z", Ct))).Message);
        Assert.Equal("任务已取消，不能再办理。", (await Assert.ThrowsAsync<DomainException>(() => w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "x", false, Ct))).Message);
        Assert.Equal("任务已取消，不能再报送进展。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(10), Ct))).Message);
        Assert.False((await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).Can.RequestCompletion);
    }

    [DatabaseFact]
    public async Task Two_inspectors_routing_the_same_request_one_succeeds_and_the_other_is_told_who_did_what()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Coordination.RaiseCoordinationAsync(w.Operator, w.TaskId, "资金缺口", "协调资金", "市财政局", Ct);
        var version = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).Coordination[0].Version;
        var second = new Actor("u-inspector-2", "督查员戊", new HashSet<string> { Roles.Inspector }, null);

        var results = await Task.WhenAll(
            Capture(() => w.Coordination.RouteCoordinationAsync(w.Inspector, id, version, w.LeaderId, "甲转办", Ct)),
            Capture(() => w.Coordination.RouteCoordinationAsync(second, id, version, w.LeaderId, "戊转办", Ct)));

        Assert.Single(results, r => r is null);
        var refused = Assert.Single(results, r => r is not null);
        Assert.Matches("^该协调申请已由督查员(甲|戊)于2026年4月2日 10:00转周承远协调，当前为「已转责任领导」。您的操作未执行", refused);
        await using var db = w.Db.CreateDbContext();
        Assert.Single(await db.AuditEvents.Where(e => e.Action == "coordination.routed").ToListAsync(Ct));
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Principal_and_inspector_acting_on_one_extension_the_late_one_is_told_what_happened()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "工期紧", Ct);
        var stale = (await w.FollowUp.GetAsync(w.Principal, w.TaskId, Ct)).Extensions[0].Version;
        await w.Extensions.EndorseExtensionAsync(w.Principal, id, stale, "同意", Ct);

        var again = await Assert.ThrowsAsync<DomainException>(() => w.Extensions.EndorseExtensionAsync(w.Principal, id, stale, "同意", Ct));

        Assert.Equal("该延期申请已由主要领导丁于2026年4月2日 10:00签署，当前为「待督查室审定」。您的操作未执行，请查看最新情况后再处理。", again.Message);
    }

    [DatabaseFact]
    public async Task Two_clicks_on_close_out_close_once_and_the_second_is_told()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Completion.RequestCompletionAsync(w.Operator, w.TaskId, (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion, "全部完成。", null, Ct);
        var version = (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion;

        await w.Completion.SignOffAsync(w.Inspector, w.TaskId, version, Ct);
        var second = await Assert.ThrowsAsync<DomainException>(() => w.Completion.SignOffAsync(w.Inspector, w.TaskId, version, Ct));

        Assert.Equal("该任务刚被他人处理过，当前为「已销号」。您的操作未执行，请查看最新情况后再处理。", second.Message);
        await using var db = w.Db.CreateDbContext();
        Assert.Single(await db.AuditEvents.Where(e => e.TaskId == w.TaskId && e.Action == "task.closed").ToListAsync(Ct));
    }

    private static async Task<string?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
    }
}
