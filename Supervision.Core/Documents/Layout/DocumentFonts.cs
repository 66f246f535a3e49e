using System.Text;
using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>
/// The fonts of one document: each physical face cut down to the characters the document draws (HarfBuzz
/// subset) and loaded as a Skia typeface, so the PDF embeds a few hundred kilobytes instead of whole CJK fonts.
/// Characters that no face has are collected in <see cref="Missing"/> so callers can report them.
/// </summary>
internal sealed class DocumentFonts : IDisposable
{
    private readonly FontLibrary _library;
    private readonly FontFace[] _faces;
    private readonly SKTypeface[] _typefaces;
    private readonly Dictionary<int, float>[] _advances;
    private readonly Dictionary<(int Face, float Size), SKFont> _fonts = [];
    private readonly SKFont[] _measure;

    private DocumentFonts(FontLibrary library, FontFace[] faces, SKTypeface[] typefaces, IReadOnlyList<string> missing, long[] subsetSizes)
    {
        _library = library;
        _faces = faces;
        _typefaces = typefaces;
        Missing = missing;
        SubsetSizes = subsetSizes;
        _advances = faces.Select(_ => new Dictionary<int, float>()).ToArray();
        _measure = typefaces.Select(t => new SKFont(t, 1000)).ToArray();
    }

    /// <summary>Characters drawn that no available font has (they would print as empty boxes).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Bytes of each subset font, for diagnostics and tests.</summary>
    public IReadOnlyList<long> SubsetSizes { get; }

    /// <summary>Subsets the library's faces for exactly the characters in <paramref name="texts"/>.</summary>
    public static DocumentFonts Create(FontLibrary library, IEnumerable<(FontRole Role, string Text)> texts)
    {
        var song = library.Song;
        var hei = library.Hei;
        var faces = ReferenceEquals(song, hei) || (song.Path == hei.Path && song.Index == hei.Index) ? new[] { song } : [song, hei];
        var wanted = faces.Select(_ => new SortedSet<int>()).ToArray();
        var missing = new SortedSet<int>();
        foreach (var (role, text) in texts)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                var cp = rune.Value;
                if (cp < 0x20)
                    continue;
                var face = Choose(faces, library, role, cp);
                if (face < 0)
                {
                    // Spaces are drawn as gaps; everything else missing is reported.
                    if (!Rune.IsWhiteSpace(rune))
                        missing.Add(cp);
                    face = FaceIndex(faces, library.For(role));
                }

                wanted[face].Add(cp);
            }
        }

        var typefaces = new SKTypeface[faces.Length];
        var sizes = new long[faces.Length];
        for (var i = 0; i < faces.Length; i++)
        {
            // Digits and the page-number dashes are always needed; an empty subset is not a valid font.
            foreach (var c in "0123456789— ")
                wanted[i].Add(c);
            var bytes = FontSubsetter.Subset(faces[i].Data, faces[i].Index, wanted[i]);
            sizes[i] = bytes.Length;
            using var data = SKData.CreateCopy(bytes);
            typefaces[i] = SKTypeface.FromData(data, 0) ?? throw new InvalidOperationException("Subset font could not be loaded.");
        }

        return new DocumentFonts(library, faces, typefaces, missing.Select(char.ConvertFromUtf32).ToList(), sizes);
    }

    /// <summary>Which physical face draws <paramref name="codePoint"/> for <paramref name="role"/>.</summary>
    public int FaceFor(FontRole role, int codePoint)
    {
        var face = Choose(_faces, _library, role, codePoint);
        return face < 0 ? FaceIndex(_faces, _library.For(role)) : face;
    }

    /// <summary>Advance of one code point at <paramref name="size"/> points.</summary>
    public float Advance(int face, int codePoint, float size)
    {
        var cache = _advances[face];
        if (!cache.TryGetValue(codePoint, out var perThousand))
        {
            Span<char> buffer = stackalloc char[2];
            var length = new Rune(codePoint).EncodeToUtf16(buffer);
            perThousand = _measure[face].MeasureText(buffer[..length]);
            cache[codePoint] = perThousand;
        }

        return perThousand * size / 1000f;
    }

    /// <summary>Width of a run of text in one role.</summary>
    public float Measure(FontRole role, string text, float size)
    {
        var width = 0f;
        foreach (var rune in text.EnumerateRunes())
            width += Advance(FaceFor(role, rune.Value), rune.Value, size);
        return width;
    }

    /// <summary>A Skia font for drawing.</summary>
    public SKFont Font(int face, float size)
    {
        if (!_fonts.TryGetValue((face, size), out var font))
        {
            font = new SKFont(_typefaces[face], size) { Subpixel = true, LinearMetrics = true };
            _fonts[(face, size)] = font;
        }

        return font;
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
            font.Dispose();
        foreach (var font in _measure)
            font.Dispose();
        foreach (var typeface in _typefaces)
            typeface.Dispose();
    }

    private static int Choose(FontFace[] faces, FontLibrary library, FontRole role, int cp)
    {
        var primary = library.For(role);
        if (primary.Has(cp))
            return FaceIndex(faces, primary);
        var fallback = library.FallbackFor(role);
        return fallback.Has(cp) ? FaceIndex(faces, fallback) : -1;
    }

    private static int FaceIndex(FontFace[] faces, FontFace face) =>
        faces.Length == 1 || ReferenceEquals(faces[0], face) ? 0 : 1;
}
