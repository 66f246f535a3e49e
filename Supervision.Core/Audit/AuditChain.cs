using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Supervision.Core.Domain;

namespace Supervision.Core.Audit;

/// <summary>
/// Turns the audit record into a hash chain: every event carries the SHA-256 of its canonical form together with
/// the previous event's hash, so changing, removing or reordering any event breaks every link after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    private const byte FormatVersion = 1;

    /// <summary>
    /// Gives <paramref name="events"/> their sequence numbers and hashes, continuing from the chain head. Must run
    /// inside the write transaction of the save that inserts them, so that no other writer can move the head in
    /// between (one writer at a time on either provider; the unique index on the sequence is the second line of defence).
    /// </summary>
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
        if (sequence > 0 && hash is null)
        {
            SealLegacy(connection, transaction);
            (sequence, hash) = ReadHead(connection, transaction);
        }

        hash ??= Genesis;
        foreach (var e in events)
        {
            sequence++;
            // The time as the database will keep it (PostgreSQL keeps microseconds), so verification recomputes this hash.
            var next = Compute(sequence, dialect.StoredTicks(e.OccurredAt), e.Action, e.Summary, e.ActorId, e.ActorName, e.EntityType, e.EntityId, e.TaskId, hash);
            e.Link(sequence, hash, next);
            hash = next;
        }
    }

    /// <summary>
    /// Hashes rows written before the chain existed (they were numbered by the migration but have no hash).
    /// The database lets a row be updated only while it has no hash, so this can happen once per row.
    /// </summary>
    /// <returns>How many rows were sealed.</returns>
    public static int SealLegacy(DbConnection connection, DbTransaction? transaction)
    {
        string previous;
        using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT \"Hash\" FROM \"AuditEvents\" WHERE \"Hash\" IS NOT NULL ORDER BY \"Sequence\" DESC LIMIT 1";
            previous = head.ExecuteScalar() as string ?? Genesis;
        }

        var rows = new List<(long Id, string Previous, string Hash)>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = AuditVerifier.SelectColumns + " WHERE \"Hash\" IS NULL ORDER BY \"Sequence\"";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var row = AuditVerifier.ReadRow(reader);
                var hash = Compute(row.Sequence, row.OccurredAtTicks, row.Action, row.Summary, row.ActorId, row.ActorName, row.EntityType, row.EntityId, row.TaskId, previous);
                rows.Add((row.Id, previous, hash));
                previous = hash;
            }
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE \"AuditEvents\" SET \"PreviousHash\" = @p, \"Hash\" = @h WHERE \"Id\" = @id";
        var p = update.CreateParameter();
        p.ParameterName = "@p";
        var h = update.CreateParameter();
        h.ParameterName = "@h";
        var id = update.CreateParameter();
        id.ParameterName = "@id";
        update.Parameters.Add(p);
        update.Parameters.Add(h);
        update.Parameters.Add(id);
        foreach (var row in rows)
        {
            p.Value = row.Previous;
            h.Value = row.Hash;
            id.Value = row.Id;
            update.ExecuteNonQuery();
        }

        return rows.Count;
    }

    /// <summary>
    /// The SHA-256 (lower-case hex) of an event's canonical form: a version byte, then every field in a fixed
    /// order, numbers as 8-byte little-endian, texts as UTF-8 with a 4-byte length (−1 for null), then the
    /// previous hash. Length prefixes make the form unambiguous (no field can run into the next).
    /// </summary>
    public static string Compute(long sequence, long occurredAtTicks, string action, string summary, string actorId, string actorName, string entityType, int entityId, int? taskId, string previousHash)
    {
        var max = 1 + (8 * 5) + (4 * 6) + Encoding.UTF8.GetMaxByteCount(action.Length + summary.Length + actorId.Length + actorName.Length + entityType.Length + previousHash.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var buffer = rented.AsSpan();
            var at = 0;
            buffer[at++] = FormatVersion;
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

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
