using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Supervision.Core.Audit;

/// <summary>
/// The secret that signs checkpoints (HMAC-SHA256). It lives in a file outside the database folder — whoever can
/// rewrite the database cannot sign a checkpoint that vouches for the rewrite. Generated once, on the first checkpoint;
/// never regenerated while checkpoints signed with it exist (losing it is reported, not papered over).
/// </summary>
public sealed class AuditSigningKey
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };
    private readonly byte[] _secret;

    private AuditSigningKey(string path, byte[] secret, DateTime createdAt)
    {
        Path = path;
        _secret = secret;
        CreatedAt = createdAt;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(secret))[..16];
    }

    public string Path { get; }

    /// <summary>A short public name of the key (the start of the SHA-256 of the secret), recorded with what it signs.</summary>
    public string KeyId { get; }

    public DateTime CreatedAt { get; }

    /// <summary>The key in <paramref name="path"/>; null when there is no file; throws when the file is not a key.</summary>
    public static AuditSigningKey? Load(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            var file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path), _json);
            var secret = file?.Secret is { } s ? Convert.FromBase64String(s) : null;
            if (secret is not { Length: >= 32 })
                throw new InvalidDataException($"签名密钥文件内容无效：{path}");
            return new AuditSigningKey(path, secret, file!.CreatedAt);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new InvalidDataException($"签名密钥文件内容无效：{path}", ex);
        }
    }

    /// <summary>Generates a new key into <paramref name="path"/> (which must not exist), readable by its owner only.</summary>
    public static AuditSigningKey Create(string path, DateTime now)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var secret = RandomNumberGenerator.GetBytes(32);
        var text = JsonSerializer.Serialize(new KeyFile(Convert.ToBase64String(secret), DateTime.SpecifyKind(now, DateTimeKind.Utc)), _json);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(full, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write(text);
        return new AuditSigningKey(full, secret, DateTime.SpecifyKind(now, DateTimeKind.Utc));
    }

    /// <summary>The signature (hex) of a canonical text.</summary>
    public string Sign(string canonical) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="canonical"/>.</summary>
    public bool Verifies(string canonical, string? signature)
    {
        if (signature is not { Length: 64 })
            return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(canonical)));
    }

    private sealed record KeyFile(string Secret, DateTime CreatedAt);
}
