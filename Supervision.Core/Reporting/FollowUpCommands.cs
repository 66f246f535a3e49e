using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// The one way a follow-up command (督办, 协调, 延期, 办结/销号, 取消, 批示, 抽查核实) runs: a short-lived context → the
/// workflow service's authorization → load the task or request, refusing a stale version → the entity's guarded method →
/// one save (its notifications are announced by the change feed once committed). The workflow services hold only what
/// differs between commands; the conflict message and the transaction for numbered documents live here.
/// </summary>
public sealed class FollowUpCommands(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The clock's current UTC time.</summary>
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in China, the day deadlines are judged by.</summary>
    public DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The context factory, for the read-only view.</summary>
    internal IDbContextFactory<SupervisionDbContext> Contexts => dbFactory;

    /// <summary>
    /// Runs <paramref name="command"/> against a fresh context and saves what it did in one save. With
    /// <paramref name="numbered"/> the whole command runs in one transaction, so a number taken from a counter
    /// (督办单, 催办单) is stored with its record or given back.
    /// </summary>
    internal async Task<T> RunAsync<T>(Func<FollowUpCommand, Task<T>> command, CancellationToken ct, bool numbered = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = numbered ? await db.Database.BeginTransactionAsync(ct) : null;
        var run = new FollowUpCommand(db, Now);
        var result = await command(run);
        await SaveAsync(db, ct);
        if (transaction is not null)
            await transaction.CommitAsync(ct);
        return result;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{FollowUpCommand, Task{T}}, CancellationToken, bool)"/>
    internal Task RunAsync(Func<FollowUpCommand, Task> command, CancellationToken ct, bool numbered = false) =>
        RunAsync(async run =>
        {
            await command(run);
            return true;
        }, ct, numbered);

    /// <summary>Takes the next <paramref name="count"/> numbers of a counter and returns the last of them.</summary>
    // One atomic upsert inside the caller's transaction (either provider): a number is never handed out twice, nor reused.
    internal static Task<int> NextAsync(SupervisionDbContext db, string key, CancellationToken ct, int count = 1) => NumberSequences.ReserveAsync(db, key, count, ct);

    /// <summary>Refuses anyone but the lead unit's 联络员 or 主要领导 (申请延期, 申请办结).</summary>
    internal static void RequireLeadUnit(Actor actor, SupervisionTask task, string what)
    {
        if (actor.UnitId != task.LeadUnitId || !(actor.IsIn(Roles.UnitOperator) || actor.IsIn(Roles.UnitPrincipal)))
            throw new DomainException($"只有牵头单位的联络员或主要领导可以{what}。");
    }

    /// <summary>Saves, turning a lost race into the Chinese message that says what the other person did.</summary>
    internal static Task SaveAsync(SupervisionDbContext db, CancellationToken ct) =>
        Concurrency.SaveAsync(db, async ex =>
        {
            // Someone saved the same item between our read and our write: tell what they did, from the row as it is now.
            var entry = ex.Entries.FirstOrDefault();
            var now = entry is null ? null : await entry.GetDatabaseValuesAsync(CancellationToken.None);
            return new DomainException(now?.ToObject() is { } fresh ? WhatHappened(fresh) : "您操作的内容刚被他人处理过，您的操作未执行。请刷新后查看最新情况。");
        }, ct);

    /// <summary>What another person did to an item, for the one whose action came second (e.g. "该协调申请已由赵文清于…转周承远协调").</summary>
    internal static string WhatHappened(object item)
    {
        static string At(DateTime? utc) => utc is { } t ? $"于{ReportLoading.Format(t)}" : "";
        var (what, did, state) = item switch
        {
            CoordinationRequest c => ("该协调申请", c.State switch
            {
                CoordinationState.Answered => $"已由{c.AnsweredByName}{At(c.AnsweredAt)}答复",
                CoordinationState.Routed => $"已由{c.RoutedByName}{At(c.RoutedAt)}转{c.RoutedToName}协调",
                _ => "刚被他人处理过",
            }, ReportingNames.Of(c.State)),
            ExtensionRequest e => ("该延期申请", e.State switch
            {
                ExtensionState.Endorsed => $"已由{e.EndorsedByName}{At(e.EndorsedAt)}签署",
                ExtensionState.Approved or ExtensionState.Rejected => $"已由{e.DecidedByName}{At(e.DecidedAt)}{(e.State == ExtensionState.Approved ? "同意" : "不同意")}",
                _ => "刚被他人处理过",
            }, ReportingNames.Of(e.State)),
            LeaderRemark r => ("该批示", r.RespondedAt is not null ? $"已由{r.RespondedByName}{At(r.RespondedAt)}报告落实情况" : "刚被他人处理过", r.RespondedAt is not null ? "已答复" : "待答复"),
            SupervisionTask t => ("该任务", "刚被他人处理过", DisplayNames.Of(t.State)),
            _ => ("您操作的内容", "刚被他人处理过", null),
        };
        return $"{what}{did}{(state is null ? "" : $"，当前为「{state}」")}。您的操作未执行，请查看最新情况后再处理。";
    }
}

/// <summary>One run of a follow-up command: its context, its time, the loads every workflow shares and the notifications it makes.</summary>
internal sealed class FollowUpCommand(SupervisionDbContext db, DateTime now)
{
    public SupervisionDbContext Db => db;

    /// <summary>The command's one timestamp: every record and notification of the command carries it.</summary>
    public DateTime Now => now;

    /// <summary>A task the actor may see (refused as 不存在 otherwise).</summary>
    public Task<SupervisionTask> TaskAsync(Actor actor, int taskId, CancellationToken ct) => ReportLoading.LoadVisibleTaskAsync(db, actor, taskId, ct);

    /// <summary>A visible task still being worked on (not 已销号 or 已取消).</summary>
    public async Task<SupervisionTask> OpenTaskAsync(Actor actor, int taskId, CancellationToken ct)
    {
        var task = await TaskAsync(actor, taskId, ct);
        if (task.IsFinished)
            throw new DomainException($"任务{DisplayNames.Of(task.State)}，不能再办理。");
        return task;
    }

    /// <summary>A visible task as the actor last saw it (<paramref name="version"/>); a newer one is refused with what happened.</summary>
    public async Task<SupervisionTask> TaskAsync(Actor actor, int taskId, long version, CancellationToken ct)
    {
        var task = await TaskAsync(actor, taskId, ct);
        Concurrency.RequireVersion(task, version, () => FollowUpCommands.WhatHappened(task));
        return task;
    }

    /// <summary>A request or remark as the actor last saw it, with its visible task.</summary>
    public async Task<(T Item, SupervisionTask Task)> RecordAsync<T>(Actor actor, int id, long version, string what, CancellationToken ct)
        where T : class, IVersioned, ITaskScopedRecord
    {
        var item = await db.Set<T>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException($"{what}不存在。");
        Concurrency.RequireVersion(item, version, () => FollowUpCommands.WhatHappened(item));
        return (item, await TaskAsync(actor, item.TaskId, ct));
    }

    /// <summary>Stores uploaded evidence (申请办结, 抽查核实) with the command; a refused batch stores nothing.</summary>
    public async Task AttachAsync(ReportAttachmentService attachments, Actor actor, int taskId, int? reportId, AttachmentPurpose purpose, IReadOnlyList<UploadedFile>? files, CancellationToken ct)
    {
        // Checked before the first file is stored, so a refused batch leaves nothing behind.
        if (files is { Count: > ReportAttachmentService.MaxFilesPerUpload })
            throw new DomainException($"一次最多上传{ReportAttachmentService.MaxFilesPerUpload}个文件，本次选择了{files.Count}个。");
        foreach (var file in files ?? [])
        {
            var name = ReportAttachmentService.CleanName(file.Name);
            var (hash, kind, size) = await attachments.StoreCheckedAsync(file.Content, name, ct);
            db.Add(new ReportAttachment(taskId, reportId, null, actor.UnitId, purpose, name, hash, kind, size, actor, now));
        }
    }

    /// <summary>Adds the notifications <paramref name="event"/> makes (<see cref="NotificationRules"/>) to the save.</summary>
    public void Notify(NotificationEvent @event, NotificationFacts facts) => db.AddRange(NotificationRules.For(@event, facts, now));
}
