using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Publishing;

/// <summary>
/// Closing reporting periods (关账) and the check other features call before changing anything dated inside one:
/// once a period is closed, a change dated on or before its end is refused unless it is recorded as a correction.
/// </summary>
public sealed class PeriodCloseService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Closes an ended period; only the office may.</summary>
    public async Task<ClosedPeriod> CloseAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default)
    {
        if (!PeriodFiguresService.CanIssue(actor))
            throw new DomainException("只有督查室可以关闭报告期。");
        if (period.End >= ChinaTime.Today(clock))
            throw new DomainException($"{period.Label}尚未结束，不能关闭。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ClosedPeriods.AnyAsync(p => p.PeriodKey == period.Key, ct))
            throw new DomainException($"{period.Label}已关闭。");
        var closed = new ClosedPeriod(period.Key, period.Label, period.End, actor, clock.GetUtcNow().UtcDateTime);
        db.ClosedPeriods.Add(closed);
        await db.SaveChangesAsync(ct);
        return closed;
    }

    /// <summary>Closed periods of a year, latest end first.</summary>
    public async Task<IReadOnlyList<ClosedPeriod>> ListAsync(int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return await db.ClosedPeriods.AsNoTracking().Where(p => p.End >= from && p.End <= to).OrderByDescending(p => p.End).ToListAsync(ct);
    }

    /// <summary>The closed period that covers <paramref name="date"/> (same year, end on or after it), or null.</summary>
    public static Task<ClosedPeriod?> CoveringAsync(SupervisionDbContext db, DateOnly date, CancellationToken ct = default)
    {
        var yearEnd = new DateOnly(date.Year, 12, 31);
        return db.ClosedPeriods.Where(p => p.End >= date && p.End <= yearEnd).OrderBy(p => p.End).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Call before accepting or changing anything dated <paramref name="effectiveDate"/> (e.g. accepting a report
    /// for March). Passes when no closed period covers the date. Inside a closed period it throws unless a
    /// <paramref name="correctionReason"/> is given; then the correction is recorded on the closed period through
    /// <paramref name="db"/>, so the caller's own <c>SaveChangesAsync</c> writes it to the audit record together
    /// with the change.
    /// </summary>
    /// <param name="what">The change in words, for the record (e.g. "采纳2026-ZD-017 三月份落实情况").</param>
    public static async Task EnsureOpenAsync(SupervisionDbContext db, DateOnly effectiveDate, Actor actor, DateTime at, string what, string? correctionReason = null, CancellationToken ct = default)
    {
        var closed = await CoveringAsync(db, effectiveDate, ct);
        if (closed is null)
            return;
        if (string.IsNullOrWhiteSpace(correctionReason))
            throw new DomainException($"{closed.Label}已于{DisplayNames.Date(ChinaTime.DateOf(closed.ClosedAt))}关闭，期内（{DisplayNames.Date(effectiveDate)}）的数据不能直接修改；如确需更正，请填写更正原因，作为更正记录保存。");
        closed.RecordCorrection(correctionReason, what, actor, at);
    }
}
