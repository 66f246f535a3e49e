using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Judging;

namespace Supervision.Core.Ledger;

/// <summary>Where one addressed unit stands with a 督查通知单.</summary>
/// <param name="Overdue">Not acknowledged within <see cref="LedgerOptions.AcknowledgeWithinDays"/> days of issue.</param>
public sealed record ReceiptStatus(int UnitId, string Unit, bool IsLead, DateTime? AcknowledgedAt, string? AcknowledgedBy, bool Overdue);

/// <summary>A task's 督查通知单 with its receipts.</summary>
public sealed record NoticeStatus(int Id, string Number, string Requirements, DateOnly Deadline, ReportCycle ReportCycle, DateTime IssuedAt, string IssuedBy, IReadOnlyList<ReceiptStatus> Receipts)
{
    public bool AnyOverdue => Receipts.Any(r => r.Overdue);
}

/// <summary>
/// 交办 → 签收: assigning a task issues its numbered 督查通知单 to the lead and assisting units; each unit
/// acknowledges its copy, and the lead unit's 签收 starts the work. Copies not acknowledged within the configured
/// number of days are flagged.
/// </summary>
public sealed class AssignmentService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<LedgerOptions> options)
{
    /// <summary>The default 督办要求 of a notice, which the inspector may change.</summary>
    public string DefaultRequirements(ReportCycle cycle) =>
        $"请牵头单位于收到通知单后{options.Value.AcknowledgeWithinDays}日内签收，会同配合单位制定推进方案，明确责任人和时间节点，{DisplayNames.Of(cycle)}报送落实情况，确保按期完成。";

    /// <summary>交办 one task: issues its 督查通知单.</summary>
    public async Task<string> AssignAsync(Actor actor, int taskId, long expectedVersion, string requirements, CancellationToken ct = default)
    {
        var numbers = await AssignManyAsync(actor, [(taskId, expectedVersion)], requirements, ct);
        return numbers[0];
    }

    /// <summary>交办 several tasks at once (after an import), all or none.</summary>
    public async Task<IReadOnlyList<string>> AssignManyAsync(Actor actor, IReadOnlyList<(int TaskId, long Version)> tasks, string requirements, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        if (tasks.Count == 0)
            throw new DomainException("请选择要交办的任务。");
        if (string.IsNullOrWhiteSpace(requirements))
            throw new DomainException("请填写督办要求。");
        if (requirements.Trim().Length > 2000)
            throw new DomainException("督办要求不能超过2000个字。");
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = tasks.Select(t => t.TaskId).ToList();
        var loaded = await TaskVisibility.VisibleTo(db.Tasks, actor).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var numbers = new List<string>(tasks.Count);
        foreach (var (taskId, version) in tasks)
        {
            if (!loaded.TryGetValue(taskId, out var task))
                throw new DomainException("任务不存在或您无权查看。");
            if (task.Version != version)
                throw await RegistrationService.StaleAsync(db, taskId, ct);
            task.Assign(actor, now);
            var number = await TaskNumbering.NextNoticeNumberAsync(db, ChinaTime.DateOf(now).Year, ct);
            db.Notices.Add(new Notice(task, number, requirements.Trim(), actor, now));
            numbers.Add(number);
        }

        await Concurrency.SaveAsync(db, "有任务在您操作期间被他人修改或交办，本次交办未执行。请刷新后重试。", ct);

        await transaction.CommitAsync(ct);
        return numbers;
    }

    /// <summary>签收 by the actor's unit. The lead unit's 签收 moves the task to 办理中.</summary>
    public async Task AcknowledgeAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        if (actor.UnitId is not { } unitId)
            throw new DomainException("只有单位账户可以签收通知单。");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await TaskVisibility.VisibleTo(db.Tasks, actor).FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new DomainException("任务不存在或您无权查看。");
        var notice = await db.Notices.Where(n => n.TaskId == taskId).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("该任务尚未交办，没有需要签收的通知单。");
        var receipt = notice.Acknowledge(unitId, actor, now);
        if (receipt.IsLead && task.State == TaskState.Assigned)
            task.Acknowledge(actor, now);
        await Concurrency.SaveAsync(db, "通知单刚被本单位其他人签收，无需重复签收。", ct);
    }

    /// <summary>The notices of a task with each unit's receipt and the overdue flag (the task detail's; it checks visibility).</summary>
    internal async Task<IReadOnlyList<NoticeStatus>> NoticesOfAsync(SupervisionDbContext db, int taskId, CancellationToken ct)
    {
        var notices = await db.Notices.AsNoTracking().Include(n => n.Receipts).Where(n => n.TaskId == taskId).OrderBy(n => n.Id).ToListAsync(ct);
        var names = await Names.LoadAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return notices.Select(n => new NoticeStatus(
            n.Id, n.Number, n.Requirements, n.Deadline, n.ReportCycle, n.IssuedAt, n.IssuedByName,
            n.Receipts.OrderByDescending(r => r.IsLead).ThenBy(r => r.Id)
                .Select(r => new ReceiptStatus(r.UnitId, names.Unit(r.UnitId), r.IsLead, r.AcknowledgedAt, r.AcknowledgedByName,
                    r.AcknowledgedAt is null && IsOverdue(n.IssuedAt, now)))
                .ToList())).ToList();
    }

    /// <summary>True once more than the configured number of days have passed since issue (China calendar days).</summary>
    public bool IsOverdue(DateTime issuedAt, DateTime now) =>
        ChinaTime.DateOf(now).DayNumber - ChinaTime.DateOf(issuedAt).DayNumber > options.Value.AcknowledgeWithinDays;

    /// <summary>The cut-off: a notice issued before this instant and still not acknowledged is overdue now.</summary>
    public DateTime OverdueIssuedBefore(DateTime now) =>
        ChinaTime.UtcOf(ChinaTime.DateOf(now).AddDays(-options.Value.AcknowledgeWithinDays), TimeOnly.MinValue);
}
