using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class ImportServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ImportSettings _settings = new(2026, ReportCycle.Monthly);

    private static async Task<int> TaskCountAsync(LedgerWorld world)
    {
        await using var db = world.Db.CreateDbContext();
        return await db.Tasks.CountAsync(Ct);
    }

    [DatabaseFact]
    public async Task A_preview_writes_nothing_and_a_confirmed_import_writes_every_row_numbered()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Standard();

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表.xlsx", 2026, ct: Ct);
        Assert.True(preview.CanCommit, preview.Summary());
        Assert.Equal(0, await TaskCountAsync(world));

        var result = await world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表.xlsx", _settings, Ct);

        Assert.Equal(3, result.TaskCount);
        Assert.Equal(("2026-ZD-001", "2026-ZD-003"), (result.FirstNumber, result.LastNumber));
        Assert.Equal(1, result.CategoriesCreated);
        await using var db = world.Db.CreateDbContext();
        var tasks = await db.Tasks.OrderBy(t => t.Sequence).ToListAsync(Ct);
        Assert.Equal(world.Units["市发展改革委"], tasks[0].LeadUnitId);
        Assert.Equal([world.Units["市财政局"], world.Units["市住建局"]], tasks[0].AssistingUnits.Select(a => a.UnitId));
        Assert.Equal(new DateOnly(2026, 6, 30), tasks[1].Deadline);
        Assert.Equal("6月底前", tasks[1].DeadlineText);
        Assert.Equal("民生实事", (await db.Categories.SingleAsync(c => c.Id == tasks[2].CategoryId, Ct)).Name);
        Assert.Contains(await db.AuditEvents.Where(e => e.TaskId == tasks[0].Id).Select(e => e.Summary).ToListAsync(Ct), s => s.Contains("第4行导入", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task The_same_file_imported_twice_is_refused_and_creates_no_duplicates()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Standard();
        await world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表.xlsx", _settings, Ct);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "分解表（副本）.xlsx", 2026, ct: Ct);
        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Import().CommitAsync(LedgerWorld.Inspector, file, "分解表（副本）.xlsx", _settings, Ct));

        Assert.StartsWith("该文件已于", Assert.Single(preview.FileErrors));
        Assert.Contains("不能重复导入", ex.Message);
        Assert.Equal(3, await TaskCountAsync(world));
    }

    [DatabaseFact]
    public async Task A_resaved_copy_of_an_imported_file_is_caught_row_by_row()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await world.Import().CommitAsync(LedgerWorld.Inspector, SampleWorkbooks.Standard(), "分解表.xlsx", _settings, Ct);
        var copy = SampleWorkbooks.Sheet(SampleWorkbooks.StandardHeaders, [1, "加快城市更新，完成老旧小区改造50个。", "市住建局", null, null, "6月底前"]);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, copy, "另存.xlsx", 2026, ct: Ct);

        Assert.Contains("与已登记任务2026-ZD-002内容相同，不能重复登记", Assert.Single(preview.Rows).Errors);
    }

    [DatabaseFact]
    public async Task A_file_with_any_row_error_writes_nothing()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Sheet(
            SampleWorkbooks.StandardHeaders,
            [1, "推进数字政府建设。", "市发改委", null, null, "年底前"],
            [2, "优化营商环境。", "市营商局", null, null, "年底前"]);

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Import().CommitAsync(LedgerWorld.Inspector, file, "有错.xlsx", _settings, Ct));

        Assert.StartsWith("导入未执行：第4行：单位「市营商局」不在单位名录中", ex.Message);
        Assert.Equal(0, await TaskCountAsync(world));
        await using var db = world.Db.CreateDbContext();
        Assert.Empty(await db.TaskImports.ToListAsync(Ct));
        Assert.Empty(await db.NumberSequences.ToListAsync(Ct));
    }

    [DatabaseFact]
    public async Task A_file_that_is_not_an_xlsx_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, "序号,任务内容\n1,推进"u8.ToArray(), "分解表.xlsx", 2026, ct: Ct);

        Assert.Contains("无法识别的文件类型", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task An_encrypted_workbook_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        // Encrypted Office files are OLE compound documents, whatever their extension.
        var ole = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, ole, "加密.xlsx", 2026, ct: Ct);

        Assert.Contains("文件已加密", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task An_empty_file_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, [], "空.xlsx", 2026, ct: Ct);

        Assert.Equal("文件为空，请重新选择。", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task A_workbook_without_content_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var blank = SampleWorkbooks.Build(_ => { });

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, blank, "空白.xlsx", 2026, ct: Ct);

        Assert.Equal("文件中没有任何内容。", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task A_file_over_10_mb_is_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var big = new byte[10 * 1024 * 1024 + 1];
        "PK\u0003\u0004"u8.CopyTo(big);

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, big, "大.xlsx", 2026, ct: Ct);

        Assert.Contains("超过10MB的上限", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task A_zip_bomb_is_refused_before_it_is_parsed()
    {
        await using var world = await LedgerWorld.CreateAsync();
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

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, output.ToArray(), "炸弹.xlsx", 2026, ct: Ct);

        Assert.Contains("压缩炸弹", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task More_than_5000_rows_are_refused()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var file = SampleWorkbooks.Build(ws =>
        {
            ws.Cell(1, 1).Value = "任务内容";
            ws.Cell(1, 2).Value = "牵头单位";
            ws.Cell(1, 3).Value = "完成时限";
            for (var r = 2; r <= 5_100; r++)
                ws.Cell(r, 1).Value = $"任务{r}";
        });

        var preview = await world.Import().PreviewAsync(LedgerWorld.Inspector, file, "太多.xlsx", 2026, ct: Ct);

        Assert.Contains("超过每次最多导入5000项任务的上限", Assert.Single(preview.FileErrors));
    }

    [DatabaseFact]
    public async Task Unit_accounts_cannot_import()
    {
        await using var world = await LedgerWorld.CreateAsync();

        await Assert.ThrowsAsync<DomainException>(() => world.Import().PreviewAsync(world.Operator("市财政局"), SampleWorkbooks.Standard(), "分解表.xlsx", 2026, ct: Ct));
    }
}
