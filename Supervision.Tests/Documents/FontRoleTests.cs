using Microsoft.Extensions.Options;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using UglyToad.PdfPig;

namespace Supervision.Tests.Documents;

/// <summary>The five GB/T 9704 font roles: configured, found installed, or standing in for one another; read back from the PDF.</summary>
public sealed class FontRoleTests
{
    private static FontCandidates Candidates(FontRole role, params string[] specs) => new(new Dictionary<FontRole, IReadOnlyList<string>> { [role] = specs });

    [Fact]
    public void Each_role_takes_its_configured_file()
    {
        var roles = FontLibrary.Resolve(
            new Dictionary<FontRole, string>
            {
                [FontRole.FangSong] = SampleReports.HeiFile + "#1",
                [FontRole.XiaoBiaoSong] = SampleReports.SongFile,
                [FontRole.Kai] = SampleReports.KaiFile,
                [FontRole.Hei] = SampleReports.HeiFile,
                [FontRole.Song] = SampleReports.SongFile,
            },
            new FontCandidates(new Dictionary<FontRole, IReadOnlyList<string>>()));

        Assert.All(roles.Values, r => Assert.Equal(FontSource.Configured, r.Source));
        Assert.Equal("WenQuanYi Micro Hei Mono", roles[FontRole.FangSong].Face.Family);
        Assert.Equal("AR PL KaitiM GB", roles[FontRole.Kai].Face.Family);
        Assert.Equal("WenQuanYi Micro Hei", roles[FontRole.Hei].Face.Family);
        Assert.Equal("AR PL SungtiL GB", roles[FontRole.XiaoBiaoSong].Face.Family);
        Assert.StartsWith("仿宋：WenQuanYi Micro Hei Mono（配置的字体文件", roles[FontRole.FangSong].Description);
    }

    [Fact]
    public void With_the_free_debian_fonts_fangsong_and_xiaobiaosong_fall_back_to_song_and_kai_is_a_real_kaiti()
    {
        var roles = SampleReports.Fonts.Roles.ToDictionary(r => r.Role);

        Assert.Equal(FontSource.Installed, roles[FontRole.Song].Source);
        Assert.Equal("AR PL SungtiL GB", roles[FontRole.Song].Face.Family);
        Assert.Equal("AR PL KaitiM GB", roles[FontRole.Kai].Face.Family);
        Assert.Equal("WenQuanYi Micro Hei", roles[FontRole.Hei].Face.Family);
        foreach (var role in new[] { FontRole.FangSong, FontRole.XiaoBiaoSong })
        {
            Assert.Equal(FontSource.Substitute, roles[role].Source);
            Assert.Equal(FontRole.Song, roles[role].StandsIn);
            Assert.Same(roles[FontRole.Song].Face, roles[role].Face);
        }

        Assert.Equal("仿宋：AR PL SungtiL GB（替代：未找到仿宋字体，以宋体代替）", roles[FontRole.FangSong].Description);
        Assert.Equal(["仿宋", "小标宋", "楷体", "黑体", "宋体"], SampleReports.Fonts.Roles.Select(r => r.RoleName));
    }

    [Fact]
    public void Without_a_song_face_the_roles_fall_back_to_hei_and_a_kaiti_stays_a_kaiti()
    {
        var roles = FontLibrary.Resolve(new Dictionary<FontRole, string>(), new FontCandidates(new Dictionary<FontRole, IReadOnlyList<string>>
        {
            [FontRole.Hei] = [SampleReports.HeiFile],
            [FontRole.Kai] = [SampleReports.KaiFile],
        }));

        Assert.Equal(FontRole.Hei, roles[FontRole.Song].StandsIn);
        Assert.Equal(FontRole.Hei, roles[FontRole.FangSong].StandsIn);
        Assert.Equal("WenQuanYi Micro Hei", roles[FontRole.FangSong].Face.Family);
        Assert.Equal(FontSource.Installed, roles[FontRole.Kai].Source);
    }

    [Fact]
    public void A_known_family_is_found_through_the_system_font_manager()
    {
        var roles = FontLibrary.Resolve(new Dictionary<FontRole, string>(), Candidates(FontRole.Hei, "/nonexistent/a.ttf", "family:No Such Family", "family:WenQuanYi Micro Hei"));

        Assert.Equal("WenQuanYi Micro Hei", roles[FontRole.Hei].Face.Family);
        Assert.Equal("family:WenQuanYi Micro Hei", roles[FontRole.Hei].Face.Path);
        Assert.True(roles[FontRole.FangSong].Face.Has('通'));
    }

    [Fact]
    public void A_missing_configured_font_or_no_font_at_all_says_how_to_install_one()
    {
        var configured = Assert.Throws<MissingFontException>(() => FontLibrary.Resolve(new Dictionary<FontRole, string> { [FontRole.FangSong] = "/nonexistent/仿宋_GB2312.ttf" }, FontLibrary.Known));
        Assert.StartsWith("配置的仿宋字体文件“/nonexistent/仿宋_GB2312.ttf”不存在", configured.Message);
        var none = Assert.Throws<MissingFontException>(() => FontLibrary.Resolve(new Dictionary<FontRole, string>(), Candidates(FontRole.Song, "/nonexistent/a.ttf")));
        Assert.Contains("sudo apt-get install fonts-arphic-gbsn00lp fonts-wqy-microhei fonts-arphic-gkai00mp", none.Message);
        Assert.Contains("Documents:Fonts:FangSong", none.Message);
    }

    [Fact]
    public void The_older_font_files_setting_still_sets_song_and_hei()
    {
        var library = new FontLibrary(Options.Create(new DocumentOptions { FontFiles = [SampleReports.HeiFile + "#1", SampleReports.KaiFile] }));

        Assert.Equal("WenQuanYi Micro Hei Mono", library.For(FontRole.Song).Family);
        Assert.Equal("AR PL KaitiM GB", library.For(FontRole.Hei).Family);
        Assert.Equal(FontSource.Configured, library.Resolved(FontRole.Hei).Source);
    }

    [Fact]
    public void Every_part_of_the_bulletin_is_set_in_its_role_and_four_roles_embed_as_four_subsets()
    {
        var report = SampleReports.HalfYear();
        var text = BulletinDrafter.Draft(report, "各县（市、区）人民政府：");
        var pdf = new DocumentRenderer(SampleReports.DistinctRoles).RenderPdf(BulletinComposer.Compose(report, text, "澜政办通", "澜政办通〔2026〕12号", new DateOnly(2026, 7, 10)));
        using var document = PdfDocument.Open(pdf.Bytes);
        var first = document.GetPage(1);
        var body = document.GetPages().Where(p => p.Width < p.Height).ToList();
        string FontOf(string what) => PdfText.FontOf(body.First(p => string.Concat(p.Letters.Select(l => l.Value)).Contains(what, StringComparison.Ordinal)), what);

        Assert.Equal("BousungEG-Light-GB", PdfText.FontOf(first, "澜江市人民政府办公室"));
        Assert.Equal("BousungEG-Light-GB", PdfText.FontOf(first, "任务指标完成情况的通报"));
        Assert.Equal("WenQuanYiMicroHeiMono", PdfText.FontOf(first, "澜政办通"));
        Assert.Equal("WenQuanYiMicroHeiMono", PdfText.FontOf(first, "各县"));
        Assert.Equal("WenQuanYiMicroHei", FontOf("一、总体情况"));
        Assert.Equal("GBZenKai-Medium", FontOf("（一）切实增强责任感和紧迫感。"));
        Assert.Equal("WenQuanYiMicroHeiMono", FontOf("各地区、各部门要对照"));
        Assert.Equal("WenQuanYiMicroHeiMono", FontOf("2026年7月10日"));
        Assert.Equal("BousungEG-Light-GB", PdfText.FontOf(first, "—1—"));
        Assert.Equal(4, pdf.SubsetFontBytes.Count);
        Assert.Equal(4, document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().Count());
    }
}
