using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>
/// Gives out 统一编号 (<c>2026-ZD-017</c>) and 通知单号 (<c>督通〔2026〕15号</c>) from the <see cref="NumberSequence"/>
/// table. The counter is bumped with one UPSERT … RETURNING inside the caller's write transaction, so two
/// registrations never get the same number and a number, once given, is never given again (a rolled-back
/// registration gives its number back only together with everything else it wrote).
/// </summary>
public static class TaskNumbering
{
    /// <summary>The unified number of a task (<see cref="TaskNumbers.Format"/>).</summary>
    public static string Format(int year, TaskSource source, int sequence) => TaskNumbers.Format(year, source, sequence);

    /// <summary>Reserves <paramref name="count"/> consecutive task numbers; returns the first sequence.</summary>
    /// <remarks>Must run inside a transaction that then saves the tasks (see <see cref="RequireTransaction"/>).</remarks>
    public static Task<int> ReserveTaskSequencesAsync(SupervisionDbContext db, int year, TaskSource source, int count, CancellationToken ct) =>
        ReserveAsync(db, TaskNumbers.SequenceKey(year, source), count, ct);

    /// <summary>Reserves the next 督查通知单 number of <paramref name="year"/>.</summary>
    public static async Task<string> NextNoticeNumberAsync(SupervisionDbContext db, int year, CancellationToken ct)
    {
        var sequence = await ReserveAsync(db, TaskNumbers.NoticeSequenceKey(year), 1, ct);
        return TaskNumbers.NoticeNumber(year, sequence);
    }

    private static async Task<int> ReserveAsync(SupervisionDbContext db, string key, int count, CancellationToken ct)
    {
        RequireTransaction(db);
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count));
        // The write transaction already holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the write lock every
        // transaction takes first), so concurrent registrations queue and read the counter one after another.
        var last = await NumberSequences.ReserveAsync(db, key, count, ct);
        return last - count + 1;
    }

    /// <summary>Numbers are only reserved inside the transaction that uses them.</summary>
    public static void RequireTransaction(SupervisionDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Numbers must be reserved inside the transaction that saves them.");
    }
}
