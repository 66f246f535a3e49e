using System.Security.Cryptography;

namespace Supervision.Core.Reporting;

/// <summary>
/// Uploaded files on disk, outside the database, named by the SHA-256 of their content (App_Data/attachments/ab/
/// abcdef…). Names never come from people, identical files are stored once, and a stored file never changes.
/// </summary>
public sealed class AttachmentStore(string root)
{
    public string Root { get; } = root;

    /// <summary>Copies <paramref name="content"/> (from its start) into the store and returns its hash.</summary>
    public async Task<string> SaveAsync(Stream content, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $"upload-{Guid.NewGuid():N}.tmp");
        string hash;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }

                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var path = PathOf(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path))
                File.Delete(temp);
            else
                File.Move(temp, path);
            return hash;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Opens a stored file for reading; null when it is not there.</summary>
    public Stream? Open(string hash)
    {
        var path = PathOf(hash);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Where a hash is stored; refuses anything that is not a SHA-256 in hex, so no path can be smuggled in.</summary>
    public string PathOf(string hash)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Not a SHA-256 hex string.", nameof(hash));
        return Path.Combine(Root, hash[..2], hash);
    }
}
