using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Audit;

/// <summary>Verification and checkpoints of the tamper-evident record, for the office page, the command line and the periodic job.</summary>
public sealed class AuditService(IDbContextFactory<SupervisionDbContext> dbFactory, AuditCheckpointStore checkpoints, TimeProvider clock)
{
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
        return CheckpointAsync(ct);
    }

    /// <summary>The checkpoints on record, for the office page.</summary>
    public IReadOnlyList<AuditCheckpoint> CheckpointsFor(Actor actor)
    {
        RequireOffice(actor);
        return Checkpoints.ReadAll();
    }

    /// <summary>
    /// Recomputes the chain and compares it with every external checkpoint. Without an actor: for the command line
    /// (run by whoever operates the server) and the periodic job.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (checkpoints, unreadable) = Checkpoints.Scan();
        return await AuditVerifier.VerifyAsync(DatabaseSettings.Of(db), checkpoints, ct) with { UnreadableCheckpoints = unreadable };
    }

    /// <summary>
    /// Verifies and, when the record is intact, writes a checkpoint of its head outside the database. A broken record
    /// is never checkpointed, so a rewrite cannot be made to look legitimate by waiting for the next checkpoint.
    /// </summary>
    public async Task<(AuditVerification Verification, AuditCheckpoint? Written)> CheckpointAsync(CancellationToken ct = default)
    {
        var verification = await VerifyAsync(ct);
        if (!verification.Intact)
            return (verification, null);
        return (verification, Checkpoints.Write(verification.Count, verification.HeadHash, clock.GetUtcNow().UtcDateTime));
    }

    private static void RequireOffice(Actor actor)
    {
        if (!CanVerify(actor))
            throw new DomainException("只有督查室可以核验审计记录。");
    }

    /// <summary>Hashes rows written before the chain existed (databases migrated from an earlier version).</summary>
    public async Task<int> SealLegacyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.AuditEvents.AnyAsync(e => e.Hash == null, ct))
            return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = AuditChain.SealLegacy(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        await transaction.CommitAsync(ct);
        return count;
    }
}
