using System.Globalization;
using System.Text.Json;

namespace Supervision.Core.Audit;

/// <summary>The head of the chain at one moment, kept outside the database.</summary>
/// <param name="Count">Events in the chain then (the head's sequence).</param>
/// <param name="HeadHash">Hash of event number <paramref name="Count"/>.</param>
/// <param name="WrittenAt">When the checkpoint was taken (UTC).</param>
public sealed record AuditCheckpoint(long Count, string HeadHash, DateTime WrittenAt);

/// <summary>
/// Checkpoint files in a folder outside the database. Someone who can rewrite the database file can make a
/// self-consistent chain or cut off its tail; only a copy of the head kept elsewhere shows that. Files are only
/// ever added (one per checkpoint, written to a temp name and moved into place), never rewritten.
/// </summary>
public sealed class AuditCheckpointStore(string folder)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    public string Folder { get; } = folder;

    /// <summary>Every readable checkpoint in the folder; a missing folder means none yet.</summary>
    public IReadOnlyList<AuditCheckpoint> ReadAll() => Scan().Checkpoints;

    /// <summary>
    /// The readable checkpoints and the names of files that are not checkpoints any more (truncated, edited or
    /// foreign). Those cannot vouch for anything, so they are left out of the comparison, but they are named: the
    /// store only ever adds whole files, so an unreadable one means someone touched it.
    /// </summary>
    public (IReadOnlyList<AuditCheckpoint> Checkpoints, IReadOnlyList<string> Unreadable) Scan()
    {
        if (!Directory.Exists(Folder))
            return ([], []);
        var list = new List<AuditCheckpoint>();
        var unreadable = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "checkpoint-*.json"))
        {
            try
            {
                var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(File.ReadAllText(file), _json);
                if (checkpoint is { HeadHash.Length: 64 } && checkpoint.Count >= 0)
                {
                    list.Add(checkpoint);
                    continue;
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
            }

            unreadable.Add(Path.GetFileName(file));
        }

        return (list.OrderBy(c => c.Count).ThenBy(c => c.WrittenAt).ToList(), unreadable.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The latest checkpoint, if any.</summary>
    public AuditCheckpoint? Latest() => ReadAll().LastOrDefault();

    /// <summary>Writes a checkpoint unless the latest one already has the same head.</summary>
    /// <returns>The checkpoint written, or null when nothing changed.</returns>
    public AuditCheckpoint? Write(long count, string? headHash, DateTime at)
    {
        if (count == 0 || headHash is null)
            return null;
        var latest = Latest();
        if (latest is not null && latest.Count == count && latest.HeadHash == headHash)
            return null;
        Directory.CreateDirectory(Folder);
        var checkpoint = new AuditCheckpoint(count, headHash, DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var name = string.Create(CultureInfo.InvariantCulture, $"checkpoint-{count:D12}-{at:yyyyMMddTHHmmssfff}.json");
        var path = Path.Combine(Folder, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(checkpoint, _json));
        File.Move(temp, path, overwrite: false);
        return checkpoint;
    }
}
