using System.IO.Compression;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Supervision.Core.Reporting;
using Supervision.Tests.Reporting;
using Supervision.Web.Security;

namespace Supervision.Tests.Security;

public sealed class FileTransferTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_attachment_is_typed_by_its_content_and_stored_under_its_hash_never_its_name()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);

        var attachmentId = await w.Attachments.AttachAsync(w.Operator, id, new MemoryStream(Samples.Pdf), "../../落实情况说明.pdf", Ct);

        // On disk only hashes: nothing of the name the person gave, no path outside the store.
        var stored = Assert.Single(Directory.GetFiles(w.Files.Root, "*", SearchOption.AllDirectories));
        Assert.Matches("^[0-9a-f]{64}$", Path.GetFileName(stored));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Samples.Pdf)), Path.GetFileName(stored));
        var opened = await w.Attachments.OpenAttachmentAsync(w.Operator, attachmentId, Ct);
        Assert.Equal("落实情况说明.pdf", opened!.Value.Name);
        Assert.Equal("application/pdf", opened.Value.MediaType);
        await opened.Value.Content.DisposeAsync();

        // A program calling itself a PDF is refused in Chinese and never stored.
        var disguised = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, new MemoryStream("MZ\x90\0 not a pdf"u8.ToArray()), "说明.pdf", Ct));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", disguised.Message);
        Assert.Single(Directory.GetFiles(w.Files.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Oversized_files_too_many_files_and_zip_bombs_are_refused_and_nothing_is_kept()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);

        var big = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, new MemoryStream(new byte[ReportAttachmentService.MaxAttachmentBytes + 1]), "大文件.pdf", Ct));
        Assert.Contains("超过20MB的上限", big.Message);

        var bomb = new MemoryStream();
        using (var archive = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = archive.CreateEntry("[Content_Types].xml").Open())
                types.Write("<Types/>"u8);
            using var body = archive.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            body.Write(new byte[50 * 1024 * 1024]);
        }

        bomb.Position = 0;
        var refused = await Assert.ThrowsAsync<DomainException>(() => w.Attachments.AttachAsync(w.Operator, id, bomb, "情况说明.docx", Ct));
        Assert.Contains("疑似压缩炸弹", refused.Message);

        // Evidence comes in batches: more than the limit in one go is refused before a single file is stored.
        var (reportId, _) = await SubmitOtherPeriodAsync(w);
        var files = Enumerable.Range(1, ReportAttachmentService.MaxFilesPerUpload + 1).Select(i => new UploadedFile(new MemoryStream(Samples.Pdf), $"照片{i}.pdf")).ToList();
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => w.SpotChecks.RecordSpotCheckAsync(
            w.Inspector, reportId, 1, SpotCheckMethod.OnSite, SpotCheckResult.Confirmed, new DateOnly(2026, 4, 1), "实地查看属实。", null, files, Ct));
        Assert.Equal($"一次最多上传{ReportAttachmentService.MaxFilesPerUpload}个文件，本次选择了{ReportAttachmentService.MaxFilesPerUpload + 1}个。", tooMany.Message);

        Assert.False(Directory.Exists(w.Files.Root) && Directory.GetFiles(w.Files.Root, "*", SearchOption.AllDirectories).Length > 0);
        await using var db = w.Db.CreateDbContext();
        Assert.Equal(0, await db.Set<ReportAttachment>().CountAsync(Ct));
        Assert.Equal(0, await db.SpotChecks.CountAsync(Ct));
    }

    private static async Task<(int Id, long Version)> SubmitOtherPeriodAsync(ReportingWorld w)
    {
        // The March report is the draft above; February's goes all the way up to the inspector.
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-02", ReportingWorld.Content(20), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, "同意", Ct);
        version = await w.Chain.ApproveAsync(w.Principal, id, version, null, Ct);
        return (id, version);
    }

    [Theory]
    [InlineData("Production", true, true)]
    [InlineData("Production", false, false)]
    [InlineData("Development", true, false)]
    public async Task HSTS_is_sent_over_HTTPS_outside_Development_only(string environment, bool https, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = https ? "https" : "http";
        var feature = new StartingFeature();
        http.Features.Set<IHttpResponseFeature>(feature);
        var middleware = new SecurityHeaders(_ => Task.CompletedTask, new Environment(environment), Options.Create(new SecurityOptions()));
        await middleware.InvokeAsync(http);
        await feature.StartAsync();
        Assert.Equal(expected, http.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("DENY", http.Response.Headers.XFrameOptions.ToString());
    }

    private sealed class StartingFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting)
                await callback(state);
        }
    }

    private sealed class Environment(string name) : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Supervision.Web";
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
