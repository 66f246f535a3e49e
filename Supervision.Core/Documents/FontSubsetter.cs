using System.Runtime.InteropServices;

namespace Supervision.Core.Documents;

/// <summary>
/// Cuts a TrueType font down to the characters a document draws, with HarfBuzz's subsetter (exported by the
/// <c>libHarfBuzzSharp</c> native library that HarfBuzzSharp ships). Skia embeds a font program whole, so without
/// this every PDF would carry the full 3–10 MB CJK font.
/// </summary>
internal static class FontSubsetter
{
    private const string Library = "libHarfBuzzSharp";

    // hb_subset_flags_t: drop hinting instructions (useless at print resolution, a large share of CJK fonts).
    private const uint NoHinting = 0x1;

    /// <summary>Returns a standalone TrueType font holding only the glyphs for <paramref name="codePoints"/>.</summary>
    /// <param name="fontData">The whole font file (a .ttf, or a .ttc collection).</param>
    /// <param name="faceIndex">Face in a collection; 0 for a plain .ttf.</param>
    public static byte[] Subset(byte[] fontData, int faceIndex, IEnumerable<int> codePoints)
    {
        var pin = GCHandle.Alloc(fontData, GCHandleType.Pinned);
        nint blob = 0, face = 0, input = 0, subset = 0, subsetBlob = 0;
        try
        {
            // HB_MEMORY_MODE_READONLY (1): HarfBuzz reads the pinned array in place, no copy.
            blob = hb_blob_create(pin.AddrOfPinnedObject(), (uint)fontData.Length, 1, 0, 0);
            face = hb_face_create(blob, (uint)faceIndex);
            input = hb_subset_input_create_or_fail();
            if (input == 0)
                throw new InvalidOperationException("HarfBuzz subset input could not be created.");
            var unicodes = hb_subset_input_unicode_set(input);
            foreach (var cp in codePoints)
                hb_set_add(unicodes, (uint)cp);
            hb_subset_input_set_flags(input, NoHinting);
            subset = hb_subset_or_fail(face, input);
            if (subset == 0)
                throw new InvalidOperationException("HarfBuzz could not subset the font.");
            subsetBlob = hb_face_reference_blob(subset);
            var data = hb_blob_get_data(subsetBlob, out var length);
            var bytes = new byte[length];
            Marshal.Copy(data, bytes, 0, (int)length);
            return bytes;
        }
        finally
        {
            if (subsetBlob != 0)
                hb_blob_destroy(subsetBlob);
            if (subset != 0)
                hb_face_destroy(subset);
            if (input != 0)
                hb_subset_input_destroy(input);
            if (face != 0)
                hb_face_destroy(face);
            if (blob != 0)
                hb_blob_destroy(blob);
            pin.Free();
        }
    }

    [DllImport(Library)]
    private static extern nint hb_blob_create(nint data, uint length, int mode, nint userData, nint destroy);

    [DllImport(Library)]
    private static extern void hb_blob_destroy(nint blob);

    [DllImport(Library)]
    private static extern nint hb_blob_get_data(nint blob, out uint length);

    [DllImport(Library)]
    private static extern nint hb_face_create(nint blob, uint index);

    [DllImport(Library)]
    private static extern void hb_face_destroy(nint face);

    [DllImport(Library)]
    private static extern nint hb_face_reference_blob(nint face);

    [DllImport(Library)]
    private static extern nint hb_subset_input_create_or_fail();

    [DllImport(Library)]
    private static extern void hb_subset_input_destroy(nint input);

    [DllImport(Library)]
    private static extern nint hb_subset_input_unicode_set(nint input);

    [DllImport(Library)]
    private static extern void hb_subset_input_set_flags(nint input, uint flags);

    [DllImport(Library)]
    private static extern void hb_set_add(nint set, uint codePoint);

    [DllImport(Library)]
    private static extern nint hb_subset_or_fail(nint face, nint input);
}
