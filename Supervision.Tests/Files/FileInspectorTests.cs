using System.IO.Compression;
using ClosedXML.Excel;
using Supervision.Core.Files;

namespace Supervision.Tests.Files;

public sealed class FileInspectorTests
{
    private const long TenMegabytes = 10L * 1024 * 1024;

    private static MemoryStream Xlsx()
    {
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet("任务分解表").Cell(1, 1).Value = "序号";
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    private static MemoryStream Zip(params (string Name, byte[] Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static MemoryStream Docx() => Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray()));

    [Fact]
    public void Real_xlsx_is_recognised_and_the_stream_is_rewound()
    {
        using var file = Xlsx();

        var check = FileInspector.Inspect(file, "2026年任务分解表.xlsx", TenMegabytes, FileKind.Xlsx);

        Assert.True(check.Ok, check.Error);
        Assert.Equal(FileKind.Xlsx, check.Kind);
        Assert.Equal(0, file.Position);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "佐证.pdf", FileKind.Pdf)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "现场.png", FileKind.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "现场.JPEG", FileKind.Jpeg)]
    public void Type_is_decided_by_content(byte[] bytes, string name, FileKind kind)
    {
        using var file = new MemoryStream(bytes);

        Assert.Equal(FileCheck.Accept(kind), FileInspector.Inspect(file, name, TenMegabytes, FileKind.Pdf, FileKind.Png, FileKind.Jpeg));
    }

    [Fact]
    public void Docx_is_told_apart_from_xlsx()
    {
        using var file = Docx();

        Assert.Equal(FileCheck.Accept(FileKind.Docx), FileInspector.Inspect(file, "情况说明.docx", TenMegabytes, FileKind.Docx, FileKind.Xlsx));
        Assert.Equal("该文件是Word（.docx），此处只接受Excel（.xlsx）。", FileInspector.Inspect(file, "情况说明.docx", TenMegabytes, FileKind.Xlsx).Error);
    }

    [Fact]
    public void Renamed_file_whose_content_disagrees_with_its_extension_is_refused()
    {
        using var file = new MemoryStream("%PDF-1.7"u8.ToArray());

        var check = FileInspector.Inspect(file, "任务分解表.xlsx", TenMegabytes, FileKind.Pdf, FileKind.Xlsx);

        Assert.False(check.Ok);
        Assert.Equal("文件扩展名“.xlsx”与内容（PDF）不符，请检查文件。", check.Error);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Equal("文件为空，请重新选择。", FileInspector.Inspect(new MemoryStream(), "a.xlsx", TenMegabytes, FileKind.Xlsx).Error);
    }

    [Fact]
    public void File_over_the_limit_is_refused_with_both_sizes()
    {
        using var file = new MemoryStream(new byte[(int)TenMegabytes + 1]);

        Assert.Equal("文件大小为10MB，超过10MB的上限。", FileInspector.Inspect(file, "a.pdf", TenMegabytes, FileKind.Pdf).Error);
    }

    [Fact]
    public void Encrypted_or_legacy_office_file_is_refused_with_what_to_do()
    {
        using var file = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);

        var error = FileInspector.Inspect(file, "加密.xlsx", TenMegabytes, FileKind.Xlsx).Error;

        Assert.Contains("已加密", error);
        Assert.Contains("另存为.xlsx", error);
    }

    [Fact]
    public void Zip_bomb_is_refused_before_anything_parses_it()
    {
        using var bomb = Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("xl/workbook.xml", new byte[50 * 1024 * 1024]));
        Assert.True(bomb.Length < 1024 * 1024);

        Assert.Equal("文件解压后异常庞大（疑似压缩炸弹），已拒绝。", FileInspector.Inspect(bomb, "炸弹.xlsx", TenMegabytes, FileKind.Xlsx).Error);
    }

    [Fact]
    public void Zip_that_is_not_an_office_document_is_refused()
    {
        using var file = Zip(("readme.txt", "hello"u8.ToArray()));

        Assert.Equal("压缩文件不是Excel（.xlsx）或Word（.docx）文档。", FileInspector.Inspect(file, "a.xlsx", TenMegabytes, FileKind.Xlsx).Error);
    }

    [Fact]
    public void Truncated_zip_is_reported_as_damaged()
    {
        using var whole = Xlsx();
        using var cut = new MemoryStream(whole.ToArray()[..200]);

        Assert.Equal("文件已损坏，无法打开。", FileInspector.Inspect(cut, "a.xlsx", TenMegabytes, FileKind.Xlsx).Error);
    }

    [Fact]
    public void Unknown_bytes_are_refused_naming_what_is_accepted()
    {
        using var file = new MemoryStream("just text"u8.ToArray());

        Assert.Equal("无法识别的文件类型。只接受PDF、JPG图片。", FileInspector.Inspect(file, "a.txt", TenMegabytes, FileKind.Pdf, FileKind.Jpeg).Error);
    }
}
