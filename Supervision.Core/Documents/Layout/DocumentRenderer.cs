using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>A rendered PDF with what the caller should know about it.</summary>
/// <param name="MissingCharacters">Characters no installed font could draw; printed as empty boxes, so callers must report them.</param>
/// <param name="SubsetFontBytes">Size of each embedded (subset) font program.</param>
public sealed record RenderedPdf(byte[] Bytes, int PageCount, IReadOnlyList<string> MissingCharacters, IReadOnlyList<long> SubsetFontBytes);

/// <summary>Page images of a document for an on-screen preview.</summary>
public sealed record RenderedPreview(IReadOnlyList<byte[]> Pages, int PageCount, IReadOnlyList<string> MissingCharacters);

/// <summary>
/// Lays out a <see cref="DocumentSpec"/> with the project's layout engine and draws it through SkiaSharp: to PDF
/// (SkiaSharp's PDF backend, subset fonts) for documents, or to PNG (a raster surface) for previews. Both come
/// from the same layout, so the preview shows exactly the lines and pages of the PDF.
/// </summary>
public sealed class DocumentRenderer(FontLibrary fonts)
{
    /// <summary>The faces documents are drawn with.</summary>
    public FontLibrary Fonts => fonts;

    /// <summary>Renders the document to PDF bytes.</summary>
    /// <exception cref="MissingFontException">No CJK TrueType font is installed.</exception>
    public RenderedPdf RenderPdf(DocumentSpec spec)
    {
        using var documentFonts = DocumentFonts.Create(fonts, LayoutEngine.Texts(spec));
        var pages = LayoutEngine.Run(spec, documentFonts);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = spec.Info.Title,
            Author = spec.Info.Author,
            Subject = spec.Info.Subject,
            Creator = "督查管理系统",
            Producer = "督查管理系统",
            Creation = spec.Info.Created,
            Modified = spec.Info.Created,
            RasterDpi = 300,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            foreach (var page in pages)
            {
                var sheet = page.Setup.Sheet;
                var canvas = document.BeginPage(sheet.Width, sheet.Height);
                Draw(canvas, page, documentFonts);
                document.EndPage();
            }

            document.Close();
        }

        return new RenderedPdf(stream.ToArray(), pages.Count, documentFonts.Missing, documentFonts.SubsetSizes);
    }

    /// <summary>Renders up to <paramref name="maxPages"/> pages to PNG at <paramref name="scale"/> pixels per point.</summary>
    public RenderedPreview RenderPng(DocumentSpec spec, float scale = 1.5f, int maxPages = int.MaxValue)
    {
        using var documentFonts = DocumentFonts.Create(fonts, LayoutEngine.Texts(spec));
        var pages = LayoutEngine.Run(spec, documentFonts);
        var images = new List<byte[]>();
        foreach (var page in pages.Take(maxPages))
        {
            var sheet = page.Setup.Sheet;
            var info = new SKImageInfo((int)Math.Ceiling(sheet.Width * scale), (int)Math.Ceiling(sheet.Height * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
            using var surface = SKSurface.Create(info);
            var canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            canvas.Scale(scale);
            Draw(canvas, page, documentFonts);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 90);
            images.Add(data.ToArray());
        }

        return new RenderedPreview(images, pages.Count, documentFonts.Missing);
    }

    private static void Draw(SKCanvas canvas, LaidOutPage page, DocumentFonts fonts)
    {
        canvas.Save();
        if (page.Setup.TurnedOnSheet)
        {
            // Layout (x, y) → sheet (y, sheet height − x): the table's head on the sheet's left edge (GB/T 9704 10.1).
            canvas.Translate(0, page.Setup.Width);
            canvas.RotateDegrees(-90);
        }

        Draw(canvas, page.Ops, fonts);
        canvas.Restore();
        Draw(canvas, page.Furniture, fonts);
    }

    private static void Draw(SKCanvas canvas, IEnumerable<DrawOp> ops, DocumentFonts fonts)
    {
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Butt };
        using var dash = SKPathEffect.CreateDash([4f, 3f], 0);
        foreach (var op in ops)
        {
            switch (op)
            {
                case RectOp r:
                    fill.Color = r.Fill;
                    canvas.DrawRect(r.Rect, fill);
                    break;
                case LineOp l:
                    stroke.Color = l.Color;
                    stroke.StrokeWidth = l.Width;
                    stroke.PathEffect = l.Dashed ? dash : null;
                    canvas.DrawLine(l.X1, l.Y1, l.X2, l.Y2, stroke);
                    break;
                case TextOp t:
                    fill.Color = t.Color;
                    var font = fonts.Font(t.Face, t.Size);
                    var points = new SKPoint[t.X.Length];
                    for (var i = 0; i < points.Length; i++)
                        points[i] = new SKPoint(t.X[i], t.Baseline);
                    using (var blob = SKTextBlob.CreatePositioned(t.Text, font, points))
                    {
                        if (blob is not null)
                            canvas.DrawText(blob, 0, 0, fill);
                    }

                    break;
            }
        }
    }
}
