using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Supervision.Core.Domain;

namespace Supervision.Core.Data.AuditTrail;

/// <summary>
/// Turns the audit record into a hash chain: every event carries the SHA-256 of its canonical form together with
/// the previous event's hash, so changing, removing or reordering any event breaks every link after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The canonical form new events are hashed in (see <see cref="AuditEvent.Format"/>).</summary>
    public const int CurrentFormat = AuditEvent.CurrentFormat;

    /// <summary>
    /// Gives <paramref name="events"/> their sequence numbers and hashes, continuing from the chain head. Must run
    /// inside the write transaction of the save that inserts them, so that no other writer can move the head in
    /// between (one writer at a time on either provider; the unique index on the sequence is the second line of defence).
    /// </summary>
    /// <remarks>
    /// Only events written by this process are ever hashed. A row at the head without a hash was not written by the
    /// app (the app writes hash and row together): it is left as it is — verification names it as a break — and the new
    /// events continue from the last sealed event, so the forgery never becomes part of a valid-looking chain.
    /// </remarks>
    internal static void Link(DbContext db, IReadOnlyList<AuditEvent> events)
    {
        if (events.Count == 0)
            return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var dialect = Data.SqlDialect.Of(db.Database);

        // Take the write lock before reading the head, so no concurrent writer can move it in between.
        Execute(connection, transaction, dialect.AuditAppendLock);

        var (sequence, hash) = ReadHead(connection, transaction);
        hash ??= sequence == 0 ? Genesis : LastSealedHash(connection, transaction);
        foreach (var e in events)
        {
            sequence++;
            // The time as the database will keep it (PostgreSQL keeps microseconds), so verification recomputes this hash.
            var next = Compute(sequence, dialect.StoredTicks(e.OccurredAt), e.Action, e.Summary, e.ActorId, e.ActorName, e.EntityType, e.EntityId, e.TaskId, e.State, e.StateBefore, hash);
            e.Link(sequence, hash, next);
            hash = next;
        }
    }

    /// <summary>
    /// The SHA-256 (lower-case hex) of an event's canonical form 1 (events written before data states were recorded):
    /// a version byte, then every field in a fixed order, numbers as 8-byte little-endian, texts as UTF-8 with a 4-byte
    /// length (−1 for null), then the previous hash. Length prefixes make the form unambiguous.
    /// </summary>
    public static string Compute(long sequence, long occurredAtTicks, string action, string summary, string actorId, string actorName, string entityType, int entityId, int? taskId, string previousHash) =>
        Compute(1, sequence, occurredAtTicks, action, summary, actorId, actorName, entityType, entityId, taskId, null, null, previousHash);

    /// <summary>The hash in the current form 2: form 1 plus the entity's state after the change and, when recorded, before it.</summary>
    public static string Compute(long sequence, long occurredAtTicks, string action, string summary, string actorId, string actorName, string entityType, int entityId, int? taskId, string? state, string? stateBefore, string previousHash) =>
        Compute(CurrentFormat, sequence, occurredAtTicks, action, summary, actorId, actorName, entityType, entityId, taskId, state, stateBefore, previousHash);

    /// <summary>The hash of an event in form <paramref name="format"/> (what verification recomputes).</summary>
    public static string Compute(int format, long sequence, long occurredAtTicks, string action, string summary, string actorId, string actorName, string entityType, int entityId, int? taskId, string? state, string? stateBefore, string previousHash)
    {
        byte[]? stateBytes = null;
        byte[]? beforeBytes = null;
        try
        {
            var stateLength = Encode(state, ref stateBytes);
            var beforeLength = Encode(stateBefore, ref beforeBytes);
            return Compute(format, sequence, occurredAtTicks, action, summary, actorId, actorName, entityType, entityId, taskId,
                stateBytes.AsSpan(0, Math.Max(stateLength, 0)), state is null, beforeBytes.AsSpan(0, Math.Max(beforeLength, 0)), stateBefore is null, previousHash);
        }
        finally
        {
            if (stateBytes is not null)
                ArrayPool<byte>.Shared.Return(stateBytes);
            if (beforeBytes is not null)
                ArrayPool<byte>.Shared.Return(beforeBytes);
        }

        static int Encode(string? text, ref byte[]? bytes)
        {
            if (text is null)
                return -1;
            bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            return Encoding.UTF8.GetBytes(text, bytes);
        }
    }

    /// <summary>
    /// The same hash with the states given as their UTF-8 bytes (the verifier reads them so, without turning every
    /// state into a string and back).
    /// </summary>
    internal static string Compute(int format, long sequence, long occurredAtTicks, string action, string summary, string actorId, string actorName, string entityType, int entityId, int? taskId, ReadOnlySpan<byte> state, bool stateIsNull, ReadOnlySpan<byte> stateBefore, bool stateBeforeIsNull, string previousHash)
    {
        if (format is not (1 or CurrentFormat))
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown audit hash form.");
        if (format == 1 && (!stateIsNull || !stateBeforeIsNull))
            throw new ArgumentException("Form 1 carries no state.", nameof(state));
        var texts = action.Length + summary.Length + actorId.Length + actorName.Length + entityType.Length + previousHash.Length;
        var max = 1 + (8 * 5) + (4 * 8) + Encoding.UTF8.GetMaxByteCount(texts) + state.Length + stateBefore.Length;
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var buffer = rented.AsSpan();
            var at = 0;
            buffer[at++] = (byte)format;
            Int(buffer, ref at, sequence);
            Int(buffer, ref at, occurredAtTicks);
            Text(buffer, ref at, action);
            Text(buffer, ref at, summary);
            Text(buffer, ref at, actorId);
            Text(buffer, ref at, actorName);
            Text(buffer, ref at, entityType);
            Int(buffer, ref at, entityId);
            Int(buffer, ref at, taskId is null ? 0 : 1);
            Int(buffer, ref at, taskId ?? 0);
            if (format >= 2)
            {
                Bytes(buffer, ref at, state, stateIsNull);
                Bytes(buffer, ref at, stateBefore, stateBeforeIsNull);
            }

            Text(buffer, ref at, previousHash);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer[..at], digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Bytes(Span<byte> buffer, ref int at, ReadOnlySpan<byte> value, bool isNull)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], isNull ? -1 : value.Length);
        at += 4;
        if (isNull)
            return;
        value.CopyTo(buffer[at..]);
        at += value.Length;
    }

    private static void Int(Span<byte> buffer, ref int at, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], value);
        at += 8;
    }

    private static void Text(Span<byte> buffer, ref int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], -1);
            at += 4;
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, buffer[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], written);
        at += 4 + written;
    }

    private static (long Sequence, string? Hash) ReadHead(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT \"Sequence\", \"Hash\" FROM \"AuditEvents\" ORDER BY \"Sequence\" DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : (0, null);
    }

    private static string LastSealedHash(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT \"Hash\" FROM \"AuditEvents\" WHERE \"Hash\" IS NOT NULL ORDER BY \"Sequence\" DESC LIMIT 1";
        return command.ExecuteScalar() as string ?? Genesis;
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
