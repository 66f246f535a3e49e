using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Services;

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
/// <param name="Overdue">Past its due date (shown first and in red).</param>
public sealed record TodoItem(TodoKind Kind, int TaskId, string TaskNumber, string TaskTitle, string What, string Link, DateOnly? DueDate, bool Overdue);

/// <summary>
/// 待办: what waits for this account — reports due and returned (联络员), reports to approve (主管/主要领导), notices
/// to acknowledge, extension requests to endorse or decide, coordination to route or answer, close-outs to verify.
/// </summary>
public sealed class TodoService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds)
{
    /// <summary>Days ahead a coming report due date is listed.</summary>
    public const int LookAheadDays = 10;

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
        var today = ChinaTime.Today(clock);
        var grace = thresholds.Value.ReportGraceDays;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = new List<TodoItem>();
        var visible = TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor);
        var tasks = await visible.Where(t => t.State != TaskState.Registered)
            .Select(t => new { t.Id, t.Number, t.Title, t.LeadUnitId, t.State, t.Start, t.Deadline, t.ReportCycle, t.AssignedAt })
            .ToDictionaryAsync(t => t.Id, ct);
        var ids = tasks.Keys.ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.TaskId))
            .Select(r => new
            {
                r.Id,
                r.TaskId,
                r.UnitId,
                r.PeriodKey,
                r.PeriodLabel,
                r.DueDate,
                r.FirstSubmittedAt,
                Current = r.Revisions.OrderByDescending(v => v.Number).Select(v => new { v.Number, v.State }).First(),
            })
            .ToListAsync(ct);
        // A draft sent back inside the unit is "returned" too; the last step of each draft says so.
        var draftIds = reports.Where(r => r.Current.State == RevisionState.Draft).Select(r => r.Id).ToList();
        var sentBack = (await db.Set<ReportRevision>().AsNoTracking()
            .Where(v => v.State == RevisionState.Draft && draftIds.Contains(v.ReportId))
            .Select(v => new { v.ReportId, Last = v.Steps.OrderByDescending(s => s.Id).Select(s => s.Action).FirstOrDefault() })
            .ToListAsync(ct))
            .Where(x => x.Last is ReportStepAction.RejectedInUnit)
            .Select(x => x.ReportId).ToHashSet();
        var byPeriod = reports.ToDictionary(r => (r.TaskId, r.PeriodKey));

        void Add(TodoKind kind, int taskId, string what, string link, DateOnly? due = null, bool overdue = false)
        {
            var t = tasks[taskId];
            items.Add(new TodoItem(kind, taskId, t.Number, t.Title, what, link, due, overdue));
        }

        if (actor.UnitId is { } unit)
        {
            var lead = tasks.Values.Where(t => t.LeadUnitId == unit).ToList();
            if (actor.IsIn(Roles.UnitOperator))
            {
                foreach (var t in lead.Where(t => t.State is TaskState.Assigned or TaskState.InProgress))
                {
                    foreach (var p in ReportSchedule.OwedPeriods(t.Start, t.Deadline, t.ReportCycle, t.AssignedAt is { } assigned ? ChinaTime.DateOf(assigned) : null, null).Where(p => p.Start <= today && p.DueDate <= today.AddDays(LookAheadDays)))
                    {
                        byPeriod.TryGetValue((t.Id, p.Key), out var r);
                        // Only a draft (or no report yet) waits for the 联络员: one with the unit's leaders or the office does not.
                        if (r is not null && r.Current.State != RevisionState.Draft)
                            continue;
                        var link = $"/tasks/{t.Id}/reports/{p.Key}";
                        if (r is { Current.State: RevisionState.Draft } && (sentBack.Contains(r.Id) || r.Current.Number > 1))
                            Add(TodoKind.ReportReturned, t.Id, $"{p.Label}进展被退回，请修改后重新报送", link, p.DueDate, false);
                        else if (r?.FirstSubmittedAt is null)
                        {
                            var overdue = today > p.DueDate.AddDays(grace);
                            Add(TodoKind.ReportDue, t.Id, r is null ? $"{p.Label}进展待报送" : $"{p.Label}进展草稿待提交", link, p.DueDate, overdue);
                        }
                    }
                }
            }

            var waiting = actor.IsIn(Roles.UnitSupervisor) ? RevisionState.AwaitingSupervisor : actor.IsIn(Roles.UnitPrincipal) ? RevisionState.AwaitingPrincipal : (RevisionState?)null;
            if (waiting is { } w)
            {
                // A closed or cancelled task's report no longer moves inside the unit, so it waits for nobody there.
                foreach (var r in reports.Where(r => r.UnitId == unit && r.Current.State == w && tasks[r.TaskId].State is not (TaskState.Closed or TaskState.Cancelled)))
                    Add(TodoKind.ReportToReview, r.TaskId, $"{r.PeriodLabel}进展{DisplayNames.Of(w)}", $"/tasks/{r.TaskId}/reports/{r.PeriodKey}", r.DueDate);
            }

            var receipts = await db.Notices.AsNoTracking().Where(n => ids.Contains(n.TaskId) && n.Receipts.Any(x => x.UnitId == unit && x.AcknowledgedAt == null))
                .Select(n => new { n.TaskId, n.Number, n.IssuedAt })
                .ToListAsync(ct);
            foreach (var n in receipts)
                Add(TodoKind.NoticeToAcknowledge, n.TaskId, $"督查通知单{n.Number}待签收", $"/tasks/{n.TaskId}", ChinaTime.DateOf(n.IssuedAt));

            if (actor.IsIn(Roles.UnitPrincipal))
            {
                var ext = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.UnitId == unit && e.State == ExtensionState.Requested).ToListAsync(ct);
                foreach (var e in ext.Where(e => tasks.ContainsKey(e.TaskId)))
                    Add(TodoKind.ExtensionToDecide, e.TaskId, $"延期申请待签署：延至{DisplayNames.Date(e.RequestedDeadline)}", $"/tasks/{e.TaskId}", e.CurrentDeadline);
            }

            var remarks = await db.Set<LeaderRemark>().AsNoTracking().Where(r => ids.Contains(r.TaskId) && r.RequiresResponse && r.RespondedAt == null).ToListAsync(ct);
            foreach (var r in remarks.Where(r => tasks[r.TaskId].LeadUnitId == unit))
                Add(TodoKind.RemarkToAnswer, r.TaskId, $"{r.LeaderName}批示待报告落实情况", $"/tasks/{r.TaskId}");
        }

        if (actor.IsIn(Roles.Inspector))
        {
            foreach (var r in reports.Where(r => r.Current.State == RevisionState.Submitted))
                Add(TodoKind.ReportToReview, r.TaskId, $"{r.PeriodLabel}进展待审核（第{r.Current.Number}版）", $"/tasks/{r.TaskId}/reports/{r.PeriodKey}", r.DueDate);
            var ext = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.State == ExtensionState.Endorsed).ToListAsync(ct);
            foreach (var e in ext.Where(e => tasks.ContainsKey(e.TaskId)))
                Add(TodoKind.ExtensionToDecide, e.TaskId, $"延期申请待审定：延至{DisplayNames.Date(e.RequestedDeadline)}", $"/tasks/{e.TaskId}", e.CurrentDeadline);
            var raised = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.State == CoordinationState.Raised).ToListAsync(ct);
            foreach (var c in raised.Where(c => tasks.ContainsKey(c.TaskId)))
                Add(TodoKind.CoordinationToHandle, c.TaskId, $"申请协调待转办：{c.Problem}", $"/tasks/{c.TaskId}");
            foreach (var t in tasks.Values.Where(t => t.State == TaskState.CompletionRequested))
                Add(TodoKind.CompletionToVerify, t.Id, "申请办结，待核实销号", $"/tasks/{t.Id}", t.Deadline);
        }

        if (actor.IsIn(Roles.CityLeader))
        {
            var routed = await db.Set<CoordinationRequest>().AsNoTracking().Where(c => c.State == CoordinationState.Routed).ToListAsync(ct);
            foreach (var c in routed.Where(c => tasks.ContainsKey(c.TaskId)))
                Add(TodoKind.CoordinationToHandle, c.TaskId, $"请{c.RoutedToName}协调：{c.Problem}", $"/tasks/{c.TaskId}");
        }

        return items.OrderByDescending(i => i.Overdue).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ThenBy(i => i.TaskNumber).ToList();
    }
}
