using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Core.Audit;

/// <summary>Why a checkpoint was written; start and shutdown checkpoints bracket the time the app was not running.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckpointKind>))]
public enum CheckpointKind
{
    /// <summary>Unsigned checkpoint of an earlier version (no kind recorded).</summary>
    Legacy,

    /// <summary>Every <c>Reporting__AuditCheckpointInterval</c>.</summary>
    Periodic,

    /// <summary>After <c>Reporting__AuditCheckpointEvery</c> new events.</summary>
    Events,

    /// <summary>At start-up, before the app writes anything: the record is as the last shutdown left it.</summary>
    Start,

    /// <summary>When the app stops normally: nothing may be added until the next start.</summary>
    Shutdown,

    /// <summary>By a person (the office page, <c>checkpoint-audit</c>).</summary>
    Manual,

    /// <summary>Right after a restore from a backup (the first checkpoint of a new period).</summary>
    Restore,
}

/// <summary>The head of the chain at one moment, kept outside the database.</summary>
/// <param name="Count">Events in the chain then (the head's sequence).</param>
/// <param name="HeadHash">Hash of event number <paramref name="Count"/>.</param>
/// <param name="WrittenAt">When the checkpoint was taken (UTC).</param>
public sealed record AuditCheckpoint(long Count, string HeadHash, DateTime WrittenAt)
{
    public CheckpointKind Kind { get; init; } = CheckpointKind.Legacy;

    /// <summary>The period of the record it belongs to: 1, and one more after every restore.</summary>
    public int Epoch { get; init; } = 1;

    /// <summary>HMAC-SHA256 (hex) with the signing key over <see cref="Canonical"/>; null for legacy checkpoints.</summary>
    public string? Signature { get; init; }

    /// <summary>The file it is kept in.</summary>
    public string? File { get; init; }

    /// <summary>What the signature covers.</summary>
    public string Canonical() => string.Create(CultureInfo.InvariantCulture, $"supervision-audit-checkpoint|2|{Count}|{HeadHash}|{WrittenAt.Ticks}|{Kind}|{Epoch}");
}

/// <summary>
/// A period of the record: the first begins with the first signed checkpoint; each restore from a backup begins a new
/// one, at the restored record (the checkpoints of earlier periods beyond that point describe a record that the restore
/// replaced, and are kept but no longer compared).
/// </summary>
public sealed record AuditEpoch(int Number, DateTime StartedAt, long? RestoredCount, string? RestoredHash, string Reason);

/// <summary>Everything known about the checkpoints when the record is verified.</summary>
public sealed record CheckpointInspection
{
    /// <summary>
    /// Checkpoints that may be compared with the chain (legacy unsigned ones of an earlier version by time, then the signed
    /// ones the manifest vouches for, in the order they were written).
    /// </summary>
    public IReadOnlyList<AuditCheckpoint> Checkpoints { get; init; } = [];

    public IReadOnlyList<AuditEpoch> Epochs { get; init; } = [];

    /// <summary>What is wrong with the checkpoints themselves (missing, forged, unlisted files; key or manifest problems), in Chinese.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Files that no longer read as checkpoints.</summary>
    public IReadOnlyList<string> Unreadable { get; init; } = [];

    /// <summary>True once a signed manifest exists for the folder.</summary>
    public bool HasManifest { get; init; }

    /// <summary>The current epoch (1 before any restore).</summary>
    public int CurrentEpoch => Epochs.Count == 0 ? 1 : Epochs[^1].Number;
}

/// <summary>
/// Checkpoints of the chain's head kept outside the database. Someone who can rewrite the database file can make a
/// self-consistent chain or cut off its tail; only a copy of the head kept elsewhere shows that. Each checkpoint is a
/// file in <see cref="Folder"/>, signed with a key the database does not hold (<see cref="AuditSigningKey"/>), and listed
/// in a signed manifest kept beside the key, so a deleted, edited, forged or foreign checkpoint file is named. Files are
/// only ever added (written to a temp name and moved into place), never rewritten.
/// </summary>
public sealed class AuditCheckpointStore(string folder, string keyFile)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    /// <summary>Where the checkpoint files are.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The signing key file (outside the database folder).</summary>
    public string KeyFile { get; } = Path.GetFullPath(keyFile);

    /// <summary>The signed list of every checkpoint written into <see cref="Folder"/>, kept beside the key.</summary>
    public string ManifestPath => Path.Combine(Path.GetDirectoryName(KeyFile)!, "audit-manifests", $"{FolderId}.json");

    private string FolderId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Folder)))[..16];

    /// <summary>Every checkpoint that may be compared (see <see cref="Inspect"/>), oldest first.</summary>
    public IReadOnlyList<AuditCheckpoint> ReadAll() => Inspect().Checkpoints;

    /// <summary>The latest checkpoint that may be compared, if any.</summary>
    public AuditCheckpoint? Latest() => ReadAll().LastOrDefault();

    /// <summary>
    /// Reads the manifest and the folder and says which checkpoints can be trusted and what is wrong: a file the
    /// manifest lists that is gone, a file whose signature does not hold, a signed file the manifest never listed, an
    /// unsigned file written after signing began, a missing key or a manifest whose own signature fails.
    /// </summary>
    /// <param name="folder">False to read the manifest only (what a frequent checkpoint needs); the full check reads every file.</param>
    public CheckpointInspection Inspect(bool folder = true)
    {
        var problems = new List<string>();
        var unreadable = new List<string>();
        AuditSigningKey? key = null;
        try
        {
            key = AuditSigningKey.Load(KeyFile);
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"{ex.Message}，无法核验检查点的签名。");
        }

        var manifest = ReadManifest(problems, key);
        var files = folder ? ReadFolder(unreadable) : [];

        // Legacy (unsigned, older) checkpoints first by time, then the signed ones in the order they were written.
        var legacy = new List<AuditCheckpoint>();
        var trusted = new List<AuditCheckpoint>();
        if (manifest is not null)
        {
            if (key is null && problems.Count == 0)
                problems.Add($"签名密钥文件缺失（{KeyFile}）：检查点清单存在，但无法核验任何检查点的签名。请从备份中找回该密钥文件。");
            var listed = manifest.Checkpoints.Select(c => c.File).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var entry in manifest.Checkpoints)
            {
                trusted.Add(entry);
                if (folder && entry.File is { } name && !files.ContainsKey(name) && !unreadable.Contains(name))
                    problems.Add($"检查点文件{name}（{Display(entry.WrittenAt)}，记有{entry.Count}条）缺失：它已从检查点目录中被删除。");
            }

            foreach (var (name, file) in files)
            {
                if (file.Signature is null)
                {
                    if (file.WrittenAt >= manifest.CreatedAt)
                        problems.Add($"检查点文件{name}没有签名：启用签名之后本系统不会写入这样的文件，它是伪造的。");
                    else
                        legacy.Add(file);
                    continue;
                }

                if (key is not null && !key.Verifies(file.Canonical(), file.Signature))
                    problems.Add($"检查点文件{name}的签名不符：文件内容被改动或伪造。");
                else if (!listed.Contains(name))
                    problems.Add($"检查点文件{name}不在检查点清单中：不是本系统写入的。");
                else if (manifest.Checkpoints.First(c => c.File == name) is var entry && (entry.Count != file.Count || entry.HeadHash != file.HeadHash))
                    problems.Add($"检查点文件{name}与检查点清单的记载不符：文件被改动。");
            }
        }
        else
        {
            // No manifest: only unsigned checkpoints of an earlier version can be here. A signed file without the manifest
            // that listed it means the manifest was removed.
            foreach (var (name, file) in files)
            {
                if (file.Signature is null)
                {
                    legacy.Add(file);
                    continue;
                }

                if (key is not null && key.Verifies(file.Canonical(), file.Signature))
                    legacy.Add(file);
                else
                    problems.Add($"检查点文件{name}的签名不符：文件内容被改动或伪造。");
            }

            if (files.Values.Any(f => f.Signature is not null))
                problems.Add($"检查点清单缺失（{ManifestPath}）：检查点目录中有签名的检查点，清单却不见了，无法确认是否有检查点被删除。");
        }

        return new CheckpointInspection
        {
            Checkpoints = [.. legacy.OrderBy(c => c.WrittenAt).ThenBy(c => c.Count), .. trusted],
            Epochs = manifest?.Epochs ?? [],
            Problems = problems,
            Unreadable = unreadable.Order(StringComparer.Ordinal).ToList(),
            HasManifest = manifest is not null,
        };
    }

    /// <summary>
    /// Writes a signed checkpoint and lists it in the manifest. The first one generates the key (if there is none yet)
    /// and creates the manifest. Refused (throws) when the key is missing while checkpoints signed with it exist, or
    /// when the manifest does not verify — a checkpoint must never be written over evidence of tampering.
    /// Unchanged heads are skipped for the periodic kinds; start and shutdown checkpoints are always written.
    /// </summary>
    /// <returns>The checkpoint written, or null when nothing changed.</returns>
    public AuditCheckpoint? Write(long count, string? headHash, DateTime at, CheckpointKind kind)
    {
        if (count == 0 || headHash is null)
            return null;
        using var gate = Lock();
        var (key, manifest) = OpenForWriting(at, "，不写检查点");

        var epoch = manifest.Epochs.Count == 0 ? 1 : manifest.Epochs[^1].Number;
        var latest = manifest.Checkpoints.LastOrDefault();
        if (kind is not (CheckpointKind.Start or CheckpointKind.Shutdown or CheckpointKind.Restore)
            && latest is not null && latest.Epoch == epoch && latest.Count == count && latest.HeadHash == headHash)
            return null;

        Directory.CreateDirectory(Folder);
        var stem = string.Create(CultureInfo.InvariantCulture, $"checkpoint-{count:D12}-{at:yyyyMMddTHHmmssfff}-{kind.ToString().ToLowerInvariant()}");
        var name = stem + ".json";
        for (var n = 2; File.Exists(Path.Combine(Folder, name)) || manifest.Checkpoints.Any(c => c.File == name); n++)
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.json");
        var checkpoint = new AuditCheckpoint(count, headHash, DateTime.SpecifyKind(at, DateTimeKind.Utc)) { Kind = kind, Epoch = epoch, File = name };
        checkpoint = checkpoint with { Signature = key.Sign(checkpoint.Canonical()) };
        var path = Path.Combine(Folder, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(checkpoint with { File = null }, _json));
        File.Move(temp, path, overwrite: false);

        manifest.Checkpoints.Add(checkpoint);
        SaveManifest(manifest, key);
        return checkpoint;
    }

    // Key and manifest for a write, under the lock: refused when the manifest does not verify or when the key is gone
    // while checkpoints signed with it exist; the first write creates both.
    private (AuditSigningKey Key, Manifest Manifest) OpenForWriting(DateTime at, string refusalTail)
    {
        var problems = new List<string>();
        var key = AuditSigningKey.Load(KeyFile);
        var manifest = ReadManifest(problems, key);
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
        if (manifest is not null && key is null)
            throw new InvalidOperationException($"签名密钥文件缺失（{KeyFile}）{refusalTail}。");
        key ??= AuditSigningKey.Create(KeyFile, at);
        return (key, manifest ?? NewManifest(key, at));
    }

    /// <summary>
    /// Begins a new period after a restore: the record now continues from the restored backup, whose chain had
    /// <paramref name="restoredCount"/> events ending in <paramref name="restoredHash"/>. Checkpoints of earlier periods
    /// beyond that point stay on file but are no longer compared.
    /// </summary>
    public AuditEpoch BeginEpoch(long restoredCount, string? restoredHash, string reason, DateTime at)
    {
        using var gate = Lock();
        var (key, manifest) = OpenForWriting(at, "");
        var epoch = new AuditEpoch(manifest.Epochs[^1].Number + 1, DateTime.SpecifyKind(at, DateTimeKind.Utc), restoredCount, restoredHash, reason);
        manifest.Epochs.Add(epoch);
        SaveManifest(manifest, key);
        return epoch;
    }

    private Manifest NewManifest(AuditSigningKey key, DateTime at)
    {
        var created = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        return new Manifest { CreatedAt = created, Folder = Folder, KeyId = key.KeyId, Epochs = [new AuditEpoch(1, created, null, null, "启用签名检查点")] };
    }

    private Manifest? ReadManifest(List<string> problems, AuditSigningKey? key)
    {
        if (!File.Exists(ManifestPath))
            return null;
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(ManifestPath), _json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            manifest = null;
        }

        if (manifest is null)
        {
            problems.Add($"检查点清单无法读取（{ManifestPath}）：文件被改动或损坏。");
            return null;
        }

        if (key is not null && !key.Verifies(manifest.Canonical(), manifest.Signature))
        {
            problems.Add($"检查点清单的签名不符（{ManifestPath}）：清单被改动或伪造，其中的检查点不可信。");
            return null;
        }

        return manifest;
    }

    private Dictionary<string, AuditCheckpoint> ReadFolder(List<string> unreadable)
    {
        var files = new Dictionary<string, AuditCheckpoint>(StringComparer.Ordinal);
        if (!Directory.Exists(Folder))
            return files;
        foreach (var path in Directory.EnumerateFiles(Folder, "checkpoint-*.json"))
        {
            var name = Path.GetFileName(path);
            try
            {
                var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(File.ReadAllText(path), _json);
                if (checkpoint is { HeadHash.Length: 64 } && checkpoint.Count >= 0)
                {
                    files[name] = checkpoint with { File = name, WrittenAt = DateTime.SpecifyKind(checkpoint.WrittenAt, DateTimeKind.Utc) };
                    continue;
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
            }

            unreadable.Add(name);
        }

        return files;
    }

    private void SaveManifest(Manifest manifest, AuditSigningKey key)
    {
        manifest.KeyId = key.KeyId;
        manifest.Signature = key.Sign(manifest.Canonical());
        Directory.CreateDirectory(Path.GetDirectoryName(ManifestPath)!);
        var temp = ManifestPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, _json));
        File.Move(temp, ManifestPath, overwrite: true);
    }

    // The app's job, the office page and the command line may write at the same time; the manifest is read, extended
    // and replaced under an exclusive lock file.
    private FileStream Lock()
    {
        var path = ManifestPath + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(25);
            }
        }
    }

    private static string Display(DateTime utc)
    {
        var local = Domain.ChinaTime.LocalOf(utc);
        return $"{local.Year}年{local.Month}月{local.Day}日{local:HH:mm}";
    }

    /// <summary>The signed list of checkpoints of one folder.</summary>
    private sealed class Manifest
    {
        public int Format { get; set; } = 2;
        public string Folder { get; set; } = "";
        public string KeyId { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public List<AuditEpoch> Epochs { get; set; } = [];
        public List<AuditCheckpoint> Checkpoints { get; set; } = [];
        public string? Signature { get; set; }

        public string Canonical()
        {
            var builder = new StringBuilder("supervision-audit-manifest|2|");
            builder.Append(Folder).Append('|').Append(KeyId).Append('|').Append(CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture));
            foreach (var e in Epochs)
                builder.Append(CultureInfo.InvariantCulture, $"|E{e.Number},{e.StartedAt.Ticks},{e.RestoredCount},{e.RestoredHash},{e.Reason}");
            foreach (var c in Checkpoints)
                builder.Append('|').Append(c.File).Append(',').Append(c.Signature).Append(',').Append(c.Canonical());
            return builder.ToString();
        }
    }
}
