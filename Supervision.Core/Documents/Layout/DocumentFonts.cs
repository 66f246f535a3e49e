using System.Text;
using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>
/// The fonts of one document: each physical face that draws something cut down to the characters it draws
/// (HarfBuzz subset) and loaded as a Skia typeface, so the PDF embeds a few hundred kilobytes instead of whole CJK
/// fonts. A character a role's face lacks is drawn by the next face of the role's chain; characters no face has
/// are collected in <see cref="Missing"/> so callers can report them.
/// </summary>
internal sealed class DocumentFonts : IDisposable
{
    private static readonly FontRole[] _roles = Enum.GetValues<FontRole>();

    private readonly FontFace[] _faces;
    private readonly int[][] _chains;
    private readonly SKTypeface?[] _typefaces;
    private readonly Dictionary<int, float>[] _advances;
    private readonly Dictionary<(int Face, float Size), SKFont> _fonts = [];
    private readonly SKFont?[] _measure;

    private DocumentFonts(FontFace[] faces, int[][] chains, SKTypeface?[] typefaces, IReadOnlyList<string> missing, long[] subsetSizes)
    {
        _faces = faces;
        _chains = chains;
        _typefaces = typefaces;
        Missing = missing;
        SubsetSizes = subsetSizes;
        _advances = faces.Select(_ => new Dictionary<int, float>()).ToArray();
        _measure = typefaces.Select(t => t is null ? null : new SKFont(t, 1000)).ToArray();
    }

    /// <summary>Characters drawn that no available font has (they would print as empty boxes).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Bytes of each embedded (subset) font, for diagnostics and tests.</summary>
    public IReadOnlyList<long> SubsetSizes { get; }

    /// <summary>Subsets the library's faces for exactly the characters in <paramref name="texts"/>.</summary>
    public static DocumentFonts Create(FontLibrary library, IEnumerable<(FontRole Role, string Text)> texts)
    {
        var faces = library.Faces.ToArray();
        var chains = new int[_roles.Max(r => (int)r) + 1][];
        foreach (var role in _roles)
            chains[(int)role] = [.. library.Chain(role).Select(f => Array.IndexOf(faces, f))];

        var wanted = faces.Select(_ => new SortedSet<int>()).ToArray();
        var missing = new SortedSet<int>();
        foreach (var (role, text) in texts)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                var cp = rune.Value;
                if (cp < 0x20)
                    continue;
                var face = Choose(faces, chains[(int)role], cp);
                if (face < 0)
                {
                    // Spaces are drawn as gaps; everything else missing is reported.
                    if (!Rune.IsWhiteSpace(rune))
                        missing.Add(cp);
                    face = chains[(int)role][0];
                }

                wanted[face].Add(cp);
            }
        }

        var typefaces = new SKTypeface?[faces.Length];
        var sizes = new List<long>();
        for (var i = 0; i < faces.Length; i++)
        {
            // A face nothing is drawn with is neither subset nor embedded.
            if (wanted[i].Count == 0)
                continue;
            // Digits and the page-number dashes may be drawn by any face; an empty subset is not a valid font.
            foreach (var c in "0123456789— ")
                wanted[i].Add(c);
            var bytes = FontSubsetter.Subset(faces[i].Data, faces[i].Index, wanted[i]);
            sizes.Add(bytes.Length);
            using var data = SKData.CreateCopy(bytes);
            typefaces[i] = SKTypeface.FromData(data, 0) ?? throw new InvalidOperationException("Subset font could not be loaded.");
        }

        return new DocumentFonts(faces, chains, typefaces, missing.Select(char.ConvertFromUtf32).ToList(), [.. sizes]);
    }

    /// <summary>Which physical face draws <paramref name="codePoint"/> for <paramref name="role"/>.</summary>
    public int FaceFor(FontRole role, int codePoint)
    {
        var chain = _chains[(int)role];
        var face = Choose(_faces, chain, codePoint);
        return face < 0 ? chain[0] : face;
    }

    /// <summary>The optical enlargement of a face's glyphs and the ink centre it is applied about (see <see cref="FontFace.Optical"/>).</summary>
    public (float Scale, float InkCentre) Optical(int face) => _faces[face].Optical;

    /// <summary>Advance of one code point at <paramref name="size"/> points.</summary>
    public float Advance(int face, int codePoint, float size)
    {
        var cache = _advances[face];
        if (!cache.TryGetValue(codePoint, out var perThousand))
        {
            Span<char> buffer = stackalloc char[2];
            var length = new Rune(codePoint).EncodeToUtf16(buffer);
            perThousand = _measure[face]!.MeasureText(buffer[..length]);
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
            font?.Dispose();
        foreach (var typeface in _typefaces)
            typeface?.Dispose();
    }

    private static int Choose(FontFace[] faces, int[] chain, int cp)
    {
        foreach (var face in chain)
        {
            if (faces[face].Has(cp))
                return face;
        }

        return -1;
    }
}
