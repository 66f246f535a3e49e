using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
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
        Assert.Equal($"/tasks/{w.TaskId}/reports/2026-03", owed[2].Link);

        var id = await w.Reports.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        Assert.Contains(await w.Todo.ListAsync(w.Operator, Ct), t => t.What == "2026年3月进展草稿待提交");
        await w.Reports.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);

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
        await w.FollowUp.RequestCompletionAsync(w.Operator, w.TaskId, (await w.FollowUp.GetAsync(w.Operator, w.TaskId, Ct)).TaskVersion, "全部完工。", null, Ct);

        var item = Assert.Single(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.CompletionToVerify);
        Assert.Equal(w.TaskId, item.TaskId);
        Assert.DoesNotContain(await w.Todo.ListAsync(w.Operator, Ct), t => t.Kind == TodoKind.ReportDue && t.TaskId == w.TaskId);

        await w.FollowUp.CloseAsync(w.Inspector, w.TaskId, (await w.FollowUp.GetAsync(w.Inspector, w.TaskId, Ct)).TaskVersion, Ct);

        Assert.DoesNotContain(await w.Todo.ListAsync(w.Inspector, Ct), t => t.Kind == TodoKind.CompletionToVerify);
    }
}
