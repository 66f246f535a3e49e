using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Dashboard;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

/// <summary>待办 of each account, on the reporting world at 2026年4月2日 (a monthly task since January).</summary>
public sealed class TodoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Operator_sees_the_reports_owed_overdue_first_and_a_report_leaves_the_list_once_sent()
    {
        await using var w = await ReportingWorld.CreateAsync();

        var owed = (await w.Todo.ListAsync(w.Operator, Ct)).Where(t => t.TaskId == w.TaskId).ToList();

        // January (due 2月5日) and February (due 3月5日) are past the grace days, March (due 4月5日) is coming;
        // April is due 5月5日, beyond the look-ahead.
        Assert.Equal(["2026年1月进展待报送", "2026年2月进展待报送", "2026年3月进展待报送"], owed.Select(t => t.What));
        Assert.Equal([true, true, false], owed.Select(t => t.Overdue));
        Assert.All(owed, t => Assert.Equal(TodoKind.ReportDue, t.Kind));
        Assert.Equal((w.TaskId, "2026-03"), (owed[2].TaskId, owed[2].PeriodKey));

        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        Assert.Contains(await w.Todo.ListAsync(w.Operator, Ct), t => t.What == "2026年3月进展草稿待提交");
        await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);

        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), t => t.What.StartsWith("2026年3月", StringComparison.Ordinal));
        Assert.Empty(await w.Todo.ListAsync(w.AssistingOperator, Ct));
    }

    [DatabaseFact]
    public async Task Every_addressed_unit_is_asked_to_acknowledge_a_notice_until_it_does()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var assignments = new AssignmentService(w.Db, w.Clock, Options.Create(new LedgerOptions()));
        int taskId;
        await using (var db = w.Db.CreateDbContext())
        {
            var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-002", 2, TestData.Definition(w.Lead, w.Assisting), w.Inspector, w.Clock.GetUtcNow().UtcDateTime);
            db.Tasks.Add(task);
            await db.SaveChangesAsync(Ct);
            taskId = task.Id;
        }

        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), t => t.TaskId == taskId);
        await assignments.AssignAsync(w.Inspector, taskId, 1, "请按期签收并制定推进方案。", Ct);

        var lead = Assert.Single(await w.Todo.ListAsync(w.Operator, Ct), t => t.TaskId == taskId && t.Kind == TodoKind.NoticeToAcknowledge);
        Assert.Matches("^督查通知单.+待签收$", lead.What);
        Assert.Contains(await w.Todo.ListAsync(w.AssistingOperator, Ct), t => t.TaskId == taskId && t.Kind == TodoKind.NoticeToAcknowledge);
        Assert.DoesNotContain(await w.Todo.ListAsync(w.OtherOperator, Ct), t => t.TaskId == taskId);

        await assignments.AcknowledgeAsync(w.Operator, taskId, Ct);

        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), t => t.TaskId == taskId && t.Kind == TodoKind.NoticeToAcknowledge);
        Assert.Contains(await w.Todo.ListAsync(w.AssistingOperator, Ct), t => t.TaskId == taskId && t.Kind == TodoKind.NoticeToAcknowledge);
    }

    [DatabaseFact]
    public async Task Inspector_is_asked_to_verify_a_close_out_and_the_request_leaves_once_decided()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Completion.RequestCompletionAsync(w.Operator, w.TaskId, (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion, "全部完工。", null, Ct);

        var item = Assert.Single(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.CompletionToVerify);
        Assert.Equal(w.TaskId, item.TaskId);
        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), t => t.Kind == TodoKind.ReportDue && t.TaskId == w.TaskId);

        await w.Completion.SignOffAsync(w.Inspector, w.TaskId, (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion, Ct);

        Assert.DoesNotContain(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.CompletionToVerify);
    }

    [Fact]
    public async Task The_unit_dashboards_to_do_counts_exactly_what_each_of_its_accounts_finds_on_todo()
    {
        await using var w = await ReportingWorld.CreateAsync();
        // March sent on to the office and returned; February's waits with the 主管领导; January's was never written.
        var (id, version) = await w.SubmitAsync(30);
        await w.Chain.ReturnAsync(w.Inspector, id, version, "数据有误，请核实。", Ct);
        var february = await w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-02", ReportingWorld.Content(20), Ct);
        await w.Chain.SendForReviewAsync(w.Operator, february, (await w.Reports.GetByIdAsync(w.Operator, february, Ct)).Version, Ct);
        var dashboards = new DashboardService(w.Judgement, w.Db, w.Clock, new StaticOptions<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);

        var todo = (await dashboards.GetAsync(w.Operator, new DashboardRequest(), Ct)).Model.Unit!.Todo;
        var operatorItems = await w.Todo.ListAsync(w.Operator, Ct);
        var supervisorItems = await w.Todo.ListAsync(w.Supervisor, Ct);

        var due = operatorItems.Where(i => i.Kind == TodoKind.ReportDue).ToList();
        Assert.Equal(todo.ToReport, due.Count(i => !i.Overdue));
        Assert.Equal(todo.Overdue, due.Count(i => i.Overdue));
        Assert.Equal(todo.Returned.Select(r => (r.TaskId, r.PeriodLabel)), operatorItems.Where(i => i.Kind == TodoKind.ReportReturned).Select(i => (i.TaskId, i.What[..i.What.IndexOf("进展", StringComparison.Ordinal)])));
        Assert.Equal(todo.AwaitingSupervisor, supervisorItems.Count(i => i.Kind == TodoKind.ReportToReview));
        Assert.Equal(1, todo.Overdue); // January
        Assert.Equal(1, todo.AwaitingSupervisor); // February
        Assert.Single(todo.Returned); // March
        Assert.Equal(ReportWork.LookAheadDays, TodoService.LookAheadDays);
    }

    [Fact]
    public async Task The_dashboards_awaiting_review_and_the_inspectors_todo_agree()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync(30);
        var dashboards = new DashboardService(w.Judgement, w.Db, w.Clock, new StaticOptions<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);

        var counts = (await dashboards.GetAsync(w.Inspector, new DashboardRequest(), Ct)).Model.Counts;

        Assert.Equal(1, counts.AwaitingReview);
        Assert.Equal(counts.AwaitingReview, (await w.Todo.ListAsync(w.Inspector, Ct)).Count(i => i.Kind == TodoKind.ReportToReview));
        // The day before it was sent, nothing waited: the count follows the dashboard's date.
        var before = (await dashboards.GetAsync(w.Inspector, new DashboardRequest(AsOf: "2026-03-31"), Ct)).Model.Counts;
        Assert.Equal(0, before.AwaitingReview);
    }
}
