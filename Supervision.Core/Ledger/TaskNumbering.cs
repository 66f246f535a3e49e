using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
        // One statement: SQLite serialises writers, and the immediate transaction already holds the write lock.
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "INSERT INTO NumberSequences (Key, Last) VALUES ($key, $count) ON CONFLICT(Key) DO UPDATE SET Last = Last + $count RETURNING Last";
        var keyParameter = command.CreateParameter();
        keyParameter.ParameterName = "$key";
        keyParameter.Value = key;
        command.Parameters.Add(keyParameter);
        var countParameter = command.CreateParameter();
        countParameter.ParameterName = "$count";
        countParameter.Value = count;
        command.Parameters.Add(countParameter);
        var last = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return last - count + 1;
    }

    /// <summary>Numbers are only reserved inside the transaction that uses them.</summary>
    public static void RequireTransaction(SupervisionDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Numbers must be reserved inside the transaction that saves them.");
    }
}
