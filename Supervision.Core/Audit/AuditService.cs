using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Data.AuditTrail;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;
using Supervision.Core.Domain;

namespace Supervision.Core.Audit;

/// <summary>What the start-up check of the record found and did, for the log and the console.</summary>
/// <param name="Problems">What is wrong, in Chinese (already written to the log as critical).</param>
/// <param name="Checkpoint">The start checkpoint written, if the record allowed one.</param>
public sealed record AuditStartup(IReadOnlyList<string> Problems, AuditCheckpoint? Checkpoint);

/// <summary>
/// Verification, checkpoints and the start-up check of the tamper-evident record, for the office page, the command
/// line, the background job and the host.
/// </summary>
/// <remarks>
/// With several web nodes on one PostgreSQL database the nodes share one checkpoint folder and key (see README): a
/// checkpoint is written by one node at a time, and the start and shutdown checkpoints bracket the time no node ran —
/// a node that stops while others go on writes an ordinary checkpoint, and only the last one to stop a shutdown one.
/// </remarks>
public sealed class AuditService(IDbContextFactory<SupervisionDbContext> dbFactory, AuditCheckpointStore checkpoints, TimeProvider clock, ILogger<AuditService>? logger = null) : IAsyncDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger<AuditService>.Instance;
    private readonly SemaphoreSlim _presenceGate = new(1, 1);
    private DatabaseSettings? _database;

    // PostgreSQL: this node's share of the lock every running node holds, from start-up to shutdown.
    private Npgsql.NpgsqlConnection? _presence;

    public AuditCheckpointStore Checkpoints { get; } = checkpoints;

    /// <summary>Only the office may read the integrity of the whole record.</summary>
    public static bool CanVerify(Actor actor) => actor.IsIn(Roles.Admin) || actor.IsIn(Roles.Inspector);

    /// <summary>The office page's verification: refused to anyone but the office.</summary>
    public Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken ct = default)
    {
        RequireOffice(actor);
        return VerifyAsync(ct);
    }

    /// <summary>The office page's "verify and checkpoint": refused to anyone but the office.</summary>
    public Task<(AuditVerification Verification, AuditCheckpoint? Written)> CheckpointAsync(Actor actor, CancellationToken ct = default)
    {
        RequireOffice(actor);
        return CheckpointAsync(CheckpointKind.Manual, ct);
    }

    /// <summary>The checkpoints on record, for the office page.</summary>
    public IReadOnlyList<AuditCheckpoint> CheckpointsFor(Actor actor)
    {
        RequireOffice(actor);
        return Checkpoints.ReadAll();
    }

    /// <summary>
    /// The whole check: recomputes every link, compares the chain with every checkpoint of the signed manifest, checks
    /// that the database still refuses changes to the record, and recomputes the current rows of every audited entity
    /// against the latest state the record holds for it. Without an actor: for the command line (run by whoever
    /// operates the server) and the host.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var inspection = Checkpoints.Inspect();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var scan = AuditVerifier.Scan(connection, inspection.Checkpoints.Select(c => c.Count).ToHashSet(), collectStates: true, ct);
        var (broken, compared, problems) = AuditVerifier.CompareCheckpoints(scan, inspection);
        if (scan.SigningStarted is { } started && !inspection.HasManifest)
            problems.Add($"检查点清单缺失（{Checkpoints.ManifestPath}）：审计记录第{started}条表明已启用签名检查点，清单却不见了，无法确认检查点是否被删除。");
        var schema = SchemaProblems(db, connection);

        var dataChecked = scan.Broken is null;
        var findings = new List<DataFinding>();
        var records = 0;
        if (dataChecked)
        {
            var current = new Dictionary<(string, int), string>();
            foreach (var aggregate in AuditedState.Aggregates)
            {
                foreach (var (id, state) in await AuditedState.LoadAsync(db, aggregate, null, sync: false, ct))
                    current[(aggregate.EntityType, id)] = state;
            }

            records = current.Count;
            findings = AuditDataCheck.Compare(scan, current, await NamesAsync(db, ct));
        }

        return new AuditVerification(scan.Count, scan.Head, scan.Broken ?? broken, compared)
        {
            CheckpointProblems = problems,
            UnreadableCheckpoints = inspection.Unreadable,
            SchemaProblems = schema,
            DataFindings = findings,
            DataChecked = dataChecked,
            RecordsChecked = records,
            Notices = scan.Notices,
            UnsealedRows = scan.Unsealed,
        };
    }

    /// <summary>
    /// Verifies everything and, when the chain is intact (it holds and agrees with every checkpoint), writes a signed
    /// checkpoint of its head. A broken chain is never checkpointed, so a rewrite cannot be made to look legitimate by
    /// waiting for the next checkpoint. (Data found changed outside the app does not stop checkpoints: the chain itself
    /// is sound, and it keeps showing the change.)
    /// </summary>
    public async Task<(AuditVerification Verification, AuditCheckpoint? Written)> CheckpointAsync(CheckpointKind kind, CancellationToken ct = default)
    {
        await using var writing = await WritingCheckpointsAsync(ct);
        return await CheckpointUnlockedAsync(kind, ct);
    }

    private async Task<(AuditVerification Verification, AuditCheckpoint? Written)> CheckpointUnlockedAsync(CheckpointKind kind, CancellationToken ct)
    {
        var verification = await VerifyAsync(ct);
        if (!verification.ChainIntact)
            return (verification, null);
        var (count, head) = await EnsureSigningStartedAsync(verification.Count, verification.HeadHash, verification.Notices, ct);
        return (verification, Checkpoints.Write(count, head, clock.GetUtcNow().UtcDateTime, kind));
    }

    /// <inheritdoc cref="CheckpointAsync(CheckpointKind, CancellationToken)"/>
    public Task<(AuditVerification Verification, AuditCheckpoint? Written)> CheckpointAsync(CancellationToken ct = default) =>
        CheckpointAsync(CheckpointKind.Manual, ct);

    /// <summary>
    /// The frequent checkpoint (every N events, hourly, at start and at shutdown): verifies only what was added since
    /// the latest signed checkpoint — which must itself still be in the chain, unchanged — and writes a new one. The
    /// full check (page, command line) compares everything, including every earlier checkpoint and the data.
    /// </summary>
    /// <returns>The checkpoint written, or null with the reason when the record did not allow one.</returns>
    public async Task<(AuditCheckpoint? Written, string? Refused)> CheckpointTailAsync(CheckpointKind kind, CancellationToken ct = default)
    {
        await using var writing = await WritingCheckpointsAsync(ct);
        return await CheckpointTailUnlockedAsync(kind, ct);
    }

    private async Task<(AuditCheckpoint? Written, string? Refused)> CheckpointTailUnlockedAsync(CheckpointKind kind, CancellationToken ct)
    {
        var inspection = Checkpoints.Inspect(folder: false);
        if (inspection.Problems.Count > 0 || inspection.Unreadable.Count > 0)
            return (null, string.Join(" ", inspection.Problems.Concat(inspection.Unreadable.Select(u => $"检查点文件{u}无法读取。"))));
        var latest = inspection.Checkpoints.LastOrDefault(c => c.Epoch == inspection.CurrentEpoch && c.Signature is not null);
        if (!inspection.HasManifest || latest is null)
        {
            var (full, written) = await CheckpointUnlockedAsync(kind, ct);
            return (written, full.ChainIntact ? null : full.Describe());
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var scan = AuditVerifier.Scan(db.Database.GetDbConnection(), new HashSet<long>(), collectStates: false, ct, latest.Count, latest.HeadHash);
        if (scan.Broken is { } broken)
            return (null, $"审计记录已被篡改：第{broken.Sequence}条{broken.Reason}");
        if (scan.Unsealed > 0)
            return (null, $"审计记录中有{scan.Unsealed}条尚未封存的记录（不是本系统写入的）。");
        if (latest.Kind == CheckpointKind.Shutdown && (scan.Count != latest.Count || scan.Head != latest.HeadHash))
            return (null, $"应用正常停止时审计记录共{latest.Count}条，再次启动前数据库中的记录被改动（现为{scan.Count}条）。");
        return (Checkpoints.Write(scan.Count, scan.Head, clock.GetUtcNow().UtcDateTime, kind), null);
    }

    /// <summary>
    /// Run once at start-up, before the app writes anything: puts the append-only triggers back if they are missing
    /// (and records that), reports rows without a hash loudly (they are never sealed), takes the data states of an
    /// older database as the starting point once, and writes the start checkpoint — which the record allows only if it
    /// is exactly as the last normal shutdown left it.
    /// </summary>
    public async Task<AuditStartup> StartAsync(CancellationToken ct = default)
    {
        var problems = new List<string>();
        await JoinAsync(ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Database.OpenConnectionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var names = TriggerProblems(db, connection);
            if (names.Count > 0)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Read again under the write lock: a node starting at the same time may have put them back already.
                names = TriggerProblems(db, connection, transaction.GetDbTransaction());
                if (db.Database.IsNpgsql())
                    PostgresAuditSchema.Restore(connection, transaction.GetDbTransaction(), names);
                else
                    SqliteAuditSchema.Restore(connection, transaction.GetDbTransaction(), names);
                await transaction.CommitAsync(ct);
            }

            if (names.Count > 0)
            {
                var message = $"启动时发现审计记录的只追加保护（数据库触发器{string.Join("、", names)}）缺失或被改动，已重新建立。在此之前记录可能在应用之外被改动，请以核验结果为准。";
                await AppendAsync(AuditRecordActions.TriggersRestored, message, ct);
                problems.Add(message);
            }

            var unsealed = await db.AuditEvents.CountAsync(e => e.Hash == null, ct);
            if (unsealed > 0)
                problems.Add($"审计记录中有{unsealed}条没有哈希值的记录。本系统写入的每一条记录都带哈希，这些不是本系统写入的；系统不会为它们补算哈希，核验将一直报告它们。");
        }

        var baseline = await BaselineAsync(ct);
        if (baseline is not null)
            _logger.LogWarning("{Message}", baseline);

        AuditCheckpoint? written = null;
        try
        {
            var (checkpoint, refused) = await CheckpointTailAsync(CheckpointKind.Start, ct);
            written = checkpoint;
            if (refused is not null)
                problems.Add("未写入启动检查点：" + refused);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            problems.Add($"无法写入审计检查点：{ex.Message}（检查点目录 {Checkpoints.Folder}，签名密钥 {Checkpoints.KeyFile}）");
        }

        foreach (var problem in problems)
            _logger.LogCritical("Audit record: {Problem}", problem);
        return new AuditStartup(problems, written);
    }

    /// <summary>
    /// The shutdown checkpoint: from now until the next start, nothing may be added to the record. While other nodes
    /// still run (PostgreSQL), the record goes on, so this node writes an ordinary checkpoint instead.
    /// </summary>
    public async Task<(AuditCheckpoint? Written, string? Refused)> ShutdownAsync(CancellationToken ct = default)
    {
        await using var writing = await WritingCheckpointsAsync(ct);
        try
        {
            var kind = await OthersRunningAsync(ct) ? CheckpointKind.Periodic : CheckpointKind.Shutdown;
            return await CheckpointTailUnlockedAsync(kind, ct);
        }
        finally
        {
            // Still under the checkpoint lock: a node stopping next finds this one gone.
            await LeaveAsync();
        }
    }

    /// <summary>Lets go of this node's presence (PostgreSQL).</summary>
    public async ValueTask DisposeAsync() => await LeaveAsync();

    // Joins the nodes running on this database (PostgreSQL): held until shutdown, so a stopping node can tell whether
    // it is the last. Nothing on SQLite, where one app is the only writer.
    private async Task JoinAsync(CancellationToken ct)
    {
        var database = await DatabaseAsync(ct);
        if (!database.IsPostgres)
            return;
        await _presenceGate.WaitAsync(ct);
        try
        {
            _presence ??= await PostgresLocks.HoldAsync(database.ConnectionString, PostgresLocks.Running, shared: true, ct);
        }
        finally
        {
            _presenceGate.Release();
        }
    }

    private async Task LeaveAsync()
    {
        await _presenceGate.WaitAsync();
        try
        {
            if (_presence is not null)
                await _presence.DisposeAsync();
            _presence = null;
        }
        finally
        {
            _presenceGate.Release();
        }
    }

    private async Task<bool> OthersRunningAsync(CancellationToken ct)
    {
        var database = await DatabaseAsync(ct);
        if (!database.IsPostgres)
            return false;
        await using var connection = await Postgres.OpenAsync(database.ConnectionString, ct);
        return await PostgresLocks.OtherHoldersAsync(connection, PostgresLocks.Running, ct) - (_presence is null ? 0 : 1) > 0;
    }

    // One node at a time writes checkpoints into the shared folder and manifest (PostgreSQL); SQLite has one app.
    private async Task<IAsyncDisposable> WritingCheckpointsAsync(CancellationToken ct)
    {
        var database = await DatabaseAsync(ct);
        return database.IsPostgres
            ? await PostgresLocks.HoldAsync(database.ConnectionString, PostgresLocks.Checkpoints, shared: false, ct)
            : NoLock.Instance;
    }

    private async Task<DatabaseSettings> DatabaseAsync(CancellationToken ct)
    {
        if (_database is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            _database = DatabaseSettings.Of(db);
        }

        return _database;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// Records a restore in the restored database and begins a new checkpoint period at it: the event names the backup
    /// and the chain head it brought back, and the head of the database it replaced.
    /// </summary>
    /// <returns>The restore event's sequence.</returns>
    public async Task<long> RecordRestoreAsync(string backupName, (long Count, string? Head) replaced, string? asideFile, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var count = head?.Sequence ?? 0;
        var summary = $"从备份文件{backupName}恢复数据库：备份中的审计记录共{count}条，链头哈希{Short(head?.Hash)}；被替换的数据库当时共{replaced.Count}条，链头哈希{Short(replaced.Head)}"
            + (asideFile is null ? "。" : $"，已另存为{Path.GetFileName(asideFile)}。") + "此后的检查点自本条起重新计算，恢复前超出备份的检查点不再比对。";
        var reason = $"从备份{backupName}恢复（备份共{count}条）";
        Checkpoints.BeginEpoch(count, head?.Hash, reason, clock.GetUtcNow().UtcDateTime);
        var (sequence, hash) = await AppendAsync(AuditRecordActions.Restored, summary, ct);
        Checkpoints.Write(sequence, hash, clock.GetUtcNow().UtcDateTime, CheckpointKind.Restore);
        return sequence;
    }

    /// <summary>
    /// After a restore, before it is recorded: the restored chain must hold, and agree with every checkpoint up to its
    /// own end (a backup of this very record does). Returns what is wrong, or null.
    /// </summary>
    public async Task<string?> CheckRestoredAsync(CancellationToken ct = default)
    {
        var inspection = Checkpoints.Inspect();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var scan = AuditVerifier.Scan(db.Database.GetDbConnection(), inspection.Checkpoints.Select(c => c.Count).ToHashSet(), collectStates: false, ct);
        if (scan.Broken is { } b)
            return $"第{b.Sequence}条{b.Reason}";
        if (scan.Unsealed > 0)
            return $"有{scan.Unsealed}条记录尚未封存。";
        var prefix = inspection with { Checkpoints = inspection.Checkpoints.Where(c => c.Count <= scan.Count).ToList(), Problems = [] };
        var (broken, _, _) = AuditVerifier.CompareCheckpoints(scan, prefix);
        return broken is null ? null : $"第{broken.Sequence}条{broken.Reason}";
    }

    private static string Short(string? hash) => hash is null ? "（无）" : hash[..16] + "…";

    /// <summary>Writes one event about the record itself (restore, triggers, signing), linked into the chain like any other.</summary>
    internal async Task<(long Sequence, string Hash)> AppendAsync(string action, string summary, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var evt = new AuditEvent(new PendingEvent(action, summary, Actor.System, clock.GetUtcNow().UtcDateTime), "AuditRecord", 0, null);
        db.AuditEvents.Add(evt);
        AuditChain.Link(db, [evt]);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (evt.Sequence, evt.Hash!);
    }

    // The first signed checkpoint is itself recorded in the chain, so that a manifest removed later is noticed.
    private async Task<(long Count, string? Head)> EnsureSigningStartedAsync(long count, string? head, IReadOnlyList<AuditNotice> notices, CancellationToken ct)
    {
        if (count == 0 || Checkpoints.Inspect().HasManifest || notices.Any(n => n.Action == AuditRecordActions.SigningStarted))
            return (count, head);
        var (sequence, hash) = await AppendAsync(AuditRecordActions.SigningStarted, $"启用签名的外部检查点：检查点目录{Checkpoints.Folder}，签名密钥{Checkpoints.KeyFile}。此后检查点清单缺失即视为被删除。", ct);
        return (sequence, hash);
    }

    /// <summary>
    /// A database written before events carried data states has nothing to compare its rows with. Once — when no event
    /// carries a state yet and the chain verifies — the app records the current state of every audited row as the
    /// starting point (one event each, named as such). Returns what it did, or null.
    /// </summary>
    private async Task<string?> BaselineAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.AuditEvents.AnyAsync(e => e.State != null, ct))
            return null;
        var states = new List<(AuditedAggregate Aggregate, int Id, string State)>();
        foreach (var aggregate in AuditedState.Aggregates)
        {
            foreach (var (id, state) in await AuditedState.LoadAsync(db, aggregate, null, sync: false, ct))
                states.Add((aggregate, id, state));
        }

        if (states.Count == 0)
            return null;
        await db.Database.OpenConnectionAsync(ct);
        var scan = AuditVerifier.Scan(db.Database.GetDbConnection(), new HashSet<long>(), collectStates: false, ct);
        if (scan.Broken is not null || scan.Unsealed > 0)
            return "审计记录本身已断开，未建立数据核验基线。";

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var events = states.Select(s =>
        {
            var e = new AuditEvent(new PendingEvent(AuditRecordActions.Baseline, $"升级后首次启动：以{s.Aggregate.Label}（编号{s.Id}）的现有数据作为核验基线（此前的记录不含数据状态）", Actor.System, now), s.Aggregate.EntityType, s.Id, null);
            e.SetState(s.State, null);
            return e;
        }).ToList();
        db.AuditEvents.AddRange(events);
        AuditChain.Link(db, events);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return $"已为{states.Count}项现有数据建立核验基线（审计记录第{events[0].Sequence}至{events[^1].Sequence}条）。";
    }

    private static IReadOnlyList<string> TriggerProblems(DbContext db, DbConnection connection, DbTransaction? transaction = null) =>
        db.Database.IsNpgsql() ? PostgresAuditSchema.Problems(connection, transaction) : SqliteAuditSchema.Problems(connection, transaction);

    private static List<string> SchemaProblems(DbContext db, DbConnection connection)
    {
        var missing = TriggerProblems(db, connection);
        return missing.Count == 0
            ? []
            : [$"数据库已不再拒绝修改和删除审计记录：只追加触发器{string.Join("、", missing)}缺失或被改动（下次启动时系统会重建并记录）。"];
    }

    private static async Task<AuditNames> NamesAsync(SupervisionDbContext db, CancellationToken ct) => new(
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct),
        await db.Leaders.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct),
        await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct),
        await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Number, ct));

    private static void RequireOffice(Actor actor)
    {
        if (!CanVerify(actor))
            throw new DomainException("只有督查室可以核验审计记录。");
    }
}
