using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Supervision.Core.Documents;

/// <summary>
/// The typefaces GB/T 9704-2012 gives each part of a 公文. Every role is a configurable font file; without one, the
/// known installed fonts are used, and a role no installed font fills falls back to another role's face.
/// </summary>
public enum FontRole
{
    /// <summary>宋体: page numbers (4号半角宋体), chart labels; the fallback of 仿宋, 小标宋 and 楷体.</summary>
    Song = 0,

    /// <summary>黑体: 一级标题 (一、), the 附件 label, table headers.</summary>
    Hei = 1,

    /// <summary>仿宋: 正文 (3号), 主送, 文号, 附件说明, signature, 版记, table cells.</summary>
    FangSong = 2,

    /// <summary>小标宋: 发文机关标志 and 标题.</summary>
    XiaoBiaoSong = 3,

    /// <summary>楷体: 二级标题 (（一）).</summary>
    Kai = 4,
}

/// <summary>A TrueType face loaded from disk: the file's bytes, the face index in a collection, and its character map.</summary>
public sealed class FontFace
{
    private readonly ConcurrentDictionary<int, bool> _has = new();
    private readonly SKFont _probe;

    internal FontFace(string path, int index, byte[] data, SKTypeface typeface)
    {
        Path = path;
        Index = index;
        Data = data;
        Typeface = typeface;
        _probe = new SKFont(typeface, 12);
    }

    /// <summary>The font file (or <c>family:Name</c> when found through the system's font manager).</summary>
    public string Path { get; }

    /// <summary>The face inside a .ttc collection (0 for .ttf).</summary>
    public int Index { get; }

    /// <summary>Family name as the font states it.</summary>
    public string Family => Typeface.FamilyName;

    internal byte[] Data { get; }

    internal SKTypeface Typeface { get; }

    /// <summary>Whether the face has a glyph for <paramref name="codePoint"/>.</summary>
    public bool Has(int codePoint) => _has.GetOrAdd(codePoint, HasGlyph);

    /// <summary>
    /// How much this face's ideographs are enlarged so their ink matches the usual size of a CJK face (1 for most;
    /// ~1.13 for AR PL KaitiM GB, whose glyphs are drawn small in their em box and would look letter-spaced next to
    /// 宋体), and the vertical centre of the ink in em (negative: above the baseline), the point scaled about.
    /// The advance (one em per character) is unchanged, so lines and the grid stay as they are.
    /// </summary>
    internal (float Scale, float InkCentre) Optical => _optical ??= MeasureOptical();

    private (float Scale, float InkCentre)? _optical;

    private (float, float) MeasureOptical()
    {
        lock (_probe)
        {
            using var font = new SKFont(Typeface, 1000);
            var glyph = font.GetGlyph('国');
            var bounds = new SKRect[1];
            font.GetGlyphWidths([glyph], new float[1], bounds);
            var ink = (bounds[0].Width + bounds[0].Height) / 2;
            // 860/1000 em: the ink of 国 in AR PL SungtiL GB and WenQuanYi Micro Hei (about 0.81 × 0.92 and 0.84 × 0.88 em).
            var scale = ink <= 0 ? 1f : Math.Clamp(860f / ink, 1f, 1.2f);
            return (scale, (bounds[0].Top + bounds[0].Bottom) / 2000f);
        }
    }

    private bool HasGlyph(int codePoint)
    {
        // SKFont wraps one native object; lookups from parallel requests are serialised.
        lock (_probe)
            return _probe.GetGlyph(codePoint) != 0;
    }
}

/// <summary>Where a role's face came from.</summary>
public enum FontSource
{
    /// <summary>The file configured for the role.</summary>
    Configured = 0,

    /// <summary>A known installed font of the role's own kind.</summary>
    Installed = 1,

    /// <summary>No font of the role's kind: another role's face stands in.</summary>
    Substitute = 2,
}

/// <summary>The face a role is drawn with, and why.</summary>
/// <param name="StandsIn">The role whose face is used when <see cref="Source"/> is <see cref="FontSource.Substitute"/>.</param>
public sealed record ResolvedFont(FontRole Role, FontFace Face, FontSource Source, FontRole? StandsIn)
{
    /// <summary>The role's Chinese name: 仿宋, 小标宋, 楷体, 黑体, 宋体.</summary>
    public string RoleName => FontLibrary.NameOf(Role);

    /// <summary>The face and where it came from, e.g. "AR PL SungtiL GB（替代：未找到仿宋字体，以宋体代替）".</summary>
    public string Detail => Source switch
    {
        FontSource.Configured => $"{Face.Family}（配置的字体文件 {Face.Path}）",
        FontSource.Installed => Face.Family,
        _ => $"{Face.Family}（替代：未找到{RoleName}字体，以{FontLibrary.NameOf(StandsIn!.Value)}代替）",
    };

    /// <summary>What a person reads, e.g. "仿宋：AR PL SungtiL GB（替代：未找到仿宋字体，以宋体代替）".</summary>
    public string Description => $"{RoleName}：{Detail}";
}

/// <summary>Raised when no usable CJK TrueType font is found; the message says how to install one.</summary>
public sealed class MissingFontException(string message) : Exception(message);

/// <summary>The font files or system families tried for each role, in order; a family is written <c>family:Name</c>.</summary>
internal sealed record FontCandidates(IReadOnlyDictionary<FontRole, IReadOnlyList<string>> ByRole)
{
    public IReadOnlyList<string> For(FontRole role) => ByRole.TryGetValue(role, out var list) ? list : [];
}

/// <summary>
/// Finds the CJK TrueType faces documents are drawn with, one per <see cref="FontRole"/>: the file configured for
/// the role (<see cref="DocumentOptions.Fonts"/>), else the known Debian/Ubuntu files and system families of that
/// kind, else the role's fallback — 仿宋, 小标宋 and 楷体 fall back to 宋体, 黑体 and 宋体 to each other. (Synthetic bold
/// for a 宋体 standing in for 小标宋 is not used: Skia writes emboldened text as Type 3 outlines, several times larger.) CFF-based fonts (Noto CJK) are never used: Skia writes their text so that it does not extract
/// as the right characters. Loaded once per process; thread-safe.
/// </summary>
public sealed class FontLibrary
{
    internal const string FamilyPrefix = "family:";

    private const string Arphic = "/usr/share/fonts/truetype/arphic";
    private const string SongFile = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf";
    private const string KaiFile = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf";
    private const string MicroHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    private const string ZenHei = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

    /// <summary>
    /// Known fonts per role: the Debian files first (fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp, fonts-wqy-microhei),
    /// then the families Windows, macOS or an office's own installation use. Debian has no GB 仿宋 or 小标宋.
    /// </summary>
    internal static readonly FontCandidates Known = new(new Dictionary<FontRole, IReadOnlyList<string>>
    {
        [FontRole.FangSong] = [.. Families("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong")],
        [FontRole.XiaoBiaoSong] = [.. Families("FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05", "方正小标宋_GBK")],
        [FontRole.Kai] = [KaiFile, $"{Arphic}/ukai.ttc", .. Families("AR PL KaitiM GB", "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti")],
        [FontRole.Hei] = [MicroHei, ZenHei, .. Families("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "黑体", "Microsoft YaHei", "STHeiti")],
        [FontRole.Song] = [SongFile, $"{Arphic}/uming.ttc", .. Families("AR PL SungtiL GB", "AR PL UMing CN", "SimSun", "宋体", "NSimSun", "STSong")],
    });

    /// <summary>What to tell people when no font is found.</summary>
    public const string InstallHint =
        "未找到可用的中文 TrueType 字体，无法生成文档。请安装字体：sudo apt-get install fonts-arphic-gbsn00lp fonts-wqy-microhei fonts-arphic-gkai00mp，" +
        "或在配置项 Documents:Fonts:FangSong（仿宋）、XiaoBiaoSong（小标宋）、Kai（楷体）、Hei（黑体）、Song（宋体）中指定 .ttf/.ttc 字体文件路径。";

    private readonly Lazy<IReadOnlyDictionary<FontRole, ResolvedFont>> _roles;

    public FontLibrary(IOptions<DocumentOptions> options)
        : this(Configured(options.Value), Known)
    {
    }

    internal FontLibrary(IReadOnlyDictionary<FontRole, string> configured, FontCandidates candidates)
    {
        _roles = new Lazy<IReadOnlyDictionary<FontRole, ResolvedFont>>(() => Resolve(configured, candidates), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Every role in the order the editing page lists them: 仿宋, 小标宋, 楷体, 黑体, 宋体.</summary>
    public static IReadOnlyList<FontRole> AllRoles { get; } = [FontRole.FangSong, FontRole.XiaoBiaoSong, FontRole.Kai, FontRole.Hei, FontRole.Song];

    /// <summary>Each role's face and where it came from. Throws <see cref="MissingFontException"/> when no CJK font is installed.</summary>
    public IReadOnlyList<ResolvedFont> Roles => [.. AllRoles.Select(r => _roles.Value[r])];

    /// <summary>The resolved face of a role.</summary>
    public ResolvedFont Resolved(FontRole role) => _roles.Value[role];

    /// <summary>The face for a role.</summary>
    public FontFace For(FontRole role) => _roles.Value[role].Face;

    /// <summary>The distinct physical faces in use, in role order.</summary>
    public IReadOnlyList<FontFace> Faces => [.. Roles.Select(r => r.Face).Distinct()];

    /// <summary>
    /// Faces to try, in order, for a character of <paramref name="role"/> that the role's own face lacks: the role's
    /// face, then its fallback roles' faces, then every other face.
    /// </summary>
    public IReadOnlyList<FontFace> Chain(FontRole role) =>
        [.. new[] { role }.Concat(FallbackRoles(role)).Concat(AllRoles).Select(For).Distinct()];

    /// <summary>The role's name as the standard writes it.</summary>
    public static string NameOf(FontRole role) => role switch
    {
        FontRole.FangSong => "仿宋",
        FontRole.XiaoBiaoSong => "小标宋",
        FontRole.Kai => "楷体",
        FontRole.Hei => "黑体",
        _ => "宋体",
    };

    /// <summary>
    /// Which roles stand in for a role no installed font fills, in order. 仿宋 falls back to 宋体 rather than 楷体 so
    /// that 楷体 二级标题 still stand out from the body.
    /// </summary>
    public static IReadOnlyList<FontRole> FallbackRoles(FontRole role) => role switch
    {
        FontRole.Song => [FontRole.Hei, FontRole.Kai],
        FontRole.Hei => [FontRole.Song, FontRole.Kai],
        _ => [FontRole.Song, FontRole.Hei, FontRole.Kai],
    };

    private static IReadOnlyDictionary<FontRole, string> Configured(DocumentOptions options)
    {
        var files = options.Fonts;
        var configured = new Dictionary<FontRole, string>();
        void Add(FontRole role, string? spec)
        {
            if (!string.IsNullOrWhiteSpace(spec))
                configured.TryAdd(role, spec.Trim());
        }

        Add(FontRole.FangSong, files.FangSong);
        Add(FontRole.XiaoBiaoSong, files.XiaoBiaoSong);
        Add(FontRole.Kai, files.Kai);
        Add(FontRole.Hei, files.Hei);
        Add(FontRole.Song, files.Song);
        Add(FontRole.Song, options.FontFiles.ElementAtOrDefault(0));
        Add(FontRole.Hei, options.FontFiles.ElementAtOrDefault(1));
        return configured;
    }

    /// <summary>
    /// Configured files first (each must load), then each role's known files and families, then the fallback roles.
    /// </summary>
    internal static IReadOnlyDictionary<FontRole, ResolvedFont> Resolve(IReadOnlyDictionary<FontRole, string> configured, FontCandidates candidates)
    {
        var loaded = new Dictionary<string, FontFace?>(StringComparer.Ordinal);
        FontFace? Load(string spec)
        {
            if (!loaded.TryGetValue(spec, out var face))
            {
                face = TryLoad(spec);
                loaded[spec] = face;
            }

            return face;
        }

        var own = new Dictionary<FontRole, (FontFace Face, FontSource Source)>();
        foreach (var role in AllRoles)
        {
            if (configured.TryGetValue(role, out var spec))
            {
                var face = Load(spec) ?? throw new MissingFontException($"配置的{NameOf(role)}字体文件“{spec}”不存在或不是含中文字形的 TrueType 字体。" + InstallHint);
                own[role] = (face, FontSource.Configured);
            }
            else if (candidates.For(role).Select(Load).FirstOrDefault(f => f is not null) is { } found)
            {
                own[role] = (found, FontSource.Installed);
            }
        }

        var resolved = new Dictionary<FontRole, ResolvedFont>();
        foreach (var role in AllRoles)
        {
            if (own.TryGetValue(role, out var mine))
            {
                resolved[role] = new ResolvedFont(role, mine.Face, mine.Source, null);
                continue;
            }

            var standIn = FallbackRoles(role).Where(own.ContainsKey).Select(r => (FontRole?)r).FirstOrDefault()
                ?? throw new MissingFontException(InstallHint);
            var face = own[standIn].Face;
            resolved[role] = new ResolvedFont(role, face, FontSource.Substitute, standIn);
        }

        return resolved;
    }

    private static IEnumerable<string> Families(params string[] names) => names.Select(n => FamilyPrefix + n);

    private static FontFace? TryLoad(string spec)
    {
        if (spec.StartsWith(FamilyPrefix, StringComparison.Ordinal))
            return TryLoadFamily(spec[FamilyPrefix.Length..], spec);
        var index = 0;
        var path = spec;
        var hash = spec.LastIndexOf('#');
        if (hash > 0 && int.TryParse(spec[(hash + 1)..], out var parsed))
        {
            index = parsed;
            path = spec[..hash];
        }

        return File.Exists(path) ? FromBytes(path, index, File.ReadAllBytes(path)) : null;
    }

    /// <summary>A family the system's font manager knows by exactly that name (not its substitute for it).</summary>
    private static FontFace? TryLoadFamily(string family, string spec)
    {
        using var match = SKFontManager.Default.MatchFamily(family);
        if (match is null || !string.Equals(match.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            return null;
        using var stream = match.OpenStream(out var index);
        if (stream is null)
            return null;
        using var data = SKData.Create(stream);
        return data is null ? null : FromBytes(spec, index, data.ToArray());
    }

    private static FontFace? FromBytes(string path, int index, byte[] data)
    {
        // TrueType outlines start with 0x00010000 or 'true'; collections with 'ttcf'. 'OTTO' is CFF: refused.
        if (data.Length < 4 || (data[0] == 'O' && data[1] == 'T' && data[2] == 'T' && data[3] == 'O'))
            return null;
        using var skData = SKData.CreateCopy(data);
        var typeface = SKTypeface.FromData(skData, index);
        if (typeface is null)
            return null;
        // A collection may hold CFF faces too (Noto CJK .ttc): only faces with TrueType outlines ('glyf') are used.
        const uint glyf = 0x676C7966;
        if (typeface.GetTableSize(glyf) <= 0)
        {
            typeface.Dispose();
            return null;
        }

        var face = new FontFace(path, index, data, typeface);
        return face.Has('中') && face.Has('国') ? face : null;
    }
}
