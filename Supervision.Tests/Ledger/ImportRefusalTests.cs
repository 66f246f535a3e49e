using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>
/// Every bad file the issue lists, through the real service on a real database: the preview names the problem in
/// Chinese (per row where it applies), and confirming anyway is refused with the same words and writes nothing —
/// no task, no number, no category, no import record, no audit event.
/// </summary>
public sealed class ImportRefusalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ImportSettings _settings = new(2026, ReportCycle.Monthly);

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "not-an-xlsx", "无法识别的文件类型。只接受Excel（.xlsx）。" },
        { "word-document-renamed", "该文件是Word（.docx），此处只接受Excel（.xlsx）。" },
        { "encrypted", "文件已加密" },
        { "truncated", "文件已损坏" },
        { "truncated-sheet-xml", "文件已损坏，无法读取（工作表「任务分解表」的数据不完整）" },
        { "empty", "文件为空，请重新选择。" },
        { "blank-workbook", "文件中没有任何内容。" },
        { "over-10-mb", "超过10MB的上限" },
        { "over-5000-rows", "超过每次最多导入5000项任务的上限" },
        { "zip-bomb", "疑似压缩炸弹" },
        { "missing-columns", "缺少必需的列：牵头单位（或责任单位）、完成时限" },
        { "no-header", "未找到表头" },
        { "header-without-rows", "在表头之下没有任务行" },
        { "unknown-unit", "第4行：单位「市住建委」不在单位名录中，是否指：市住建局" },
        { "unreadable-deadline", "第4行：无法识别完成时限「尽快」" },
        { "unknown-leader", "第3行：责任领导「王副市长」不在市领导名单中" },
        { "duplicate-rows", "第5行：与第3行内容重复" },
        { "empty-content-and-lead", "第4行：任务内容为空；未填写牵头单位" },
    };

    [DatabaseTheory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_a_chinese_message_and_nothing_is_written(string kind, string message)
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = await FileAsync(kind);
        var before = await SnapshotAsync(world);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "任务分解表.xlsx", 2026, ct: Ct);
        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Import().CommitAsync(LedgerWorld.Inspector, file, "任务分解表.xlsx", _settings, Ct));

        Assert.False(preview.CanCommit);
        Assert.Contains(message, preview.Summary());
        Assert.StartsWith("导入未执行：", ex.Message);
        Assert.Contains(message, ex.Message);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [DatabaseFact]
    public async Task Row_errors_are_listed_per_row_and_good_rows_of_the_same_file_are_not_written_either()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", "市财政局", "钱立恒", "年底前"],
            [2, "优化营商环境。", "市营商局", null, null, "年底前"],
            [3, "建设智慧城市。", "市财政局", null, null, "看情况"],
            [4, "完善社会保障。", "澜东区", null, null, "三季度"]);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "部分有错.xlsx", 2026, ct: Ct);
        await Assert.ThrowsAsync<DomainException>(() => world.Import().CommitAsync(LedgerWorld.Inspector, file, "部分有错.xlsx", _settings, Ct));

        Assert.Equal([3, 6], preview.Rows.Where(r => !r.HasErrors).Select(r => r.RowNumber));
        Assert.Equal(["单位「市营商局」不在单位名录中"], preview.Rows.Single(r => r.RowNumber == 4).Errors);
        Assert.StartsWith("无法识别完成时限「看情况」", preview.Rows.Single(r => r.RowNumber == 5).Errors.Single());
        Assert.Equal(2, preview.ErrorRowCount);
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(0, await db.Tasks.CountAsync(Ct));
    }

    [DatabaseFact]
    public async Task The_same_file_confirmed_twice_at_once_is_imported_once()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Standard();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            try
            {
                await world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表.xlsx", _settings, Ct);
                return null;
            }
            catch (DomainException ex)
            {
                return ex.Message;
            }
        }, Ct)));

        Assert.Single(attempts, a => a is null);
        Assert.All(attempts.OfType<string>(), m => Assert.Contains("不能重复导入", m));
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(3, await db.Tasks.CountAsync(Ct));
        Assert.Equal(1, await db.TaskImports.CountAsync(Ct));
    }

    private sealed record Snapshot(int Tasks, int Imports, int Sequences, int Categories, int AuditEvents, int Notices);

    private static async Task<Snapshot> SnapshotAsync(LedgerWorld world)
    {
        await using var db = world.Db.CreateDbContext();
        return new Snapshot(
            await db.Tasks.CountAsync(Ct),
            await db.TaskImports.CountAsync(Ct),
            await db.NumberSequences.CountAsync(Ct),
            await db.Categories.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            await db.Notices.CountAsync(Ct));
    }

    private static async Task<byte[]> FileAsync(string kind)
    {
        switch (kind)
        {
            case "not-an-xlsx":
                return "序号,任务内容,牵头单位,完成时限\n1,推进数字政府建设,市发改委,年底前\n"u8.ToArray();
            case "word-document-renamed":
                return Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray()));
            case "encrypted":
            {
                // Password-protected .xlsx files are OLE compound documents (EncryptionInfo + EncryptedPackage).
                var ole = new byte[8192];
                new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);
                return ole;
            }

            case "truncated":
            {
                var whole = SampleWorkbooks.Standard();
                return whole[..(whole.Length / 2)];
            }

            case "truncated-sheet-xml":
                // The zip is whole, the sheet's XML inside it breaks off: a damaged file, never "0 rows, no errors".
                return ImportResolutionTests.WithPart(SampleWorkbooks.Standard(), "xl/worksheets/sheet1.xml", xml => xml[..(xml.Length / 2)]);
            case "empty":
                return [];
            case "blank-workbook":
                return SampleWorkbooks.Build(_ => { });
            case "over-10-mb":
            {
                var big = new byte[(10 * 1024 * 1024) + 1];
                "PK\u0003\u0004"u8.CopyTo(big);
                return big;
            }

            case "over-5000-rows":
                return SampleWorkbooks.Build(ws =>
                {
                    ws.Cell(1, 1).Value = "任务内容";
                    ws.Cell(1, 2).Value = "牵头单位";
                    ws.Cell(1, 3).Value = "完成时限";
                    for (var r = 2; r <= 5_100; r++)
                        ws.Cell(r, 1).Value = $"任务{r}";
                });
            case "zip-bomb":
            {
                using var output = new MemoryStream();
                using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    zip.CreateEntry("[Content_Types].xml").Open().Dispose();
                    zip.CreateEntry("xl/workbook.xml").Open().Dispose();
                    await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
                    var zeros = new byte[1024 * 1024];
                    for (var i = 0; i < 300; i++)
                        await sheet.WriteAsync(zeros, Ct);
                }

                return output.ToArray();
            }

            case "missing-columns":
                return SampleWorkbooks.Sheet(["序号", "任务内容", "备注"], [1, "推进数字政府建设。", ""]);
            case "no-header":
                return SampleWorkbooks.Build(ws =>
                {
                    ws.Cell(1, 1).Value = "推进数字政府建设";
                    ws.Cell(1, 2).Value = "市发改委";
                    ws.Cell(1, 3).Value = "年底前";
                });
            case "header-without-rows":
                return SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders);
            case "unknown-unit":
                return SampleWorkbooks.Sheet(
                    SampleWorkbooks.StandardHeaders,
                    [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
                    [2, "完成老旧小区改造50个。", "市住建委", null, null, "年底前"]);
            case "unreadable-deadline":
                return SampleWorkbooks.Sheet(
                    SampleWorkbooks.StandardHeaders,
                    [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
                    [2, "完成老旧小区改造50个。", "市住建局", null, null, "尽快"]);
            case "unknown-leader":
                return SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "推进数字政府建设。", "市发改委", null, "王副市长", "年底前"]);
            case "duplicate-rows":
                return SampleWorkbooks.Sheet(
                    SampleWorkbooks.StandardHeaders,
                    [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
                    [2, "完成老旧小区改造50个。", "市住建局", null, null, "6月底前"],
                    [3, "推进数字政府建设", "市财政局", null, null, "三季度"]);
            case "empty-content-and-lead":
                return SampleWorkbooks.Sheet(
                    SampleWorkbooks.StandardHeaders,
                    [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
                    [2, null, null, "市财政局", null, "年底前"]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }
}
