using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>Something to draw on a laid-out page, in points from the page's top-left corner.</summary>
internal abstract record DrawOp;

/// <summary>Glyphs of one face at explicit x positions on one baseline.</summary>
internal sealed record TextOp(int Face, float Size, SKColor Color, string Text, float[] X, float Baseline) : DrawOp;

internal sealed record LineOp(float X1, float Y1, float X2, float Y2, float Width, SKColor Color, bool Dashed = false) : DrawOp;

internal sealed record RectOp(SKRect Rect, SKColor Fill) : DrawOp;

/// <summary>One page's size and drawing operations in paint order.</summary>
internal sealed class LaidOutPage(PageSetup setup)
{
    public PageSetup Setup { get; set; } = setup;

    public List<DrawOp> Ops { get; } = [];
}

/// <summary>
/// The project's small layout engine: flows <see cref="Block"/>s onto pages — wrapping text with CJK line
/// breaking, splitting paragraphs and table rows between pages, repeating table headers — and produces drawing
/// operations that <see cref="DocumentRenderer"/> turns into PDF pages or PNG previews.
/// </summary>
internal sealed class LayoutEngine
{
    private const float CellPaddingX = 4f;
    private const float CellPaddingY = 3f;
    private const float Border = 0.6f;

    private readonly DocumentSpec _spec;
    private readonly DocumentFonts _fonts;
    private readonly List<LaidOutPage> _pages = [];
    private LaidOutPage _page = null!;
    private float _y;

    private LayoutEngine(DocumentSpec spec, DocumentFonts fonts)
    {
        _spec = spec;
        _fonts = fonts;
    }

    private PageSetup Page => _page.Setup;

    private float Left => Page.MarginLeft;

    private float Width => Page.ContentWidth;

    private float Top => Page.MarginTop;

    private float Bottom => Page.Height - Page.MarginBottom;

    private bool AtTop => _y <= Top + 0.01f;

    public static List<LaidOutPage> Run(DocumentSpec spec, DocumentFonts fonts)
    {
        var engine = new LayoutEngine(spec, fonts);
        engine.NewPage(spec.Page);
        for (var i = 0; i < spec.Blocks.Count; i++)
            engine.Place(spec.Blocks[i], i + 1 < spec.Blocks.Count ? spec.Blocks[i + 1] : null);
        engine.Decorate();
        return engine._pages;
    }

    /// <summary>Every (role, text) a spec draws, for font subsetting.</summary>
    public static IEnumerable<(FontRole Role, string Text)> Texts(DocumentSpec spec)
    {
        if (spec.Marker is { } marker)
            yield return (FontRole.Hei, marker);
        if (spec.Numbering is { } numbering)
            yield return (numbering.Style.Font, numbering.Format);
        foreach (var block in spec.Blocks)
        {
            switch (block)
            {
                case Paragraph p:
                    yield return (p.Style.Font, p.Text);
                    break;
                case Signature s:
                    yield return (s.Style.Font, s.Issuer + s.Date);
                    break;
                case Table t:
                    foreach (var c in t.Columns)
                        yield return (t.HeaderStyle.Font, c.Header);
                    foreach (var r in t.Rows)
                    {
                        foreach (var cell in r.Cells)
                            yield return (r.Font ?? t.CellStyle.Font, cell);
                    }

                    break;
                case BarChart c:
                    yield return (c.LabelStyle.Font, c.Title + c.FirstSeries + c.SecondSeries + c.ReferenceLabel + "%.");
                    foreach (var g in c.Groups)
                        yield return (c.LabelStyle.Font, g.Label);
                    break;
            }
        }
    }

    /// <summary>Starts a page like the current one, or of <paramref name="setup"/>.</summary>
    private void NewPage(PageSetup? setup = null)
    {
        _page = new LaidOutPage(setup ?? _page.Setup);
        _pages.Add(_page);
        _y = Top;
    }

    private void Place(Block block, Block? next)
    {
        switch (block)
        {
            case Paragraph p:
                PlaceParagraph(p, next);
                break;
            case HorizontalRule r:
                if (!AtTop)
                    _y += r.SpaceBefore;
                _page.Ops.Add(new LineOp(Left, _y + r.Thickness / 2, Left + Width, _y + r.Thickness / 2, r.Thickness, r.Color));
                _y += r.Thickness + r.SpaceAfter;
                break;
            case Spacer s:
                if (!AtTop)
                    _y = Math.Min(_y + s.Height, Bottom);
                break;
            case PageBreak b:
                if (!AtTop || _page.Ops.Count > 0)
                    NewPage(b.Setup);
                else if (b.Setup is { } setup)
                    _page.Setup = setup;
                break;
            case Signature s:
                PlaceSignature(s);
                break;
            case Table t:
                PlaceTable(t);
                break;
            case BarChart c:
                PlaceChart(c);
                break;
        }
    }

    // ---------- text ----------

    /// <summary>A paragraph broken into lines: per line the units and their x offsets from the line start.</summary>
    private sealed record Lines(List<string> Units, List<float> Widths, List<(int Start, int End)> Ranges, float FirstIndent, float Indent, float Room, float FirstRoom);

    private Lines BreakText(string text, TextStyle style, float width)
    {
        var units = LineBreaker.Units(text);
        var widths = new List<float>(units.Count);
        foreach (var u in units)
            widths.Add(_fonts.Measure(style.Font, u, style.Size));
        var em = style.Size;
        var indent = style.LeftIndent * em;
        var firstIndent = indent + style.FirstLineIndent * em;
        var room = width - indent - style.RightIndent * em;
        var firstRoom = width - firstIndent - style.RightIndent * em;
        // Centred lines are titles: they keep a 《…》 name whole where they can.
        var ranges = LineBreaker.Break(units, widths, firstRoom, room, keepTitles: style.Align == TextAlign.Center);
        return new Lines(units, widths, ranges, firstIndent, indent, room, firstRoom);
    }

    /// <summary>Draws line <paramref name="index"/> of <paramref name="lines"/> with its top at <paramref name="top"/>.</summary>
    private void DrawLine(Lines lines, int index, TextStyle style, float left, float top)
    {
        var (start, end) = lines.Ranges[index];
        while (end > start && lines.Units[end - 1] == " ")
            end--;
        var natural = 0f;
        for (var i = start; i < end; i++)
            natural += lines.Widths[i];
        var room = index == 0 ? lines.FirstRoom : lines.Room;
        var x = left + (index == 0 ? lines.FirstIndent : lines.Indent);
        var gap = 0f;
        var last = index == lines.Ranges.Count - 1;
        switch (style.Align)
        {
            case TextAlign.Center:
                x += (room - natural) / 2;
                break;
            case TextAlign.Right:
                x += room - natural;
                break;
            case TextAlign.Justify when !last && end - start > 1:
                // Spread the slack between units so both edges align; a line cut short by 避头尾 stays readable
                // because the slack is at most a character or two.
                var slack = room - natural;
                if (slack > 0 && slack < style.Size * 4)
                    gap = slack / (end - start - 1);
                break;
        }

        // Baseline where the ideographic em box is centred in the line (CJK glyphs sit ~0.12 em below it).
        var baseline = top + style.LineHeight / 2 + style.Size * 0.36f;
        var run = new StringBuilder();
        var xs = new List<float>();
        var runFace = -1;
        for (var i = start; i < end; i++)
        {
            foreach (var rune in lines.Units[i].EnumerateRunes())
            {
                var face = _fonts.FaceFor(style.Font, rune.Value);
                if (face != runFace && run.Length > 0)
                    Flush();
                runFace = face;
                if (rune.Value != ' ')
                {
                    run.Append(rune.ToString());
                    xs.Add(x);
                }

                x += _fonts.Advance(face, rune.Value, style.Size);
            }

            x += gap;
        }

        Flush();

        void Flush()
        {
            if (run.Length > 0)
                _page.Ops.Add(new TextOp(runFace, style.Size, style.Color, run.ToString(), xs.ToArray(), baseline));
            run.Clear();
            xs.Clear();
        }
    }

    private void PlaceParagraph(Paragraph p, Block? next)
    {
        var style = p.Style;
        var lines = BreakText(p.Text, style, Width);
        if (!AtTop)
            _y += p.SpaceBefore;
        var height = lines.Ranges.Count * style.LineHeight;
        if (p.KeepWithNext && !AtTop)
        {
            var following = next is Paragraph n ? n.SpaceBefore + (2 * n.Style.LineHeight) : 2 * style.LineHeight;
            if (_y + height + following > Bottom)
                NewPage();
        }

        var count = lines.Ranges.Count;
        int Fits() => (int)Math.Floor((Bottom + 0.01f - _y) / style.LineHeight);

        // No orphan: a paragraph's first line is not left alone at the foot of a page.
        if (count >= 2 && !AtTop && Fits() == 1)
            NewPage();
        var drawnHere = 0;
        for (var i = 0; i < count; i++)
        {
            var fits = Fits();
            // No widow: when only the last line would go over, the line before it goes over too, as long as two
            // lines of the paragraph stay behind.
            if (fits < 1 || (i == count - 2 && fits == 1 && drawnHere >= 2))
            {
                NewPage();
                drawnHere = 0;
            }

            DrawLine(lines, i, style, Left, _y);
            _y += style.LineHeight;
            drawnHere++;
        }

        _y += p.SpaceAfter;
    }

    private void PlaceSignature(Signature s)
    {
        var style = s.Style;
        var dateWidth = _fonts.Measure(style.Font, s.Date, style.Size);
        var issuerWidth = _fonts.Measure(style.Font, s.Issuer, style.Size);
        if (!AtTop)
            _y += s.SpaceBefore;
        if (_y + (2 * style.LineHeight) > Bottom)
            NewPage();
        var dateRight = Left + Width - (s.RightIndentEm * style.Size);
        var centre = dateRight - (dateWidth / 2);
        DrawSingle(s.Issuer, style, Math.Max(Left, centre - (issuerWidth / 2)), _y);
        _y += style.LineHeight;
        DrawSingle(s.Date, style, dateRight - dateWidth, _y);
        _y += style.LineHeight;
    }

    /// <summary>One line of text at an explicit x, without wrapping.</summary>
    private void DrawSingle(string text, TextStyle style, float x, float top)
    {
        var lines = new Lines([text], [0], [(0, 1)], 0, 0, float.MaxValue, float.MaxValue);
        DrawLine(lines, 0, style with { Align = TextAlign.Left, FirstLineIndent = 0, LeftIndent = 0 }, x, top);
    }

    // ---------- tables ----------

    private sealed record CellLines(Lines Lines, TextStyle Style);

    private void PlaceTable(Table t)
    {
        var total = t.Columns.Sum(c => c.Weight);
        var widths = t.Columns.Select(c => Width * c.Weight / total).ToArray();
        var lineHeight = t.CellStyle.LineHeight;
        if (!AtTop)
            _y += t.SpaceBefore;

        var header = t.Columns.Select((c, i) => new CellLines(BreakText(c.Header, CellStyle(t.HeaderStyle, TextAlign.Center), widths[i] - (2 * CellPaddingX)), t.HeaderStyle)).ToArray();
        var headerHeight = (header.Max(h => h.Lines.Ranges.Count) * t.HeaderStyle.LineHeight) + (2 * CellPaddingY);

        var rows = t.Rows.Select(r => LayRow(t, r, widths)).ToList();
        var firstRowMin = rows.Count > 0 ? Math.Min(rows[0].Height, (2 * lineHeight) + (2 * CellPaddingY)) : 0;
        if (_y + headerHeight + firstRowMin > Bottom && !AtTop)
            NewPage();
        DrawHeader();

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var lineCount = row.LineCount;
            var from = 0;
            // A category row is kept with the first lines of the row after it.
            var keep = row.Source.SpanAll && r + 1 < rows.Count ? Math.Min(rows[r + 1].Height, (2 * lineHeight) + (2 * CellPaddingY)) : 0;
            if (_y + row.Height + keep > Bottom && _y > TableTop() + 0.01f)
            {
                var fit = (int)Math.Floor((Bottom - _y - (2 * CellPaddingY)) / lineHeight);
                var small = row.Height <= (Bottom - Top) / 4;
                if (small || fit < 2 || row.Source.SpanAll)
                {
                    NewPage();
                    DrawHeader();
                }
            }

            while (from < lineCount)
            {
                var fit = (int)Math.Floor((Bottom - _y - (2 * CellPaddingY)) / lineHeight);
                if (fit < 1)
                {
                    NewPage();
                    DrawHeader();
                    continue;
                }

                var take = Math.Min(fit, lineCount - from);
                DrawRowFragment(row, widths, from, take, whole: from == 0 && take == lineCount);
                from += take;
                if (from < lineCount)
                {
                    NewPage();
                    DrawHeader();
                }
            }
        }

        _y += t.SpaceAfter;

        float TableTop() => _tableTop;

        void DrawHeader()
        {
            _tableTop = _y;
            var x = Left;
            _page.Ops.Add(new RectOp(new SKRect(Left, _y, Left + Width, _y + headerHeight), t.HeaderFill));
            for (var i = 0; i < header.Length; i++)
            {
                var h = header[i];
                var textHeight = h.Lines.Ranges.Count * t.HeaderStyle.LineHeight;
                var top = _y + ((headerHeight - textHeight) / 2);
                for (var l = 0; l < h.Lines.Ranges.Count; l++)
                    DrawLine(h.Lines, l, CellStyle(t.HeaderStyle, TextAlign.Center), x + CellPaddingX, top + (l * t.HeaderStyle.LineHeight));
                x += widths[i];
            }

            Grid(widths, _y, headerHeight, spanAll: false);
            _y += headerHeight;
        }
    }

    private float _tableTop;

    private sealed record LaidRow(TableRow Source, CellLines[] Cells, int LineCount, float Height);

    private LaidRow LayRow(Table t, TableRow row, float[] widths)
    {
        var baseStyle = row.Font is { } font ? t.CellStyle with { Font = font } : t.CellStyle;
        CellLines[] cells;
        if (row.SpanAll)
        {
            var style = CellStyle(baseStyle, TextAlign.Left);
            cells = [new CellLines(BreakText(row.Cells.Count > 0 ? row.Cells[0] : "", style, Width - (2 * CellPaddingX)), style)];
        }
        else
        {
            cells = new CellLines[widths.Length];
            for (var i = 0; i < widths.Length; i++)
            {
                var style = CellStyle(baseStyle, t.Columns[i].Align);
                var text = i < row.Cells.Count ? row.Cells[i] : "";
                cells[i] = new CellLines(BreakText(text, style, widths[i] - (2 * CellPaddingX)), style);
            }
        }

        var count = Math.Max(1, cells.Max(c => c.Lines.Ranges.Count));
        return new LaidRow(row, cells, count, (count * t.CellStyle.LineHeight) + (2 * CellPaddingY));
    }

    private void DrawRowFragment(LaidRow row, float[] widths, int from, int take, bool whole)
    {
        var lineHeight = row.Cells[0].Style.LineHeight;
        var height = (take * lineHeight) + (2 * CellPaddingY);
        if (row.Source.Fill is { } fill)
            _page.Ops.Add(new RectOp(new SKRect(Left, _y, Left + Width, _y + height), fill));
        var x = Left;
        for (var i = 0; i < row.Cells.Length; i++)
        {
            var w = row.Source.SpanAll ? Width : widths[i];
            if (row.Source.CellFills is { } fills && fills.TryGetValue(i, out var cellFill))
                _page.Ops.Add(new RectOp(new SKRect(x, _y, x + w, _y + height), cellFill));
            var cell = row.Cells[i];
            var count = cell.Lines.Ranges.Count;
            // Short cells of a row drawn whole are centred vertically, as in a printed 附表.
            var offset = whole ? (row.LineCount - count) * lineHeight / 2 : 0;
            for (var l = from; l < Math.Min(count, from + take); l++)
                DrawLine(cell.Lines, l, cell.Style, x + CellPaddingX, _y + CellPaddingY + offset + ((l - from) * lineHeight));
            x += w;
        }

        Grid(widths, _y, height, row.Source.SpanAll);
        _y += height;
    }

    private void Grid(float[] widths, float top, float height, bool spanAll)
    {
        var black = SKColors.Black;
        var right = Left + Width;
        _page.Ops.Add(new LineOp(Left, top, right, top, Border, black));
        _page.Ops.Add(new LineOp(Left, top + height, right, top + height, Border, black));
        _page.Ops.Add(new LineOp(Left, top, Left, top + height, Border, black));
        _page.Ops.Add(new LineOp(right, top, right, top + height, Border, black));
        if (spanAll)
            return;
        var x = Left;
        for (var i = 0; i < widths.Length - 1; i++)
        {
            x += widths[i];
            _page.Ops.Add(new LineOp(x, top, x, top + height, Border, black));
        }
    }

    private static TextStyle CellStyle(TextStyle style, TextAlign align) =>
        style with { Align = align == TextAlign.Justify ? TextAlign.Left : align, FirstLineIndent = 0, LeftIndent = 0, RightIndent = 0 };

    // ---------- chart ----------

    private void PlaceChart(BarChart c)
    {
        var style = c.LabelStyle;
        const float barHeight = 9f;
        const float groupGap = 9f;
        var groups = Math.Max(1, c.Groups.Count);
        var titleHeight = style.LineHeight * 1.4f;
        var legendHeight = style.LineHeight;
        var axisHeight = style.LineHeight;
        var plotHeight = groups * ((2 * barHeight) + groupGap);
        // Room between legend and plot for the reference line's label.
        var referenceHeight = c.ReferenceLabel is null ? 0 : style.LineHeight * 0.8f;
        var height = titleHeight + legendHeight + referenceHeight + plotHeight + axisHeight;
        if (!AtTop)
            _y += c.SpaceBefore;
        if (_y + height > Bottom)
            NewPage();

        var top = _y;
        DrawSingle(c.Title, style, Left + ((Width - _fonts.Measure(style.Font, c.Title, style.Size)) / 2), top);
        top += titleHeight;

        // Legend: two swatches with their names, centred.
        var swatch = style.Size;
        var firstWidth = _fonts.Measure(style.Font, c.FirstSeries, style.Size);
        var secondWidth = _fonts.Measure(style.Font, c.SecondSeries, style.Size);
        var legendWidth = swatch + 4 + firstWidth + 20 + swatch + 4 + secondWidth;
        var lx = Left + ((Width - legendWidth) / 2);
        var swatchTop = top + ((style.LineHeight - swatch) / 2);
        _page.Ops.Add(new RectOp(new SKRect(lx, swatchTop, lx + swatch, swatchTop + swatch), c.FirstColor));
        DrawSingle(c.FirstSeries, style, lx + swatch + 4, top);
        lx += swatch + 4 + firstWidth + 20;
        _page.Ops.Add(new RectOp(new SKRect(lx, swatchTop, lx + swatch, swatchTop + swatch), c.SecondColor));
        DrawSingle(c.SecondSeries, style, lx + swatch + 4, top);
        top += legendHeight + referenceHeight;

        var labelWidth = Math.Min(Width * 0.3f, c.Groups.Count == 0 ? 0 : c.Groups.Max(g => _fonts.Measure(style.Font, g.Label, style.Size)) + 8);
        var plotLeft = Left + labelWidth;
        var valueRoom = _fonts.Measure(style.Font, "100%", style.Size) + 6;
        var plotWidth = Width - labelWidth - valueRoom;
        var max = Math.Max(1.0, c.Groups.Count == 0 ? 1.0 : c.Groups.Max(g => Math.Max(g.First, g.Second)));
        float X(double share) => plotLeft + (float)(Math.Clamp(share, 0, max) / max * plotWidth);

        var grey = new SKColor(0xBB, 0xBB, 0xBB);
        for (var tick = 0; tick <= 4; tick++)
        {
            var share = max * tick / 4;
            var x = X(share);
            _page.Ops.Add(new LineOp(x, top, x, top + plotHeight, 0.4f, grey));
            var label = Percent(share);
            DrawSingle(label, style, x - (_fonts.Measure(style.Font, label, style.Size) / 2), top + plotHeight);
        }

        var y = top + (groupGap / 2);
        foreach (var g in c.Groups)
        {
            var labelW = _fonts.Measure(style.Font, g.Label, style.Size);
            DrawSingle(g.Label, style, plotLeft - 6 - labelW, y + barHeight - (style.LineHeight / 2));
            _page.Ops.Add(new RectOp(new SKRect(plotLeft, y, X(g.First), y + barHeight), c.FirstColor));
            DrawValue(g.First, X(g.First), y);
            _page.Ops.Add(new RectOp(new SKRect(plotLeft, y + barHeight, X(g.Second), y + (2 * barHeight)), c.SecondColor));
            DrawValue(g.Second, X(g.Second), y + barHeight);
            y += (2 * barHeight) + groupGap;
        }

        _page.Ops.Add(new LineOp(plotLeft, top, plotLeft, top + plotHeight, 0.8f, SKColors.Black));
        if (c.Reference is { } reference)
        {
            var x = X(reference);
            _page.Ops.Add(new LineOp(x, top - 1, x, top + plotHeight, 1f, c.SecondColor, Dashed: true));
            if (c.ReferenceLabel is { } refLabel)
            {
                var small = style with { Size = style.Size * 0.8f, Color = c.SecondColor };
                DrawSingle(refLabel, small, x - (_fonts.Measure(small.Font, refLabel, small.Size) / 2), top - (style.LineHeight * 0.85f));
            }
        }

        _y = top + plotHeight + axisHeight + c.SpaceAfter;

        void DrawValue(double value, float x, float barTop)
        {
            var small = style with { Size = style.Size * 0.75f, LineHeight = barHeight };
            DrawSingle(Percent(value), small, x + 2, barTop);
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    // ---------- page furniture ----------

    private void Decorate()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            _page = _pages[i];
            if (_spec.Marker is { } marker)
            {
                var style = new TextStyle(FontRole.Hei, 10.5f, 14f, new SKColor(0x99, 0x99, 0x99), TextAlign.Left);
                DrawSingle(marker, style, Left, Top - (16 * PageSetup.Millimetre));
            }

            if (_spec.Numbering is { } numbering)
            {
                var text = string.Format(CultureInfo.InvariantCulture, numbering.Format, i + 1);
                var style = numbering.Style;
                var width = _fonts.Measure(style.Font, text, style.Size);
                // GB/T 9704: a line below the text area, one character in from the outside edge.
                var x = i % 2 == 0 ? Left + Width - style.Size - width : Left + style.Size;
                DrawSingle(text, style, x, Bottom + (7 * PageSetup.Millimetre) - (style.LineHeight / 2));
            }
        }
    }
}
