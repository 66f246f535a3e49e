using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>The number and id a registration produced.</summary>
public sealed record RegisteredTask(int Id, string Number);

/// <summary>
/// 登记 and 修改 of tasks of the four sources. Registration gives the unified number inside the same write
/// transaction that stores the task, so numbers are unique and never reused even when people register at once.
/// </summary>
public sealed class RegistrationService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Registers a new task and gives it its number.</summary>
    public async Task<RegisteredTask> RegisterAsync(Actor actor, TaskInput input, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        ThrowIfInvalid(input);
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CheckReferencesAsync(db, input, ct);
        // BEGIN IMMEDIATE: the write lock is taken before the counter is read, so concurrent registrations queue.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sequence = await TaskNumbering.ReserveTaskSequencesAsync(db, input.Year, input.Source, 1, ct);
        var number = TaskNumbering.Format(input.Year, input.Source, sequence);
        var task = SupervisionTask.Register(input.Source, number, sequence, input.ToDefinition(), actor, now);
        ApplyDetails(task, input, actor, now);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RegisteredTask(task.Id, task.Number);
    }

    /// <summary>The form of a registered task, for editing. Null when it does not exist or is not visible.</summary>
    public async Task<TaskInput?> LoadForEditAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).FirstOrDefaultAsync(t => t.Id == taskId, ct);
        return task is null ? null : TaskInput.From(task);
    }

    /// <summary>
    /// Saves an edit made on the version the form was loaded with; if someone else saved in between the edit is
    /// refused with a message saying who and when, and nothing is overwritten.
    /// </summary>
    public async Task<long> UpdateAsync(Actor actor, int taskId, TaskInput input, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        ThrowIfInvalid(input);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await TaskVisibility.VisibleTo(db.Tasks, actor).FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new DomainException("任务不存在或您无权查看。");
        if (task.Source != input.Source)
            throw new DomainException("任务来源登记后不能修改。");
        if (task.Version != input.Version)
            throw await StaleAsync(db, taskId, ct);
        await CheckReferencesAsync(db, input, ct);

        task.Edit(input.ToDefinition(), actor, now);
        ApplyDetails(task, input, actor, now);
        await Concurrency.SaveAsync(db, _ => StaleAsync(db, taskId, ct), ct);

        return task.Version;
    }

    private static void ApplyDetails(SupervisionTask task, TaskInput input, Actor actor, DateTime now)
    {
        switch (input.Source)
        {
            case TaskSource.LeaderInstruction:
                task.SetInstruction(new InstructionDetails(input.InstructionLeader!.Trim(), DateOnly.FromDateTime(input.InstructedOn!.Value), input.InstructionText!.Trim(),
                    Blank(input.DocumentTitle), Blank(input.DocumentNumber)));
                break;
            case TaskSource.MeetingDecision:
                task.SetMeeting(new MeetingDetails(input.MeetingName!.Trim(), DateOnly.FromDateTime(input.MeetingHeldOn!.Value), input.MeetingDecision!.Trim()));
                break;
            case TaskSource.SpecialWork:
                task.SetAgreement(new AgreementDetails(input.AgreementName!.Trim(), input.Counterpart!.Trim()));
                break;
        }

        var milestones = input.ToMilestones();
        if (!milestones.SequenceEqual(task.Milestones))
            task.SetMilestones(milestones, actor, now);
        var indicator = input.ToIndicator();
        if (indicator != task.Indicator)
            task.SetIndicator(indicator, actor, now);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static void ThrowIfInvalid(TaskInput input)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values.Distinct()));
    }

    /// <summary>The page sends ids; the service checks they exist (and are active) instead of trusting them.</summary>
    private static async Task CheckReferencesAsync(SupervisionDbContext db, TaskInput input, CancellationToken ct)
    {
        var unitIds = input.AssistingUnitIds.Append(input.LeadUnitId!.Value).Distinct().ToList();
        var found = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id) && u.IsActive).CountAsync(ct);
        if (found != unitIds.Count)
            throw new DomainException("所选单位不存在或已停用，请重新选择。");
        if (input.CategoryId is { } categoryId
            && !await db.Categories.AsNoTracking().AnyAsync(c => c.Id == categoryId && c.Year == input.Year, ct))
            throw new DomainException("所选类别不属于该年度，请重新选择。");
        if (input.ResponsibleLeaderId is { } leaderId && !await db.Leaders.AsNoTracking().AnyAsync(l => l.Id == leaderId && l.IsActive, ct))
            throw new DomainException("所选责任领导不存在或已停用，请重新选择。");
    }

    /// <summary>Tells the second person who saved the task in between and when.</summary>
    internal static async Task<DomainException> StaleAsync(SupervisionDbContext db, int taskId, CancellationToken ct)
    {
        var last = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TaskId == taskId)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.ActorName, e.OccurredAt, e.Summary })
            .FirstOrDefaultAsync(ct);
        return last is null
            ? new DomainException("该任务已被他人修改，您的修改未保存。请刷新后重新编辑。")
            : new DomainException($"该任务已于{ChinaTime.LocalOf(last.OccurredAt):yyyy年M月d日 HH:mm}被{last.ActorName}修改（{last.Summary}），您的修改未保存。请刷新后重新编辑。");
    }
}
