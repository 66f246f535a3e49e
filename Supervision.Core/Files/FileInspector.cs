using System.IO.Compression;

namespace Supervision.Core.Files;

/// <summary>File types the product accepts from people.</summary>
public enum FileKind
{
    Pdf,
    Docx,
    Xlsx,
    Jpeg,
    Png,
}

/// <summary>The verdict on an uploaded file; <see cref="Error"/> is Chinese and can be shown as it is.</summary>
public sealed record FileCheck(bool Ok, FileKind? Kind, string? Error)
{
    public static FileCheck Accept(FileKind kind) => new(true, kind, null);

    public static FileCheck Refuse(string error) => new(false, null, error);
}

/// <summary>
/// Decides what an uploaded file really is from its bytes, never from its name or the browser's content type,
/// and refuses empty, oversized, encrypted and zip-bomb files before anything parses them.
/// </summary>
public static class FileInspector
{
    /// <summary>Most bytes an Office file may expand to; real 任务分解表 and reports are far below this.</summary>
    public const long MaxUnpackedBytes = 200L * 1024 * 1024;

    /// <summary>Most entries an Office package may have.</summary>
    public const int MaxEntries = 5_000;

    /// <summary>Largest plausible compression ratio of one entry; XML compresses ~10–30×, bombs ~1000×.</summary>
    public const int MaxCompressionRatio = 200;

    private static readonly byte[] _pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] _png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] _jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] _zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] _ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Inspects <paramref name="content"/> (read from its current position, which is restored).</summary>
    /// <param name="content">The uploaded bytes; must be seekable.</param>
    /// <param name="originalName">The name the person gave the file; its extension must agree with the content.</param>
    /// <param name="maxBytes">Upper size limit.</param>
    /// <param name="allowed">Kinds accepted here.</param>
    public static FileCheck Inspect(Stream content, string originalName, long maxBytes, params FileKind[] allowed)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
            throw new ArgumentException("The stream must be seekable.", nameof(content));

        var start = content.Position;
        try
        {
            return InspectCore(content, originalName, maxBytes, allowed);
        }
        finally
        {
            content.Position = start;
        }
    }

    /// <summary>The accepted kinds in words, for messages: "PDF、Word（.docx）".</summary>
    public static string Describe(IEnumerable<FileKind> kinds) => string.Join("、", kinds.Select(NameOf));

    public static string NameOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => "PDF",
        FileKind.Docx => "Word（.docx）",
        FileKind.Xlsx => "Excel（.xlsx）",
        FileKind.Jpeg => "JPG图片",
        _ => "PNG图片",
    };

    /// <summary>The usual file extension of a kind (with the dot).</summary>
    public static string ExtensionOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => ".pdf",
        FileKind.Docx => ".docx",
        FileKind.Xlsx => ".xlsx",
        FileKind.Jpeg => ".jpg",
        _ => ".png",
    };

    /// <summary>The media type to serve a kind with.</summary>
    public static string MediaTypeOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Jpeg => "image/jpeg",
        _ => "image/png",
    };

    private static FileCheck InspectCore(Stream content, string originalName, long maxBytes, FileKind[] allowed)
    {
        var length = content.Length - content.Position;
        if (length <= 0)
            return FileCheck.Refuse("文件为空，请重新选择。");
        if (length > maxBytes)
            return FileCheck.Refuse($"文件大小为{Megabytes(length)}，超过{Megabytes(maxBytes)}的上限。");

        Span<byte> head = stackalloc byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Seek(-read, SeekOrigin.Current);

        FileKind kind;
        if (head.StartsWith(_pdf))
            kind = FileKind.Pdf;
        else if (head.StartsWith(_png))
            kind = FileKind.Png;
        else if (head.StartsWith(_jpeg))
            kind = FileKind.Jpeg;
        else if (head.StartsWith(_ole))
            return FileCheck.Refuse("文件已加密，或是旧版Office格式（.xls/.doc）。请去掉密码并另存为.xlsx或.docx后再上传。");
        else if (head.StartsWith(_zip))
        {
            var package = InspectPackage(content);
            if (!package.Ok)
                return package;
            kind = package.Kind!.Value;
        }
        else
            return FileCheck.Refuse($"无法识别的文件类型。只接受{Describe(allowed)}。");

        if (!allowed.Contains(kind))
            return FileCheck.Refuse($"该文件是{NameOf(kind)}，此处只接受{Describe(allowed)}。");

        var extension = Path.GetExtension(originalName).ToLowerInvariant();
        var expected = kind == FileKind.Jpeg ? [".jpg", ".jpeg"] : new[] { ExtensionOf(kind) };
        if (!expected.Contains(extension))
            return FileCheck.Refuse($"文件扩展名“{extension}”与内容（{NameOf(kind)}）不符，请检查文件。");

        return FileCheck.Accept(kind);
    }

    // Expands every entry with a hard cap instead of trusting the sizes the zip directory declares.
    private static FileCheck InspectPackage(Stream content)
    {
        try
        {
            using var archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries)
                return FileCheck.Refuse("文件结构异常（包含的部件过多），已拒绝。");

            var hasWord = false;
            var hasWorkbook = false;
            var hasContentTypes = false;
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries)
            {
                hasContentTypes |= entry.FullName == "[Content_Types].xml";
                hasWord |= entry.FullName == "word/document.xml";
                hasWorkbook |= entry.FullName == "xl/workbook.xml";
                if (entry.CompressedLength > 0 && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
                    return Bomb();

                using var stream = entry.Open();
                long entryBytes = 0;
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    entryBytes += n;
                    total += n;
                    if (total > MaxUnpackedBytes || entryBytes / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
                        return Bomb();
                }
            }

            if (hasContentTypes && hasWorkbook)
                return FileCheck.Accept(FileKind.Xlsx);
            if (hasContentTypes && hasWord)
                return FileCheck.Accept(FileKind.Docx);
            return FileCheck.Refuse("压缩文件不是Excel（.xlsx）或Word（.docx）文档。");
        }
        catch (InvalidDataException)
        {
            return FileCheck.Refuse("文件已损坏，无法打开。");
        }
    }

    private static FileCheck Bomb() => FileCheck.Refuse("文件解压后异常庞大（疑似压缩炸弹），已拒绝。");

    private static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / 1024.0 / 1024.0:0.#}MB"
        : $"{Math.Max(1, bytes / 1024)}KB";
}
