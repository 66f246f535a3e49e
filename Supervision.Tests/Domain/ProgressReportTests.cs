using Supervision.Core.Domain;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Domain;

public sealed class ProgressReportTests
{
    private static ProgressReport OpenReport(decimal percent = 30)
    {
        var task = Task();
        task.Assign(Inspector, At);
        task.Acknowledge(Operator(1), At);
        return ProgressReport.Open(task, March, Content(percent), Operator(1), At);
    }

    private static void Submit(ProgressReport report, DateTime at)
    {
        report.SendForReview(Operator(1), at);
        report.ApproveAsSupervisor(Supervisor(1), at, "同意");
        report.ApproveAsPrincipal(Principal(1), at, null);
    }

    [Fact]
    public void Report_travels_the_chain_and_keeps_every_step()
    {
        var report = OpenReport();
        Submit(report, At);
        report.Accept(Inspector, At.AddDays(1), "情况属实");

        var revision = Assert.Single(report.Revisions);
        Assert.Equal(RevisionState.Accepted, revision.State);
        Assert.Equal(
            [ReportStepAction.Drafted, ReportStepAction.SentForReview, ReportStepAction.ApprovedBySupervisor, ReportStepAction.ApprovedByPrincipal, ReportStepAction.Accepted],
            revision.Steps.Select(s => s.Action));
        Assert.Equal("主管领导丙", revision.Steps[2].ActorName);
        Assert.Equal("情况属实", revision.Steps[4].Comment);
        Assert.Equal(At, report.FirstSubmittedAt);
    }

    [Fact]
    public void Report_returned_twice_keeps_both_revisions()
    {
        var report = OpenReport();
        Submit(report, At);
        report.Return(Inspector, At, "数据与统计口径不一致");
        report.EditDraft(Content(35), false, Operator(1), At);
        Submit(report, At.AddDays(2));
        report.Return(Inspector, At.AddDays(2), "缺少佐证材料");
        Submit(report, At.AddDays(4));
        report.Accept(Inspector, At.AddDays(5), null);

        Assert.Equal([RevisionState.Returned, RevisionState.Returned, RevisionState.Accepted], report.Revisions.Select(r => r.State));
        Assert.Equal(30m, report.Revisions[0].ProgressPercent);
        Assert.Equal(35m, report.Revisions[1].ProgressPercent);
        Assert.Equal("缺少佐证材料", report.Revisions[1].Steps[^1].Comment);
        Assert.Equal(At, report.FirstSubmittedAt);
        Assert.Same(report.Revisions[2], report.AcceptedRevision);
    }

    [Fact]
    public void Submitted_report_cannot_be_edited()
    {
        var report = OpenReport();
        Submit(report, At);

        var ex = Assert.Throws<DomainException>(() => report.EditDraft(Content(90), false, Operator(1), At));
        Assert.Equal("只有草稿可以修改；该报告当前为「已报送」。", ex.Message);
    }

    [Fact]
    public void Return_needs_a_reason()
    {
        var report = OpenReport();
        Submit(report, At);

        var ex = Assert.Throws<DomainException>(() => report.Return(Inspector, At, ""));
        Assert.Equal("退回理由不能为空。", ex.Message);
    }

    [Fact]
    public void Principal_cannot_approve_before_the_supervisor()
    {
        var report = OpenReport();
        report.SendForReview(Operator(1), At);

        var ex = Assert.Throws<DomainException>(() => report.ApproveAsPrincipal(Principal(1), At, null));
        Assert.Contains("待主管领导审核", ex.Message);
    }

    [Fact]
    public void Reviewer_in_the_unit_can_send_the_draft_back_for_changes()
    {
        var report = OpenReport();
        report.SendForReview(Operator(1), At);
        report.RejectInUnit(Supervisor(1), At, "问题写得不够具体");

        Assert.Equal(RevisionState.Draft, report.Current.State);
        report.EditDraft(Content(32), false, Operator(1), At);
        Assert.Equal(32m, report.Current.ProgressPercent);
    }

    [Fact]
    public void Accepting_twice_is_refused()
    {
        var report = OpenReport();
        Submit(report, At);
        report.Accept(Inspector, At, null);

        Assert.Throws<DomainException>(() => report.Accept(Inspector, At, null));
    }

    [Fact]
    public void Percent_outside_0_to_100_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => OpenReport(120));
        Assert.Equal("总体进度应在0到100之间。", ex.Message);
    }

    [Fact]
    public void Report_cannot_be_opened_for_an_unassigned_task()
    {
        var ex = Assert.Throws<DomainException>(() => ProgressReport.Open(Task(), March, Content(10), Operator(1), At));
        Assert.Equal("任务尚未交办，不能报送进展。", ex.Message);
    }
}
