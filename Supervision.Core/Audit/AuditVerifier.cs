using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Supervision.Core.Data;
using Supervision.Core.Data.Postgres;

namespace Supervision.Core.Audit;

/// <summary>Where the record stops being trustworthy: the first event whose link does not hold, and why.</summary>
/// <param name="Sequence">Chain position of the first broken link.</param>
/// <param name="EventId">Row id of that event (null when the event is missing altogether).</param>
/// <param name="OccurredAt">When the event says it happened (UTC), if there is a row.</param>
/// <param name="Action">The event's action code, if there is a row.</param>
/// <param name="Reason">What is wrong, in Chinese.</param>
public sealed record BrokenLink(long Sequence, long? EventId, DateTime? OccurredAt, string? Action, string Reason);

/// <summary>The outcome of checking the whole record.</summary>
/// <param name="Count">Events in the database.</param>
/// <param name="HeadHash">Hash of the last event (null for an empty record).</param>
/// <param name="FirstBroken">Null when every link holds and every checkpoint agrees.</param>
/// <param name="CheckpointsChecked">How many external checkpoints were compared.</param>
public sealed record AuditVerification(long Count, string? HeadHash, BrokenLink? FirstBroken, int CheckpointsChecked)
{
    public bool Intact => FirstBroken is null;

    /// <summary>Files in the checkpoint folder that are no longer readable checkpoints (they vouch for nothing).</summary>
    public IReadOnlyList<string> UnreadableCheckpoints { get; init; } = [];

    /// <summary>One line for people and for the command line.</summary>
    public string Describe() => (FirstBroken is { } b
        ? $"审计记录已被篡改：第{b.Sequence}条{(b.EventId is { } id ? $"（记录号{id}）" : "")}{b.Reason}"
        : $"审计记录完整：共{Count}条，逐条哈希链接无误，与{CheckpointsChecked}个外部检查点一致。")
        + (UnreadableCheckpoints.Count == 0 ? "" : $"另有{UnreadableCheckpoints.Count}个检查点文件无法读取，未参与比对（{string.Join("、", UnreadableCheckpoints)}），请核查检查点目录是否被改动。");
}

/// <summary>
/// Recomputes the whole hash chain and compares it with the external checkpoints. Reads with plain ADO.NET in
/// one forward pass, because the office runs it over the whole record.
/// </summary>
public static class AuditVerifier
{
    internal const string SelectColumns =
        "SELECT \"Id\", \"Sequence\", \"OccurredAt\", \"Action\", \"Summary\", \"ActorId\", \"ActorName\", \"EntityType\", \"EntityId\", \"TaskId\", \"PreviousHash\", \"Hash\" FROM \"AuditEvents\"";

    /// <summary>Verifies the record of the SQLite database at <paramref name="connectionString"/> (opened read-only).</summary>
    public static Task<AuditVerification> VerifyAsync(string connectionString, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default) =>
        VerifyAsync(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), checkpoints, ct);

    /// <summary>Verifies the record of <paramref name="database"/>, on its own connection.</summary>
    public static async Task<AuditVerification> VerifyAsync(DatabaseSettings database, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default)
    {
        if (database.IsPostgres)
        {
            // The chain is read by one statement, so it is one snapshot while writers go on.
            await using var postgres = await Postgres.OpenAsync(database.ConnectionString, ct);
            return Verify(postgres, checkpoints, ct);
        }

        var builder = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        return Verify(connection, checkpoints, ct);
    }

    /// <summary>Verifies over an open connection.</summary>
    public static AuditVerification Verify(DbConnection connection, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default)
    {
        var wanted = checkpoints.Select(c => c.Count).ToHashSet();
        var seen = new Dictionary<long, string>();
        using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + " ORDER BY \"Sequence\"";
        using var reader = command.ExecuteReader();
        long expected = 0;
        var previous = AuditChain.Genesis;
        BrokenLink? broken = null;
        while (reader.Read())
        {
            if ((expected & 0xFFFF) == 0)
                ct.ThrowIfCancellationRequested();
            expected++;
            if (broken is not null)
                continue;
            if (!TryReadRow(reader, out var row))
            {
                // A value the record could never have written (text in a time column, a NULL): someone wrote to the
                // table by hand. It is a broken link like any other, not a reason for the verification to fail.
                broken = new BrokenLink(expected, TryId(reader), null, null, "无法读取（记录内容被改为无效的值）。");
                continue;
            }

            if (row.Sequence != expected)
            {
                broken = row.Sequence > expected
                    ? new BrokenLink(expected, null, null, null, row.Sequence == expected + 1 ? "缺失（该条记录已被删除）。" : $"至第{row.Sequence - 1}条缺失（这些记录已被删除）。")
                    : new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "序号重复（记录被插入或复制）。");
                continue;
            }

            if (row.Hash is null)
            {
                broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "尚未封存（没有哈希值）。");
                continue;
            }

            if (!string.Equals(row.PreviousHash, previous, StringComparison.Ordinal))
            {
                broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "与前一条记录的链接断开（前一条记录被改动、删除或替换）。");
                continue;
            }

            var hash = AuditChain.Compute(row.Sequence, row.OccurredAtTicks, row.Action, row.Summary, row.ActorId, row.ActorName, row.EntityType, row.EntityId, row.TaskId, previous);
            if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
            {
                broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "的内容与其哈希不符（记录内容被改动）。");
                continue;
            }

            previous = hash;
            if (wanted.Contains(row.Sequence))
                seen[row.Sequence] = hash;
        }

        var count = expected;
        var head = count == 0 ? null : previous;
        if (broken is not null)
            return new AuditVerification(count, head, broken, 0);

        foreach (var checkpoint in checkpoints.OrderBy(c => c.Count))
        {
            var when = DisplayTime(checkpoint.WrittenAt);
            if (checkpoint.Count > count)
            {
                return new AuditVerification(count, head, new BrokenLink(
                    count + 1, null, null, null,
                    $"起缺失：{when}的外部检查点记有{checkpoint.Count}条，数据库现只有{count}条（记录末尾被截掉）。"), checkpoints.Count);
            }

            if (checkpoint.Count > 0 && (!seen.TryGetValue(checkpoint.Count, out var at) || !string.Equals(at, checkpoint.HeadHash, StringComparison.Ordinal)))
            {
                return new AuditVerification(count, head, new BrokenLink(
                    checkpoint.Count, null, null, null,
                    $"的哈希与{when}的外部检查点不符（记录被整体改写）。"), checkpoints.Count);
            }
        }

        return new AuditVerification(count, head, null, checkpoints.Count);
    }

    internal readonly record struct Row(long Id, long Sequence, long OccurredAtTicks, string Action, string Summary, string ActorId, string ActorName, string EntityType, int EntityId, int? TaskId, string? PreviousHash, string? Hash)
    {
        public DateTime OccurredAt => new(OccurredAtTicks, DateTimeKind.Utc);
    }

    private static bool TryReadRow(DbDataReader reader, out Row row)
    {
        try
        {
            row = ReadRow(reader);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            row = default;
            return false;
        }
    }

    private static long? TryId(DbDataReader reader)
    {
        try
        {
            return reader.IsDBNull(0) ? null : reader.GetInt64(0);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    internal static Row ReadRow(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        // PostgreSQL returns a timestamp; SQLite the text EF Core wrote.
        reader.GetFieldType(2) == typeof(DateTime) ? reader.GetDateTime(2).Ticks : ParseTicks(reader.GetString(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetInt32(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    // EF Core's SQLite provider stores DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF", which keeps every tick. That form
    // is read digit by digit (the verifier reads every row, and ParseExact was a large share of its time); anything
    // else falls back to the general parser.
    internal static long ParseTicks(string text)
    {
        var s = text.AsSpan();
        if (s.Length >= 19 && s.Length != 20 && s.Length <= 27 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':'
            && (s.Length == 19 || s[19] == '.')
            && Digits(s[..4], out var year) && Digits(s.Slice(5, 2), out var month) && Digits(s.Slice(8, 2), out var day)
            && Digits(s.Slice(11, 2), out var hour) && Digits(s.Slice(14, 2), out var minute) && Digits(s.Slice(17, 2), out var second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            var fraction = 0;
            if (s.Length > 20)
            {
                var digits = s[20..];
                if (!Digits(digits, out fraction))
                    return Fallback(text);
                for (var i = digits.Length; i < 7; i++)
                    fraction *= 10;
            }

            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction;
        }

        return Fallback(text);

        static long Fallback(string text) =>
            DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "O"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
    }

    private static bool Digits(ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
                return false;
            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string DisplayTime(DateTime utc)
    {
        var local = Domain.ChinaTime.LocalOf(utc);
        return $"{local.Year}年{local.Month}月{local.Day}日{local:HH:mm}";
    }
}
