using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Supervision.Core.Files;

namespace Supervision.Web.Security;

/// <summary>An upload that passed every check: its bytes, its real kind, and the name to store it under.</summary>
/// <param name="OriginalName">The name the person gave, kept for display only (sanitized).</param>
/// <param name="StoredName">A generated name (never built from user input) with the extension of the real kind.</param>
public sealed record AcceptedUpload(byte[] Content, FileKind Kind, string OriginalName, string StoredName);

/// <summary>
/// The one way pages and endpoints take files from people: count and size limits from <see cref="SecurityOptions"/>,
/// then <see cref="FileInspector"/> decides the type from the content and refuses zip bombs. Refusals are
/// <see cref="DomainException"/>s with Chinese messages.
/// </summary>
public sealed class Uploads(IOptions<SecurityOptions> options)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    public int MaxFiles => options.Value.MaxFilesPerRequest;

    /// <summary>Refuses more files than allowed in one go.</summary>
    public void CheckCount(int count)
    {
        if (count > MaxFiles)
            throw new DomainException($"一次最多上传{MaxFiles}个文件，本次选择了{count}个。");
    }

    /// <summary>Reads and checks a file chosen in a page (InputFile).</summary>
    public async Task<AcceptedUpload> AcceptAsync(IBrowserFile file, FileKind[] allowed, CancellationToken ct = default)
    {
        if (file.Size > MaxFileBytes)
            throw new DomainException($"文件“{Downloads.Sanitize(file.Name)}”超过{Size(MaxFileBytes)}的上限。");
        await using var source = file.OpenReadStream(MaxFileBytes, ct);
        return await AcceptAsync(source, file.Name, allowed, ct);
    }

    /// <summary>Reads and checks a file posted to an endpoint.</summary>
    public async Task<AcceptedUpload> AcceptAsync(IFormFile file, FileKind[] allowed, CancellationToken ct = default)
    {
        if (file.Length > MaxFileBytes)
            throw new DomainException($"文件“{Downloads.Sanitize(file.FileName)}”超过{Size(MaxFileBytes)}的上限。");
        await using var source = file.OpenReadStream();
        return await AcceptAsync(source, file.FileName, allowed, ct);
    }

    /// <summary>Reads at most the limit from <paramref name="source"/> and inspects the bytes.</summary>
    public async Task<AcceptedUpload> AcceptAsync(Stream source, string originalName, FileKind[] allowed, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
                throw new DomainException($"文件“{Downloads.Sanitize(originalName)}”超过{Size(MaxFileBytes)}的上限。");
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        var check = FileInspector.Inspect(buffer, originalName, MaxFileBytes, allowed);
        if (!check.Ok || check.Kind is not { } kind)
            throw new DomainException(check.Error ?? "文件不符合要求。");
        return new AcceptedUpload(buffer.ToArray(), kind, Downloads.Sanitize(originalName), StoredName(kind));
    }

    /// <summary>A fresh storage name: random, with the extension of the kind the content really is.</summary>
    public static string StoredName(FileKind kind) => Guid.NewGuid().ToString("N") + FileInspector.ExtensionOf(kind);

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)}MB" : $"{Math.Max(1, bytes / 1024)}KB";
}
