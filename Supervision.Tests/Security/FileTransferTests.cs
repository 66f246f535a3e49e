using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Supervision.Core.Files;
using Supervision.Web.Security;

namespace Supervision.Tests.Security;

public sealed class FileTransferTests
{
    private static Uploads Uploads(long maxFile = 1024 * 1024, int maxFiles = 3) =>
        new(Options.Create(new SecurityOptions { MaxFileBytes = maxFile, MaxFilesPerRequest = maxFiles }));

    [Fact]
    public void Chinese_file_names_go_out_as_RFC_5987_with_an_ASCII_fallback_that_browsers_parse_back()
    {
        const string name = "2026年上半年任务完成情况表（第1版）.xlsx";
        var header = Downloads.ContentDisposition(name);
        Assert.Matches("^attachment; filename=\"2026[ -~]*\\.xlsx\"; filename\\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$", header);
        Assert.Equal(name, ContentDispositionHeaderValue.Parse(header).FileNameStar);
        Assert.StartsWith("inline;", Downloads.ContentDisposition("通报.pdf", inline: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil\"; filename=\"x.exe", "evil; filename=x.exe")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system.ini", "system.ini")]
    [InlineData("a\r\nSet-Cookie: x=1.pdf", "aSet-Cookie x=1.pdf")]
    [InlineData("...", "download")]
    public void Crafted_names_cannot_inject_header_parameters_or_paths(string name, string expected)
    {
        Assert.Equal(expected, Downloads.Sanitize(name));
        var header = Downloads.ContentDisposition(name);
        Assert.DoesNotContain('\r', header);
        Assert.DoesNotContain('\n', header);
        Assert.Matches("^attachment; filename=\"[^\"]*\"; filename\\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$", header);
    }

    [Fact]
    public void The_download_result_sets_the_header_and_forbids_caching()
    {
        var http = new DefaultHttpContext();
        Downloads.File(http, [1, 2, 3], "application/pdf", "督查通知单（HY-2026-001）.pdf");
        Assert.Contains("filename*=UTF-8''%E7%9D%A3", http.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task An_upload_is_typed_by_its_content_and_stored_under_a_generated_name()
    {
        var pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
        var accepted = await Uploads().AcceptAsync(new MemoryStream(pdf), "../../落实情况说明.pdf", [FileKind.Pdf], TestContext.Current.CancellationToken);
        Assert.Equal(FileKind.Pdf, accepted.Kind);
        Assert.Equal("落实情况说明.pdf", accepted.OriginalName);
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", accepted.StoredName);
        Assert.Equal(pdf, accepted.Content);

        var disguised = await Assert.ThrowsAsync<DomainException>(() => Uploads().AcceptAsync(new MemoryStream("MZ\x90\0 not a pdf"u8.ToArray()), "说明.pdf", [FileKind.Pdf], TestContext.Current.CancellationToken));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", disguised.Message);
    }

    [Fact]
    public async Task Oversized_files_too_many_files_and_zip_bombs_are_refused()
    {
        var big = await Assert.ThrowsAsync<DomainException>(() => Uploads(maxFile: 1024).AcceptAsync(new MemoryStream(new byte[4096]), "大文件.pdf", [FileKind.Pdf], TestContext.Current.CancellationToken));
        Assert.Equal("文件“大文件.pdf”超过1KB的上限。", big.Message);

        var count = Assert.Throws<DomainException>(() => Uploads(maxFiles: 3).CheckCount(4));
        Assert.Equal("一次最多上传3个文件，本次选择了4个。", count.Message);
        Uploads(maxFiles: 3).CheckCount(3);

        var bomb = new MemoryStream();
        using (var archive = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = archive.CreateEntry("[Content_Types].xml").Open())
                types.Write("<Types/>"u8);
            using var sheet = archive.CreateEntry("xl/workbook.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(new byte[50 * 1024 * 1024]);
        }

        bomb.Position = 0;
        var refused = await Assert.ThrowsAsync<DomainException>(() => Uploads(maxFile: 10 * 1024 * 1024).AcceptAsync(bomb, "任务分解表.xlsx", [FileKind.Xlsx], TestContext.Current.CancellationToken));
        Assert.Equal("文件解压后异常庞大（疑似压缩炸弹），已拒绝。", refused.Message);
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
