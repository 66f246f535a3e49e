using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;

namespace Supervision.Core.Reporting;

/// <summary>What kind of work a to-do line asks for.</summary>
public enum TodoKind
{
    ReportDue = 0,
    ReportReturned = 1,
    ReportToReview = 2,
    NoticeToAcknowledge = 3,
    ExtensionToDecide = 4,
    CoordinationToHandle = 5,
    CompletionToVerify = 6,
    RemarkToAnswer = 7,
}

/// <summary>One thing waiting for the person.</summary>
/// <param name="PeriodKey">The period whose progress report (反馈) to act on, or null when the work is on the task itself.</param>
/// <param name="Overdue">Past its due date (shown first and in red).</param>
public sealed record TodoItem(TodoKind Kind, int TaskId, string TaskNumber, string TaskTitle, string What, string? PeriodKey, DateOnly? DueDate, bool Overdue);

/// <summary>
/// 待办: what waits for this account — reports due and returned (联络员), reports to approve (主管/主要领导), notices
/// to acknowledge, extension requests to endorse or decide, coordination to route or answer, close-outs to verify.
/// The reports come from the one list <see cref="ReportWork"/> (the 单位看板's 待办 panel counts the same list), the
/// office's reports to review from the same judged facts as the 看板's 待审核.
/// </summary>
public sealed class TodoService(IDbContextFactory<SupervisionDbContext> dbFactory, JudgementService judgement)
{
    /// <summary>Days ahead a coming report due date is listed.</summary>
    public const int LookAheadDays = ReportWork.LookAheadDays;

    public static string Label(TodoKind kind) => kind switch
    {
        TodoKind.ReportDue => "待报送",
        TodoKind.ReportReturned => "被退回",
        TodoKind.ReportToReview => "待审核",
        TodoKind.NoticeToAcknowledge => "待签收",
        TodoKind.ExtensionToDecide => "延期申请",
        TodoKind.CoordinationToHandle => "申请协调",
        TodoKind.CompletionToVerify => "申请办结",
        _ => "批示待落实",
    };

    public async Task<IReadOnlyList<TodoItem>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = new List<TodoItem>();
        var visible = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor);
        var tasks = await visible.Where(t => t.State != TaskState.Registered)
            .Select(t => new { t.Id, t.Number, t.Title, t.LeadUnitId, t.State, t.Deadline })
            .ToDictionaryAsync(t => t.Id, ct);
        var ids = tasks.Keys.ToList();

        void Add(TodoKind kind, int taskId, string what, string? periodKey, DateOnly? due = null, bool overdue = false)
        {
            var t = tasks[taskId];
            items.Add(new TodoItem(kind, taskId, t.Number, t.Title, what, periodKey, due, overdue));
        }

        if (actor.UnitId is { } unit)
        {
            var work = await judgement.ReportWorkAsync(unit, ct);
            foreach (var w in work.Where(w => tasks.ContainsKey(w.Task.Id)))
            {
                switch (w.State)
                {
                    case ReportWorkState.ToWrite when actor.IsIn(Roles.UnitOperator):
                        Add(TodoKind.ReportDue, w.Task.Id, $"{w.PeriodLabel}进展待报送", w.PeriodKey, w.DueDate, w.Overdue);
                        break;
                    case ReportWorkState.Draft when actor.IsIn(Roles.UnitOperator):
                        Add(TodoKind.ReportDue, w.Task.Id, $"{w.PeriodLabel}进展草稿待提交", w.PeriodKey, w.DueDate, w.Overdue);
                        break;
                    case ReportWorkState.Returned when actor.IsIn(Roles.UnitOperator):
                        Add(TodoKind.ReportReturned, w.Task.Id, $"{w.PeriodLabel}进展被退回，请修改后重新报送", w.PeriodKey, w.DueDate);
                        break;
                    case ReportWorkState.AwaitingSupervisor when actor.IsIn(Roles.UnitSupervisor):
                    case ReportWorkState.AwaitingPrincipal when actor.IsIn(Roles.UnitPrincipal) && !actor.IsIn(Roles.UnitSupervisor):
                        var state = w.State == ReportWorkState.AwaitingSupervisor ? RevisionState.AwaitingSupervisor : RevisionState.AwaitingPrincipal;
                        Add(TodoKind.ReportToReview, w.Task.Id, $"{w.PeriodLabel}进展{DisplayNames.Of(state)}", w.PeriodKey, w.DueDate);
                        break;
                }
            }

            var receipts = await db.Notices.AsNoTracking().Where(n => ids.Contains(n.TaskId) && n.Receipts.Any(x => x.UnitId == unit && x.AcknowledgedAt == null))
                .Select(n => new { n.TaskId, n.Number, n.IssuedAt })
                .ToListAsync(ct);
            foreach (var n in receipts)
                Add(TodoKind.NoticeToAcknowledge, n.TaskId, $"督查通知单{n.Number}待签收", null, ChinaTime.DateOf(n.IssuedAt));

            if (actor.IsIn(Roles.UnitPrincipal))
            {
                var ext = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.UnitId == unit && e.State == ExtensionState.Requested).ToListAsync(ct);
                foreach (var e in ext.Where(e => tasks.ContainsKey(e.TaskId)))
                    Add(TodoKind.ExtensionToDecide, e.TaskId, $"延期申请待签署：延至{DisplayNames.Date(e.RequestedDeadline)}", null, e.CurrentDeadline);
            }

            var remarks = await db.Set<LeaderRemark>().AsNoTracking().Where(r => ids.Contains(r.TaskId) && r.RequiresResponse && r.RespondedAt == null).ToListAsync(ct);
            foreach (var r in remarks.Where(r => tasks[r.TaskId].LeadUnitId == unit))
                Add(TodoKind.RemarkToAnswer, r.TaskId, $"{r.LeaderName}批示待报告落实情况", null);
        }

        if (actor.IsIn(Roles.Inspector))
        {
            // What the 看板 counts as 待审核 today: the judged facts of every year.
            foreach (var year in await judgement.YearsAsync(ct))
            {
                foreach (var r in (await judgement.FactsAsync(year, ct)).Reports.Where(r => r.CurrentState == RevisionState.Submitted && tasks.ContainsKey(r.TaskId)))
                    Add(TodoKind.ReportToReview, r.TaskId, $"{r.PeriodLabel}进展待审核（第{r.CurrentNumber}版）", r.PeriodKey, r.DueDate);
            }

            var ext = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.State == ExtensionState.Endorsed).ToListAsync(ct);
            foreach (var e in ext.Where(e => tasks.ContainsKey(e.TaskId)))
                Add(TodoKind.ExtensionToDecide, e.TaskId, $"延期申请待审定：延至{DisplayNames.Date(e.RequestedDeadline)}", null, e.CurrentDeadline);
            var raised = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.State == CoordinationState.Raised).ToListAsync(ct);
            foreach (var c in raised.Where(c => tasks.ContainsKey(c.TaskId)))
                Add(TodoKind.CoordinationToHandle, c.TaskId, $"申请协调待转办：{c.Problem}", null);
            foreach (var t in tasks.Values.Where(t => t.State == TaskState.CompletionRequested))
                Add(TodoKind.CompletionToVerify, t.Id, "申请办结，待核实销号", null, t.Deadline);
        }

        if (actor.IsIn(Roles.CityLeader))
        {
            var routed = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.State == CoordinationState.Routed).ToListAsync(ct);
            foreach (var c in routed.Where(c => tasks.ContainsKey(c.TaskId)))
                Add(TodoKind.CoordinationToHandle, c.TaskId, $"请{c.RoutedToName}协调：{c.Problem}", null);
        }

        return items.OrderByDescending(i => i.Overdue).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ThenBy(i => i.TaskNumber).ToList();
    }
}
