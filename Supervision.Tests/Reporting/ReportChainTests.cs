using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

public sealed class ReportChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Report_travels_operator_supervisor_principal_inspector_and_every_step_is_kept()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(40);
        Assert.Equal(RevisionState.Submitted, (await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).Current!.State);

        await w.Chain.AcceptAsync(w.Inspector, id, version, "情况属实", Ct);

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        var revision = Assert.Single(view.Revisions);
        Assert.Equal(RevisionState.Accepted, revision.State);
        Assert.Equal(
            [ReportStepAction.Drafted, ReportStepAction.SentForReview, ReportStepAction.ApprovedBySupervisor, ReportStepAction.ApprovedByPrincipal, ReportStepAction.Accepted],
            revision.Steps.Select(s => s.Action));
        Assert.Equal(["联络员乙", "联络员乙", "主管领导丙", "主要领导丁", "督查员甲"], revision.Steps.Select(s => s.ActorName));
        Assert.Equal("情况属实", revision.Steps[^1].Comment);
        Assert.Equal(ReportTimeliness.OnTime, view.Timeliness);
    }

    [DatabaseFact]
    public async Task Returned_report_comes_back_as_a_new_draft_revision_and_the_returned_one_stays()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(40);

        await w.Chain.ReturnAsync(w.Inspector, id, version, "进度数据与台账不符", Ct);

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        Assert.Equal(2, view.Revisions.Count);
        Assert.Equal(RevisionState.Returned, view.Revisions[0].State);
        Assert.Equal("进度数据与台账不符", view.Revisions[0].Steps[^1].Comment);
        Assert.Equal(RevisionState.Draft, view.Current!.State);
        Assert.Equal(view.Revisions[0].Progress, view.Current.Progress);
        Assert.True(view.Can.Draft);
        var todo = await w.Todo.ListAsync(w.Operator, Ct);
        Assert.Contains(todo, t => t.Kind == TodoKind.ReportReturned && t.TaskId == w.TaskId);
    }

    [DatabaseFact]
    public async Task Unit_reviewer_sends_back_to_the_operator_with_a_required_reason()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);

        var empty = await Assert.ThrowsAsync<DomainException>(() => w.Chain.RejectInUnitAsync(w.Supervisor, id, version, "  ", Ct));
        Assert.Equal("退回理由不能为空。", empty.Message);
        await w.Chain.RejectInUnitAsync(w.Supervisor, id, version, "请补充资金情况", Ct);

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        Assert.Equal(RevisionState.Draft, view.Current!.State);
        Assert.Equal(ReportStepAction.RejectedInUnit, view.Current.Steps[^1].Action);
    }

    [DatabaseFact]
    public async Task Inspector_return_without_a_reason_is_refused()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.Chain.ReturnAsync(w.Inspector, id, version, "", Ct));

        Assert.Equal("退回理由不能为空。", ex.Message);
        Assert.Equal(RevisionState.Submitted, (await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).Current!.State);
    }

    [DatabaseFact]
    public async Task Only_the_lead_units_operator_may_draft()
    {
        await using var w = await ReportingWorld.CreateAsync();

        var supervisor = await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.Supervisor, w.TaskId, ReportingWorld.March, ReportingWorld.Content(10), Ct));
        var assisting = await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.AssistingOperator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(10), Ct));
        var inspector = await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.Inspector, w.TaskId, ReportingWorld.March, ReportingWorld.Content(10), Ct));
        var other = await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.OtherOperator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(10), Ct));

        Assert.Equal("只有牵头单位的联络员可以起草、修改和提交进展报告。", supervisor.Message);
        Assert.Equal(supervisor.Message, assisting.Message);
        Assert.Equal(supervisor.Message, inspector.Message);
        Assert.Equal("该任务不存在，或您无权查看。", other.Message);
    }

    [DatabaseFact]
    public async Task A_future_period_cannot_be_reported()
    {
        await using var w = await ReportingWorld.CreateAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-06", ReportingWorld.Content(10), Ct));

        Assert.Equal("2026年6月尚未开始，不能报送该期进展。", ex.Message);
    }

    [DatabaseFact]
    public async Task Each_step_is_refused_to_the_wrong_person_and_in_the_wrong_state()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var draft = (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version;

        Assert.Equal("只有牵头单位的联络员可以起草、修改和提交进展报告。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SendForReviewAsync(w.Supervisor, id, draft, Ct))).Message);
        Assert.Equal("该报告当前为「草稿」，不在单位审核环节。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ApproveAsync(w.Supervisor, id, draft, null, Ct))).Message);
        Assert.Equal("只有已报送的报告可以采纳；该报告当前为「草稿」。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.AcceptAsync(w.Inspector, id, draft, null, Ct))).Message);
        Assert.Equal("只有督查员可以采纳报告。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.AcceptAsync(w.Principal, id, draft, null, Ct))).Message);

        var awaitingSupervisor = await w.Chain.SendForReviewAsync(w.Operator, id, draft, Ct);
        Assert.Equal("该报告正等待牵头单位主管领导审核，只有主管领导可以审核。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ApproveAsync(w.Principal, id, awaitingSupervisor, null, Ct))).Message);
        Assert.Equal("该报告正等待牵头单位主管领导审核，只有主管领导可以审核。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ApproveAsync(TestData.Supervisor(w.Assisting), id, awaitingSupervisor, null, Ct))).Message);
        Assert.Equal("只有牵头单位的联络员可以起草、修改和提交进展报告。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SaveDraftAsync(w.Supervisor, id, awaitingSupervisor, ReportingWorld.Content(50), Ct))).Message);
        Assert.Equal("只有草稿可以修改；该报告当前为「待主管领导审核」。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SaveDraftAsync(w.Operator, id, awaitingSupervisor, ReportingWorld.Content(50), Ct))).Message);

        var awaitingPrincipal = await w.Chain.ApproveAsync(w.Supervisor, id, awaitingSupervisor, null, Ct);
        Assert.Equal("该报告正等待牵头单位主要领导审批，只有主要领导可以审批。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ApproveAsync(w.Supervisor, id, awaitingPrincipal, null, Ct))).Message);
        Assert.Equal("该报告当前为「待主要领导审批」，只有相应的单位领导可以退回修改。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.RejectInUnitAsync(w.Supervisor, id, awaitingPrincipal, "不行", Ct))).Message);

        var submitted = await w.Chain.ApproveAsync(w.Principal, id, awaitingPrincipal, null, Ct);
        Assert.Equal("只有督查员可以退回报告。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ReturnAsync(TestData.Principal(w.Lead), id, submitted, "x", Ct))).Message);
        Assert.Equal("只有草稿可以提交审核；该报告当前为「已报送」。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SendForReviewAsync(w.Operator, id, submitted, Ct))).Message);

        var accepted = await w.Chain.AcceptAsync(w.Inspector, id, submitted, null, Ct);
        Assert.Equal("只有已报送的报告可以退回；该报告当前为「已采纳」。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ReturnAsync(w.Inspector, id, accepted, "晚了", Ct))).Message);
    }

    [DatabaseFact]
    public async Task Once_the_task_is_cancelled_its_reports_stop_moving_in_the_unit_and_only_acceptance_remains()
    {
        await using var w = await ReportingWorld.CreateAsync();
        // February: submitted to the office. March: with the 主管领导. April: a draft.
        var february = await w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-02", ReportingWorld.Content(20), Ct);
        var fv = await w.Chain.SendForReviewAsync(w.Operator, february, (await w.Reports.GetByIdAsync(w.Operator, february, Ct)).Version, Ct);
        fv = await w.Chain.ApproveAsync(w.Supervisor, february, fv, null, Ct);
        fv = await w.Chain.ApproveAsync(w.Principal, february, fv, null, Ct);
        var march = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var mv = await w.Chain.SendForReviewAsync(w.Operator, march, (await w.Reports.GetByIdAsync(w.Operator, march, Ct)).Version, Ct);
        var april = await w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-04", ReportingWorld.Content(35), Ct);
        var av = (await w.Reports.GetByIdAsync(w.Operator, april, Ct)).Version;
        await w.Cancellation.CancelAsync(w.Inspector, w.TaskId, (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion, "因政策调整原因取消", Ct);

        Assert.Equal("任务已取消，不能再报送进展。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SaveDraftAsync(w.Operator, april, av, ReportingWorld.Content(40), Ct))).Message);
        Assert.Equal("任务已取消，不能再报送进展。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.SendForReviewAsync(w.Operator, april, av, Ct))).Message);
        Assert.Equal("任务已取消，报告不能再审核报送。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ApproveAsync(w.Supervisor, march, mv, null, Ct))).Message);
        Assert.Equal("任务已取消，报告不能再退回修改。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.RejectInUnitAsync(w.Supervisor, march, mv, "不用报了", Ct))).Message);
        Assert.Equal("任务已取消，报告不能再退回修改，可以采纳。", (await Assert.ThrowsAsync<DomainException>(() => w.Chain.ReturnAsync(w.Inspector, february, fv, "补充", Ct))).Message);
        var marchView = await w.Reports.GetByIdAsync(w.Supervisor, march, Ct);
        Assert.False(marchView.Can.ApproveAsSupervisor || marchView.Can.RejectInUnit);
        Assert.Equal(RevisionState.AwaitingSupervisor, marchView.Current!.State);
        Assert.DoesNotContain(await w.Todo.ListAsync(w.Supervisor, Ct), t => t.Kind == TodoKind.ReportToReview);
        var februaryView = await w.Reports.GetByIdAsync(w.Inspector, february, Ct);
        Assert.True(februaryView.Can.Decide);
        Assert.False(februaryView.Can.Return);

        await w.Chain.AcceptAsync(w.Inspector, february, fv, "取消前报送，予以采纳", Ct);

        Assert.Equal(RevisionState.Accepted, (await w.Reports.GetByIdAsync(w.Inspector, february, Ct)).Current!.State);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task A_double_click_submits_once_and_the_second_click_is_told_what_happened()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var version = (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version;

        await w.Chain.SendForReviewAsync(w.Operator, id, version, Ct);
        var second = await Assert.ThrowsAsync<DomainException>(() => w.Chain.SendForReviewAsync(w.Operator, id, version, Ct));

        Assert.StartsWith("该报告已由联络员乙于2026年4月2日 10:00提交审核，当前为「待主管领导审核」（第1版）。您的操作未执行", second.Message);
        var steps = (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Current!.Steps;
        Assert.Single(steps, s => s.Action == ReportStepAction.SentForReview);
    }

    [DatabaseFact]
    public async Task Two_inspectors_deciding_at_once_one_succeeds_and_the_other_is_told()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync();
        var other = new Actor("u-inspector-2", "督查员戊", new HashSet<string> { Roles.Inspector }, null);

        var results = await Task.WhenAll(
            Capture(() => w.Chain.AcceptAsync(w.Inspector, id, version, null, Ct)),
            Capture(() => w.Chain.ReturnAsync(other, id, version, "数据有误", Ct)));

        Assert.Single(results, r => r is null);
        var refused = Assert.Single(results, r => r is not null);
        Assert.Contains("您的操作未执行", refused);
        var view = await w.Reports.GetByIdAsync(w.Inspector, id, Ct);
        Assert.Single(view.Revisions.SelectMany(r => r.Steps), s => s.Action is ReportStepAction.Accepted or ReportStepAction.Returned);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Stale_copy_from_before_anothers_change_is_refused_with_what_happened()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var stale = (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version;
        await w.Chain.SaveDraftAsync(w.Operator, id, stale, ReportingWorld.Content(35, "第一人修改"), Ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.Chain.SaveDraftAsync(w.Operator, id, stale, ReportingWorld.Content(99, "第二人修改"), Ct));

        Assert.Contains("当前为「草稿」（第1版）。您的操作未执行", ex.Message);
        Assert.Equal("第一人修改", (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Current!.Progress);
    }

    [DatabaseFact]
    public async Task Opening_the_same_period_twice_keeps_one_report()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var results = await Task.WhenAll(
            Capture(() => w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct)),
            Capture(() => w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(31), Ct)));

        Assert.Single(results, r => r is null);
        Assert.Contains("2026年3月的报告", Assert.Single(results, r => r is not null));
        await using var db = w.Db.CreateDbContext();
        Assert.Equal(1, await db.Reports.CountAsync(Ct));
    }

    [Fact]
    public async Task A_report_of_another_unit_and_one_that_does_not_exist_are_answered_alike()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync();

        async Task<string> Refusal(Func<Task> act) => (await Assert.ThrowsAsync<DomainException>(act)).Message;
        var answers = new[]
        {
            await Refusal(() => w.Reports.GetByIdAsync(w.OtherOperator, id, Ct)),
            await Refusal(() => w.Reports.GetByIdAsync(w.OtherOperator, int.MaxValue, Ct)),
            await Refusal(() => w.Reports.GetByIdAsync(w.Inspector, int.MaxValue, Ct)),
            await Refusal(() => w.Chain.AcceptAsync(w.OtherOperator, id, version, null, Ct)),
            await Refusal(() => w.Chain.AcceptAsync(w.Inspector, int.MaxValue, version, null, Ct)),
            await Refusal(() => w.Attachments.AttachAsync(w.OtherOperator, id, new MemoryStream([1]), "a.pdf", Ct)),
            await Refusal(() => w.Attachments.AttachAsync(w.OtherOperator, int.MaxValue, new MemoryStream([1]), "a.pdf", Ct)),
        };

        Assert.All(answers, a => Assert.Equal(ReportLoading.ReportNotFound, a));
    }

    [DatabaseFact]
    public async Task Assisting_unit_adds_its_part_while_the_report_is_in_the_lead_unit_only()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);

        await w.Chain.AddContributionAsync(w.AssistingOperator, id, "已拨付配套资金2000万元。", Ct);
        var other = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AddContributionAsync(w.OtherOperator, id, "x", Ct));
        var lead = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AddContributionAsync(w.Operator, id, "x", Ct));

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        var part = Assert.Single(view.Contributions);
        Assert.Equal("市财政局", part.UnitName);
        Assert.Equal(ReportLoading.ReportNotFound, other.Message);
        Assert.Equal("只有该任务的配合单位可以补充配合落实情况。", lead.Message);

        var version = view.Version;
        version = await w.Chain.SendForReviewAsync(w.Operator, id, version, Ct);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, null, Ct);
        await w.Chain.ApproveAsync(w.Principal, id, version, null, Ct);
        var late = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AddContributionAsync(w.AssistingOperator, id, "补充", Ct));
        Assert.Equal("该报告已「已报送」，配合单位只能在牵头单位报送前补充。", late.Message);
    }

    [DatabaseFact]
    public async Task Each_step_notifies_the_next_person_in_the_chain()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        Assert.Contains(await w.Notifications.ListAsync(w.Supervisor, ct: Ct), n => n.Title == "2026年3月进展待主管领导审核");
        Assert.Contains(await w.Todo.ListAsync(w.Supervisor, Ct), t => t.Kind == TodoKind.ReportToReview);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, null, Ct);
        Assert.Contains(await w.Todo.ListAsync(w.Principal, Ct), t => t.Kind == TodoKind.ReportToReview);
        await w.Chain.ApproveAsync(w.Principal, id, version, null, Ct);

        Assert.Contains(await w.Notifications.ListAsync(w.Inspector, ct: Ct), n => n.Title == "2026-ZD-001 2026年3月进展已报送");
        Assert.Contains(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.ReportToReview && t.TaskId == w.TaskId && t.PeriodKey == "2026-03");
        Assert.Empty(await w.Notifications.ListAsync(w.OtherOperator, ct: Ct));
    }

    [Theory]
    [InlineData("2026-04-05", "2026-04-08", ReportTimeliness.OnTime)]
    [InlineData("2026-04-05", "2026-04-09", ReportTimeliness.Late)]
    [InlineData("2026-04-05", null, ReportTimeliness.Missing)]
    public void Timeliness_counts_the_grace_days(string due, string? submitted, ReportTimeliness expected)
    {
        var result = ReportTimelinessRules.Of(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), submitted is null ? null : DateOnly.Parse(submitted, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2026, 4, 9), 3);

        Assert.Equal(expected, result);
    }

    [Fact]
    public void Unsubmitted_report_within_grace_is_still_pending() =>
        Assert.Equal(ReportTimeliness.Pending, ReportTimelinessRules.Of(new DateOnly(2026, 4, 5), null, new DateOnly(2026, 4, 8), 3));

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
