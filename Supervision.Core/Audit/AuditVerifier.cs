using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Supervision.Core.Data.AuditTrail;
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

/// <summary>An event of the record about the record itself (a restore, triggers put back, a baseline), shown with every verification.</summary>
public sealed record AuditNotice(long Sequence, DateTime OccurredAt, string Action, string Summary);

/// <summary>The outcome of checking the whole record.</summary>
/// <param name="Count">Events in the database.</param>
/// <param name="HeadHash">Hash of the last event (null for an empty record).</param>
/// <param name="FirstBroken">The first break of the chain itself or of its agreement with the checkpoints; null when there is none.</param>
/// <param name="CheckpointsChecked">How many external checkpoints were compared.</param>
public sealed record AuditVerification(long Count, string? HeadHash, BrokenLink? FirstBroken, int CheckpointsChecked)
{
    /// <summary>Files in the checkpoint folder that are no longer readable checkpoints (they vouch for nothing).</summary>
    public IReadOnlyList<string> UnreadableCheckpoints { get; init; } = [];

    /// <summary>Checkpoints missing, forged or not listed; key or manifest gone; the record changed while the app was stopped.</summary>
    public IReadOnlyList<string> CheckpointProblems { get; init; } = [];

    /// <summary>Rows of tasks, reports, spot checks and decisions that differ from what the record says the app wrote.</summary>
    public IReadOnlyList<DataFinding> DataFindings { get; init; } = [];

    /// <summary>True when the rows were compared with the record (not done over a broken chain).</summary>
    public bool DataChecked { get; init; }

    /// <summary>How many records (tasks, reports …) were compared.</summary>
    public int RecordsChecked { get; init; }

    /// <summary>The database no longer refuses changes to the record (its append-only triggers are missing or altered).</summary>
    public IReadOnlyList<string> SchemaProblems { get; init; } = [];

    /// <summary>Events about the record itself, oldest first.</summary>
    public IReadOnlyList<AuditNotice> Notices { get; init; } = [];

    /// <summary>Rows of the record without a hash (the app never writes one; it never seals one afterwards either).</summary>
    public int UnsealedRows { get; init; }

    /// <summary>The chain holds and agrees with every checkpoint (what a new checkpoint requires).</summary>
    public bool ChainIntact => FirstBroken is null && UnsealedRows == 0 && CheckpointProblems.Count == 0 && UnreadableCheckpoints.Count == 0;

    /// <summary>Nothing is wrong anywhere.</summary>
    public bool Intact => ChainIntact && DataFindings.Count == 0 && SchemaProblems.Count == 0;

    /// <summary>Every problem as one Chinese sentence each (the first one is the headline).</summary>
    public IReadOnlyList<string> Problems()
    {
        var lines = new List<string>();
        if (FirstBroken is { } b)
            lines.Add($"审计记录已被篡改：第{b.Sequence}条{(b.EventId is { } id ? $"（记录号{id}）" : "")}{b.Reason}");
        if (UnsealedRows > 0 && (FirstBroken?.Reason.StartsWith("尚未封存", StringComparison.Ordinal) != true || UnsealedRows > 1))
            lines.Add($"审计记录中共有{UnsealedRows}条没有哈希值（尚未封存）的记录：本系统写入的每一条都带哈希，这些是在应用之外插入或被清除了哈希的，系统不会为它们补算。");
        lines.AddRange(CheckpointProblems.Select(p => "外部检查点：" + p));
        if (UnreadableCheckpoints.Count > 0)
            lines.Add($"外部检查点：另有{UnreadableCheckpoints.Count}个检查点文件无法读取，未参与比对（{string.Join("、", UnreadableCheckpoints)}），检查点目录被改动过。");
        lines.AddRange(SchemaProblems);
        lines.AddRange(DataFindings.Select(f => f.Describe()));
        return lines;
    }

    /// <summary>One text for people and for the command line: the verdict, then each problem on its own line.</summary>
    public string Describe()
    {
        var problems = Problems();
        var builder = new StringBuilder();
        if (problems.Count == 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"审计记录完整：共{Count}条，逐条哈希链接无误，与{CheckpointsChecked}个外部检查点一致");
            builder.Append(DataChecked ? $"；{RecordsChecked}项任务、报告、抽查和决定的现有数据与记录一致。" : "。");
        }
        else
        {
            builder.AppendJoin('\n', problems);
        }

        foreach (var notice in Notices)
            builder.Append('\n').Append(CultureInfo.InvariantCulture, $"说明：第{notice.Sequence}条（{AuditText.Time(notice.OccurredAt)}）{notice.Summary}");
        return builder.ToString();
    }
}

/// <summary>
/// Recomputes the hash chain in one forward pass (plain ADO.NET, because the office runs it over the whole record),
/// collecting the latest recorded state of every audited entity on the way, and compares the result with the external
/// checkpoints and the current rows.
/// </summary>
public static class AuditVerifier
{
    internal const string SelectColumns =
        "SELECT \"Id\", \"Sequence\", \"OccurredAt\", \"Action\", \"Summary\", \"ActorId\", \"ActorName\", \"EntityType\", \"EntityId\", \"TaskId\", \"PreviousHash\", \"Hash\", \"Format\", \"State\", \"StateBefore\" FROM \"AuditEvents\"";

    /// <summary>Verifies the chain of the SQLite database at <paramref name="connectionString"/> (opened read-only) against checkpoints.</summary>
    public static Task<AuditVerification> VerifyAsync(string connectionString, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default) =>
        VerifyAsync(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), checkpoints, ct);

    /// <summary>Verifies the chain of <paramref name="database"/>, on its own connection, against checkpoints.</summary>
    public static async Task<AuditVerification> VerifyAsync(DatabaseSettings database, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default)
    {
        if (database.IsPostgres)
        {
            // The chain is read by one statement, so it is one snapshot while writers go on.
            await using var postgres = await Postgres.OpenAsync(database.ConnectionString, ct);
            return Verify(postgres, checkpoints, ct);
        }

        await using var connection = await OpenReadOnlyAsync(database.ConnectionString, ct);
        return Verify(connection, checkpoints, ct);
    }

    /// <summary>Verifies the chain over an open connection against checkpoints (no manifest, no data).</summary>
    public static AuditVerification Verify(DbConnection connection, IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken ct = default)
    {
        var scan = Scan(connection, checkpoints.Select(c => c.Count).ToHashSet(), collectStates: false, ct);
        var inspection = new CheckpointInspection { Checkpoints = checkpoints };
        var (broken, compared, problems) = CompareCheckpoints(scan, inspection);
        return new AuditVerification(scan.Count, scan.Head, broken, compared) { CheckpointProblems = problems, Notices = scan.Notices };
    }

    internal static async Task<SqliteConnection> OpenReadOnlyAsync(string connectionString, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>What one pass over the chain found.</summary>
    internal sealed class ChainScan
    {
        public long Count { get; set; }
        public string? Head { get; set; }
        public BrokenLink? Broken { get; set; }
        public int Unsealed { get; set; }
        public Dictionary<long, string> HashesAt { get; } = [];
        /// <summary>The latest recorded state of each entity (filled once the pass is done).</summary>
        public Dictionary<(string Type, int Id), (string State, long Sequence)> Latest { get; } = [];

        public List<BeforeState> Befores { get; } = [];
        public List<AuditNotice> Notices { get; } = [];

        /// <summary>The sequence of the event that began signed checkpoints, if the chain has one.</summary>
        public long? SigningStarted { get; set; }
    }

    /// <summary>A state the app found in the database just before a change, differing from the state recorded before.</summary>
    internal sealed record BeforeState(long Sequence, DateTime OccurredAt, string Action, string Type, int Id, string Found, long? RecordedSequence)
    {
        /// <summary>The state the record held before (filled once the pass is done).</summary>
        public string? Recorded { get; set; }
    }

    /// <summary>
    /// The pass: links, hashes, sequence, and (when asked) the latest state per entity up to the first break. From a
    /// checkpoint (<paramref name="fromCount"/> &gt; 0) only the events after it are read: the event at the checkpoint
    /// must still carry the checkpoint's hash, and the rest must continue from it.
    /// </summary>
    internal static ChainScan Scan(DbConnection connection, IReadOnlySet<long> wanted, bool collectStates, CancellationToken ct, long fromCount = 0, string? fromHash = null)
    {
        PrepareForScan(connection);

        // Rows are written in chain order, so reading them in storage order (a straight scan of the table) gives the
        // chain; only when that is not so (a row moved, removed or added by hand) is the chain read by its sequence.
        return ScanInOrder(connection, wanted, collectStates, ct, fromCount, fromHash, byStorage: true)
            ?? ScanInOrder(connection, wanted, collectStates, ct, fromCount, fromHash, byStorage: false)!;
    }

    // SQLite reads a large record fastest through a memory map (no system call per page); other providers ignore this.
    private static void PrepareForScan(DbConnection connection)
    {
        if (connection is not SqliteConnection)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size = 4294967296;";
        command.ExecuteNonQuery();
    }

    /// <returns>The scan, or null when reading in storage order met a row out of chain order.</returns>
    private static ChainScan? ScanInOrder(DbConnection connection, IReadOnlySet<long> wanted, bool collectStates, CancellationToken ct, long fromCount, string? fromHash, bool byStorage)
    {
        var scan = new ChainScan();
        var from = fromCount.ToString(CultureInfo.InvariantCulture);
        using var command = connection.CreateCommand();
        command.CommandText = SelectColumns
            + (fromCount <= 0 ? "" : byStorage ? $" WHERE \"Id\" >= (SELECT \"Id\" FROM \"AuditEvents\" WHERE \"Sequence\" = {from})" : $" WHERE \"Sequence\" >= {from}")
            + (byStorage ? " ORDER BY \"Id\"" : " ORDER BY \"Sequence\"");
        using var reader = command.ExecuteReader();
        long expected = 0;
        var previous = AuditChain.Genesis;
        var state = new Utf8Column();
        var before = new Utf8Column();
        if (fromCount > 0)
        {
            if (!reader.Read() || !TryReadRow(reader, out var anchor) || anchor.Sequence != fromCount)
            {
                if (byStorage)
                    return null;
                scan.Broken = new BrokenLink(fromCount, null, null, null, "起缺失：外部检查点记载的这一条已不在数据库中（记录末尾被截掉或被改写）。");
                scan.Count = fromCount - 1;
                return scan;
            }

            state.Read(reader, 13);
            before.Read(reader, 14);
            var recomputed = anchor.PreviousHash is null || anchor.Hash is null ? null : Hash(anchor, state, before, anchor.PreviousHash);
            if (!string.Equals(anchor.Hash, fromHash, StringComparison.Ordinal) || !string.Equals(recomputed, fromHash, StringComparison.Ordinal))
            {
                scan.Broken = new BrokenLink(fromCount, anchor.Id, anchor.OccurredAt, anchor.Action, "的哈希与外部检查点不符（记录被改写）。");
                scan.Count = fromCount;
                return scan;
            }

            expected = fromCount;
            previous = fromHash!;
            scan.HashesAt[fromCount] = previous;
        }

        var latest = new Dictionary<(string Type, int Id), long>();
        while (reader.Read())
        {
            if ((expected & 0xFFFF) == 0)
                ct.ThrowIfCancellationRequested();
            expected++;
            if (reader.IsDBNull(11))
                scan.Unsealed++;
            if (scan.Broken is not null)
                continue;
            if (!TryReadRow(reader, out var row) || !state.TryRead(reader, 13) || !before.TryRead(reader, 14))
            {
                // A value the record could never have written (text in a time column, a NULL): someone wrote to the
                // table by hand. It is a broken link like any other, not a reason for the verification to fail.
                scan.Broken = new BrokenLink(expected, TryId(reader), null, null, "无法读取（记录内容被改为无效的值）。");
                continue;
            }

            if (row.Sequence != expected)
            {
                if (byStorage)
                    return null;
                scan.Broken = row.Sequence > expected
                    ? new BrokenLink(expected, null, null, null, row.Sequence == expected + 1 ? "缺失（该条记录已被删除）。" : $"至第{row.Sequence - 1}条缺失（这些记录已被删除）。")
                    : new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "序号重复（记录被插入或复制）。");
                continue;
            }

            if (row.Hash is null)
            {
                scan.Broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "尚未封存（没有哈希值）：这条记录不是本系统写入的，系统不会为它补算哈希。");
                continue;
            }

            if (!string.Equals(row.PreviousHash, previous, StringComparison.Ordinal))
            {
                scan.Broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "与前一条记录的链接断开（前一条记录被改动、删除或替换）。");
                continue;
            }

            if (row.Format is not (1 or AuditChain.CurrentFormat) || (row.Format == 1 && (!state.IsNull || !before.IsNull)))
            {
                scan.Broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "的格式标记被改动。");
                continue;
            }

            var hash = Hash(row, state, before, previous);
            if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
            {
                scan.Broken = new BrokenLink(row.Sequence, row.Id, row.OccurredAt, row.Action, "的内容与其哈希不符（记录内容被改动）。");
                continue;
            }

            previous = hash;
            if (wanted.Contains(row.Sequence))
                scan.HashesAt[row.Sequence] = hash;

            // A baseline is one event per record; it is one notice.
            if (row.Action.StartsWith("audit.", StringComparison.Ordinal)
                && !(row.Action == AuditRecordActions.Baseline && scan.Notices.Count > 0 && scan.Notices[^1].Action == AuditRecordActions.Baseline))
            {
                scan.Notices.Add(new AuditNotice(row.Sequence, row.OccurredAt, row.Action, row.Summary));
                if (row.Action == AuditRecordActions.SigningStarted)
                    scan.SigningStarted ??= row.Sequence;
            }

            if (collectStates && !state.IsNull)
            {
                // Only where each entity's latest state is matters here; the states themselves are read afterwards.
                var key = (row.EntityType, row.EntityId);
                if (!before.IsNull)
                    scan.Befores.Add(new BeforeState(row.Sequence, row.OccurredAt, row.Action, row.EntityType, row.EntityId, before.Text(), latest.TryGetValue(key, out var was) ? was : null));
                latest[key] = row.Sequence;
            }
        }

        scan.Count = expected;
        scan.Head = expected == 0 ? null : previous;
        reader.Close();
        if (collectStates)
            FillStates(connection, scan, latest);
        return scan;
    }

    private static string Hash(Row row, Utf8Column state, Utf8Column before, string previous) =>
        AuditChain.Compute(row.Format, row.Sequence, row.OccurredAtTicks, row.Action, row.Summary, row.ActorId, row.ActorName, row.EntityType, row.EntityId, row.TaskId, state.Bytes, state.IsNull, before.Bytes, before.IsNull, previous);

    // The latest state of every entity (and the states that preceded an outside change) by their sequences, a few
    // hundred at a time.
    private static void FillStates(DbConnection connection, ChainScan scan, Dictionary<(string Type, int Id), long> latest)
    {
        var wanted = latest.Values.Concat(scan.Befores.Select(b => b.RecordedSequence).OfType<long>()).Distinct().Order().ToList();
        var states = new Dictionary<long, string>(wanted.Count);
        foreach (var chunk in wanted.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"Sequence\", \"State\" FROM \"AuditEvents\" WHERE \"Sequence\" IN ({string.Join(",", chunk.Select(c => c.ToString(CultureInfo.InvariantCulture)))})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                states[reader.GetInt64(0)] = reader.GetString(1);
        }

        foreach (var (key, sequence) in latest)
            scan.Latest[key] = (states[sequence], sequence);
        foreach (var before in scan.Befores)
            before.Recorded = before.RecordedSequence is { } s ? states[s] : null;
    }

    /// <summary>
    /// A text column read as its UTF-8 bytes. SQLite keeps text as UTF-8 and hands the bytes over as they are; other
    /// providers give a string, which is encoded. The hash is defined over the UTF-8 form either way.
    /// </summary>
    private sealed class Utf8Column
    {
        private byte[] _buffer = [];
        private int _length;

        public bool IsNull { get; private set; }

        public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

        public string Text() => Encoding.UTF8.GetString(Bytes);

        public void Read(DbDataReader reader, int ordinal)
        {
            IsNull = reader.IsDBNull(ordinal);
            _length = 0;
            if (IsNull)
                return;
            if (reader is SqliteDataReader)
            {
                _buffer = reader.GetFieldValue<byte[]>(ordinal);
                _length = _buffer.Length;
                return;
            }

            var text = reader.GetString(ordinal);
            if (_buffer.Length < Encoding.UTF8.GetMaxByteCount(text.Length))
                _buffer = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
            _length = Encoding.UTF8.GetBytes(text, _buffer);
        }

        public bool TryRead(DbDataReader reader, int ordinal)
        {
            try
            {
                Read(reader, ordinal);
                return true;
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Compares the chain with the checkpoints of every period: a checkpoint beyond the chain's end means the tail was cut
    /// off, one whose hash differs means the chain was rewritten; checkpoints of a period that a restore replaced are
    /// compared only up to the restored point. A shutdown checkpoint must be followed by one with the same head (or be
    /// the head): whatever was added or rewritten between a normal stop and the next start was not written by the app.
    /// </summary>
    internal static (BrokenLink? Broken, int Compared, List<string> Problems) CompareCheckpoints(ChainScan scan, CheckpointInspection inspection)
    {
        var problems = new List<string>(inspection.Problems);
        BrokenLink? broken = null;
        var compared = 0;
        var current = inspection.CurrentEpoch;
        foreach (var checkpoint in inspection.Checkpoints.OrderBy(c => c.Count))
        {
            // A later restore went back to RestoredCount events: this period's checkpoints beyond it describe a record
            // that was replaced on purpose (and recorded as such), so they are not compared.
            var limit = inspection.Epochs.Where(e => e.Number > checkpoint.Epoch && e.RestoredCount is not null).Select(e => e.RestoredCount!.Value).DefaultIfEmpty(long.MaxValue).Min();
            if (checkpoint.Count > limit)
                continue;
            compared++;
            if (broken is not null || scan.Broken is not null)
                continue;
            var when = AuditText.Time(checkpoint.WrittenAt);
            if (checkpoint.Count > scan.Count)
            {
                broken = new BrokenLink(scan.Count + 1, null, null, null, $"起缺失：{when}的外部检查点记有{checkpoint.Count}条，数据库现只有{scan.Count}条（记录末尾被截掉）。");
                continue;
            }

            if (checkpoint.Count > 0 && (!scan.HashesAt.TryGetValue(checkpoint.Count, out var at) || !string.Equals(at, checkpoint.HeadHash, StringComparison.Ordinal)))
                broken = new BrokenLink(checkpoint.Count, null, null, null, $"的哈希与{when}的外部检查点不符（记录被整体改写）。");
        }

        if (scan.Broken is null && broken is null)
        {
            var ofCurrent = inspection.Checkpoints.Where(c => c.Epoch == current && c.Kind != CheckpointKind.Legacy).ToList();
            for (var i = 0; i < ofCurrent.Count; i++)
            {
                var stop = ofCurrent[i];
                if (stop.Kind != CheckpointKind.Shutdown)
                    continue;
                var (count, head) = i + 1 < ofCurrent.Count ? (ofCurrent[i + 1].Count, ofCurrent[i + 1].HeadHash) : (scan.Count, scan.Head);
                if (count == stop.Count && head == stop.HeadHash)
                    continue;
                problems.Add(count > stop.Count
                    ? $"应用于{AuditText.Time(stop.WrittenAt)}正常停止时审计记录共{stop.Count}条；在它再次启动之前，数据库中多出了第{stop.Count + 1}至{count}条记录。这些记录不是本系统写入的（在应用停止期间被插入）。"
                    : $"应用于{AuditText.Time(stop.WrittenAt)}正常停止时审计记录共{stop.Count}条；在它再次启动之前，记录被截短或改写（现为{count}条）。");
            }
        }

        return (broken, compared, problems);
    }

    internal readonly record struct Row(long Id, long Sequence, long OccurredAtTicks, string Action, string Summary, string ActorId, string ActorName, string EntityType, int EntityId, int? TaskId, string? PreviousHash, string? Hash, int Format)
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
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.GetInt32(12));

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
}

/// <summary>Action codes of the events the record writes about itself.</summary>
public static class AuditRecordActions
{
    /// <summary>The first signed checkpoint was written: from now on a missing checkpoint manifest is a finding.</summary>
    public const string SigningStarted = "audit.signing-started";

    /// <summary>The database was restored from a backup.</summary>
    public const string Restored = "audit.restored";

    /// <summary>At start-up the append-only triggers were missing or altered, and were put back.</summary>
    public const string TriggersRestored = "audit.triggers-restored";

    /// <summary>The states of data written before states were recorded were taken as the starting point.</summary>
    public const string Baseline = "audit.baseline";
}

/// <summary>How the record writes times for people (China time).</summary>
internal static class AuditText
{
    public static string Time(DateTime utc)
    {
        var local = Domain.ChinaTime.LocalOf(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月{local.Day}日{local:HH:mm}");
    }
}
