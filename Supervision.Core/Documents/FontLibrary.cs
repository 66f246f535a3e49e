using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Supervision.Core.Documents;

/// <summary>Which kind of face a piece of text asks for; 公文 set body text in 宋体/仿宋 and headings in 黑体.</summary>
public enum FontRole
{
    /// <summary>Body, titles and tables (宋体-like).</summary>
    Song = 0,

    /// <summary>Level-one headings, table headers (黑体-like).</summary>
    Hei = 1,
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

    /// <summary>The font file.</summary>
    public string Path { get; }

    /// <summary>The face inside a .ttc collection (0 for .ttf).</summary>
    public int Index { get; }

    /// <summary>Family name as the font states it.</summary>
    public string Family => Typeface.FamilyName;

    internal byte[] Data { get; }

    internal SKTypeface Typeface { get; }

    /// <summary>Whether the face has a glyph for <paramref name="codePoint"/>.</summary>
    public bool Has(int codePoint) => _has.GetOrAdd(codePoint, HasGlyph);

    private bool HasGlyph(int codePoint)
    {
        // SKFont wraps one native object; lookups from parallel requests are serialised.
        lock (_probe)
            return _probe.GetGlyph(codePoint) != 0;
    }
}

/// <summary>Raised when no usable CJK TrueType font is found; the message says how to install one.</summary>
public sealed class MissingFontException(string message) : Exception(message);

/// <summary>
/// Finds the CJK TrueType fonts documents are drawn with: the configured files first
/// (<see cref="DocumentOptions.FontFiles"/>), then the known Debian/Ubuntu TrueType CJK font files, then the known
/// TrueType CJK families from the system's font manager (SimSun, WenQuanYi …). CFF-based fonts
/// (Noto CJK) are not used: Skia writes their text so that it does not extract as the right characters.
/// Loaded once per process; thread-safe.
/// </summary>
public sealed class FontLibrary
{
    /// <summary>Known TrueType CJK fonts, 宋体-like first.</summary>
    internal static readonly string[] KnownSongFiles =
    [
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ];

    /// <summary>Known TrueType CJK fonts, 黑体-like first.</summary>
    internal static readonly string[] KnownHeiFiles =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    /// <summary>
    /// Known TrueType CJK families, asked of the system's font manager (fontconfig, Windows, macOS) when none of the
    /// known files exists: 宋体-like first.
    /// </summary>
    internal static readonly string[] KnownSongFamilies =
    [
        "AR PL SungtiL GB", "AR PL UMing CN", "SimSun", "NSimSun", "FangSong", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei",
    ];

    /// <summary>Known TrueType CJK families, 黑体-like first.</summary>
    internal static readonly string[] KnownHeiFamilies =
    [
        "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "AR PL SungtiL GB", "AR PL UMing CN", "SimSun",
    ];

    /// <summary>What to tell people when no font is found.</summary>
    public const string InstallHint =
        "未找到可用的中文 TrueType 字体，无法生成文档。请安装字体：sudo apt-get install fonts-wqy-microhei fonts-arphic-gbsn00lp，" +
        "或在配置项 Documents:FontFiles 中指定 .ttf/.ttc 字体文件路径。";

    private readonly Lazy<(FontFace Song, FontFace Hei)> _faces;

    public FontLibrary(IOptions<DocumentOptions> options)
        : this(options.Value.FontFiles)
    {
    }

    internal FontLibrary(IReadOnlyList<string> configured)
    {
        _faces = new Lazy<(FontFace, FontFace)>(() => Resolve(configured, KnownSongFiles, KnownHeiFiles, KnownSongFamilies, KnownHeiFamilies), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The body face. Throws <see cref="MissingFontException"/> when no CJK font is installed.</summary>
    public FontFace Song => _faces.Value.Song;

    /// <summary>The heading face (the body face when there is only one font).</summary>
    public FontFace Hei => _faces.Value.Hei;

    /// <summary>The face for a role.</summary>
    public FontFace For(FontRole role) => role == FontRole.Hei ? Hei : Song;

    /// <summary>The other face, tried when <paramref name="role"/>'s face lacks a character.</summary>
    public FontFace FallbackFor(FontRole role) => role == FontRole.Hei ? Song : Hei;

    /// <summary>
    /// Configured files first (all must load), then the known files, then the known families from the system's font
    /// manager; a family is addressed as <c>family:Name</c>.
    /// </summary>
    internal static (FontFace Song, FontFace Hei) Resolve(
        IReadOnlyList<string> configured,
        IReadOnlyList<string> knownSong,
        IReadOnlyList<string> knownHei,
        IReadOnlyList<string>? songFamilies = null,
        IReadOnlyList<string>? heiFamilies = null)
    {
        knownSong = [.. knownSong, .. (songFamilies ?? []).Select(f => FamilyPrefix + f)];
        knownHei = [.. knownHei, .. (heiFamilies ?? []).Select(f => FamilyPrefix + f)];
        var loaded = new Dictionary<string, FontFace?>(StringComparer.Ordinal);
        FontFace? Load(string spec)
        {
            if (loaded.TryGetValue(spec, out var cached))
                return cached;
            var face = TryLoad(spec);
            loaded[spec] = face;
            return face;
        }

        var fromConfig = configured.Select(Load).ToList();
        foreach (var (spec, face) in configured.Zip(fromConfig))
        {
            if (face is null)
                throw new MissingFontException($"配置的字体文件“{spec}”不存在或不是含中文字形的 TrueType 字体。" + InstallHint);
        }

        var song = fromConfig.FirstOrDefault() ?? knownSong.Select(Load).FirstOrDefault(f => f is not null);
        var hei = fromConfig.Skip(1).FirstOrDefault() ?? (fromConfig.Count > 0 ? song : knownHei.Select(Load).FirstOrDefault(f => f is not null));
        if (song is null || hei is null)
            throw new MissingFontException(InstallHint);
        return (song, hei);
    }

    private const string FamilyPrefix = "family:";

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
