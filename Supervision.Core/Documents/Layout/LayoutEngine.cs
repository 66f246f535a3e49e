using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Supervision.Core.Documents.Layout;

/// <summary>Something to draw on a laid-out page, in points from the page's top-left corner.</summary>
internal abstract record DrawOp
{
    /// <summary>The same operation moved down by <paramref name="dy"/> points.</summary>
    public abstract DrawOp Shifted(float dy);
}

/// <summary>Glyphs of one face at explicit x positions on one baseline.</summary>
internal sealed record TextOp(int Face, float Size, SKColor Color, string Text, float[] X, float Baseline) : DrawOp
{
    public override DrawOp Shifted(float dy) => this with { Baseline = Baseline + dy };
}

internal sealed record LineOp(float X1, float Y1, float X2, float Y2, float Width, SKColor Color, bool Dashed = false) : DrawOp
{
    public override DrawOp Shifted(float dy) => this with { Y1 = Y1 + dy, Y2 = Y2 + dy };
}

internal sealed record RectOp(SKRect Rect, SKColor Fill) : DrawOp
{
    public override DrawOp Shifted(float dy) => this with { Rect = new SKRect(Rect.Left, Rect.Top + dy, Rect.Right, Rect.Bottom + dy) };
}

/// <summary>One page's size and drawing operations in paint order.</summary>
internal sealed class LaidOutPage(PageSetup setup)
{
    public PageSetup Setup { get; set; } = setup;

    /// <summary>The content, in the layout's coordinates (turned onto the sheet for a 横排 page).</summary>
    public List<DrawOp> Ops { get; } = [];

    /// <summary>Page number and marker, in the upright sheet's coordinates.</summary>
    public List<DrawOp> Furniture { get; } = [];

    /// <summary>A blank page before the 版记, or the 版记 page after one: no page number (GB/T 9704 7.5).</summary>
    public bool Unnumbered { get; set; }
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
    private readonly Dictionary<int, float> _minHeights = [];
    private LaidOutPage _page = null!;
    private float _y;
    private int _paragraphs;

    /// <summary>Where each text line on the current page starts in its ops, for moving the last lines on.</summary>
    private readonly List<(int Op, float Top, int Paragraph, int Line)> _lines = [];

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
            engine.Place(i);
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
                case Paragraph p when p.LeadLength > 0 && p.LeadFont is { } lead:
                    yield return (lead, p.Text[..Math.Min(p.LeadLength, p.Text.Length)]);
                    yield return (p.Style.Font, p.Text[Math.Min(p.LeadLength, p.Text.Length)..]);
                    break;
                case Paragraph p:
                    yield return (p.Style.Font, p.Text);
                    break;
                case Signature s:
                    yield return (s.Style.Font, s.Issuer + s.Date);
                    break;
                case Colophon c:
                    yield return (c.Style.Font, $"抄送：{c.CopyTo}{c.Printer}{c.PrintDate}印发");
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
        _lines.Clear();
    }

    private void Place(int index)
    {
        switch (_spec.Blocks[index])
        {
            case Paragraph p:
                PlaceParagraph(p, index);
                break;
            case HorizontalRule r:
                if (!AtTop)
                    _y += r.SpaceBefore;
                _page.Ops.Add(new LineOp(Left, _y + r.Thickness / 2, Left + Width, _y + r.Thickness / 2, r.Thickness, r.Color));
                _y += r.Thickness + r.SpaceAfter;
                break;
            case Spacer s:
                if (!AtTop || s.AtPageTop)
                    _y = Math.Min(_y + s.Height, Bottom);
                break;
            case Colophon c:
                PlaceColophon(c);
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

    /// <summary>
    /// A paragraph broken into lines: the units, their widths, the line ranges, and the font role of each unit
    /// (null: the style's role).
    /// </summary>
    private sealed record Lines(List<string> Units, List<float> Widths, List<(int Start, int End)> Ranges, float FirstIndent, float Indent, float Room, float FirstRoom, FontRole[]? Roles = null);

    private Lines BreakText(string text, TextStyle style, float width, int leadLength = 0, FontRole? leadFont = null, bool keepTitles = false)
    {
        var units = LineBreaker.Units(text);
        var widths = new List<float>(units.Count);
        FontRole[]? roles = null;
        if (leadLength > 0 && leadFont is { } lead)
        {
            roles = new FontRole[units.Count];
            var offset = 0;
            for (var i = 0; i < units.Count; i++)
            {
                roles[i] = offset < leadLength ? lead : style.Font;
                offset += units[i].Length;
            }
        }

        for (var i = 0; i < units.Count; i++)
            widths.Add(_fonts.Measure(roles?[i] ?? style.Font, units[i], style.Size));
        var em = style.Size;
        var indent = style.LeftIndent * em;
        var firstIndent = indent + style.FirstLineIndent * em;
        var room = width - indent - style.RightIndent * em;
        var firstRoom = width - firstIndent - style.RightIndent * em;
        // Centred lines are titles: they keep a 《…》 name whole where they can. Body text never ends on a lone character.
        var ranges = LineBreaker.Break(units, widths, firstRoom, room, keepTitles: keepTitles || style.Align == TextAlign.Center, noLoneLastCharacter: style.Align == TextAlign.Justify);
        return new Lines(units, widths, ranges, firstIndent, indent, room, firstRoom, roles);
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

        var baseline = Baseline(top, style);
        var run = new StringBuilder();
        var xs = new List<float>();
        var runFace = -1;
        for (var i = start; i < end; i++)
        {
            var role = lines.Roles?[i] ?? style.Font;
            foreach (var rune in lines.Units[i].EnumerateRunes())
            {
                var face = _fonts.FaceFor(role, rune.Value);
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
            {
                var (scale, inkCentre) = _fonts.Optical(runFace);
                var positions = xs.ToArray();
                var runBaseline = baseline;
                if (scale > 1f)
                {
                    // Enlarged about each glyph's ink centre: half the extra width to the left, the baseline down.
                    var i = 0;
                    foreach (var rune in run.ToString().EnumerateRunes())
                        positions[i++] -= (scale - 1f) * _fonts.Advance(runFace, rune.Value, style.Size) / 2;
                    runBaseline -= (scale - 1f) * inkCentre * style.Size;
                }

                _page.Ops.Add(new TextOp(runFace, style.Size * scale, style.Color, run.ToString(), positions, runBaseline));
            }

            run.Clear();
            xs.Clear();
        }
    }

    /// <summary>Baseline where the ideographic em box is centred in the line (CJK glyphs sit ~0.12 em below it).</summary>
    internal static float Baseline(float top, TextStyle style) => top + (style.LineHeight / 2) + (style.Size * 0.36f);

    private Lines BreakParagraph(Paragraph p) => BreakText(p.Text, p.Style, Width, p.LeadLength, p.LeadFont, p.KeepTitles);

    private void PlaceParagraph(Paragraph p, int index)
    {
        var style = p.Style;
        var lines = BreakParagraph(p);
        if (!AtTop)
            _y += p.SpaceBefore;
        var height = lines.Ranges.Count * style.LineHeight;
        // A heading goes over with the first lines of what follows (and a chain of headings with the text after them).
        if (p.KeepWithNext && !AtTop && _y + height + MinHeight(index + 1) > Bottom)
            NewPage();

        var count = lines.Ranges.Count;
        int Fits() => (int)Math.Floor((Bottom + 0.01f - _y) / style.LineHeight);

        // No orphan: a paragraph's first line is not left alone at the foot of a page.
        if (count >= 2 && !AtTop && Fits() == 1)
            NewPage();
        var paragraph = ++_paragraphs;
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

            _lines.Add((_page.Ops.Count, _y, paragraph, i));
            DrawLine(lines, i, style, Left, _y);
            _y += style.LineHeight;
            drawnHere++;
        }

        _y += p.SpaceAfter;
    }

    /// <summary>
    /// The least height block <paramref name="index"/> needs on the page it starts on: two lines of a paragraph (all
    /// of a heading chain's), a chart or signature whole, a table's header and first lines.
    /// </summary>
    private float MinHeight(int index)
    {
        if (index >= _spec.Blocks.Count)
            return 0;
        if (_minHeights.TryGetValue(index, out var cached))
            return cached;
        var block = _spec.Blocks[index];
        var height = block switch
        {
            Paragraph p when p.KeepWithNext => p.SpaceBefore + (BreakParagraph(p).Ranges.Count * p.Style.LineHeight) + MinHeight(index + 1),
            Paragraph p => p.SpaceBefore + (Math.Min(2, BreakParagraph(p).Ranges.Count) * p.Style.LineHeight),
            BarChart c => c.SpaceBefore + ChartHeight(c),
            Signature s => s.SpaceBefore + (2 * s.Style.LineHeight),
            Table t => t.SpaceBefore + (3 * (t.CellStyle.LineHeight + (2 * CellPaddingY))),
            _ => 0f,
        };
        _minHeights[index] = height;
        return height;
    }

    private void PlaceSignature(Signature s)
    {
        var style = s.Style;
        var dateWidth = _fonts.Measure(style.Font, s.Date, style.Size);
        var issuerWidth = _fonts.Measure(style.Font, s.Issuer, style.Size);
        if (!AtTop)
            _y += s.SpaceBefore;
        if (_y + (2 * style.LineHeight) > Bottom)
            CarryLastLinesOver(2);
        var dateRight = Left + Width - (s.RightIndentEm * style.Size);
        var centre = dateRight - (dateWidth / 2);
        DrawSingle(s.Issuer, style, Math.Max(Left, centre - (issuerWidth / 2)), _y);
        _y += style.LineHeight;
        DrawSingle(s.Date, style, dateRight - dateWidth, _y);
        _y += style.LineHeight;
    }

    /// <summary>
    /// Starts a new page and moves the last <paramref name="count"/> text lines of this page onto it (with what was
    /// drawn after them), so what comes next — the signature — never stands alone (GB/T 9704 7.3.5 forbids "此页无
    /// 正文"). A paragraph is not left with only its first line behind.
    /// </summary>
    private void CarryLastLinesOver(int count)
    {
        if (_lines.Count == 0)
        {
            NewPage();
            return;
        }

        var first = Math.Max(0, _lines.Count - count);
        if (first > 0 && _lines[first - 1].Line == 0 && _lines[first - 1].Paragraph == _lines[first].Paragraph)
            first--;
        var (op, top, _, _) = _lines[first];
        var moved = _page.Ops.GetRange(op, _page.Ops.Count - op);
        var carried = _lines.Skip(first).ToList();
        var offset = _y - top;
        _page.Ops.RemoveRange(op, _page.Ops.Count - op);
        NewPage();
        var dy = Top - top;
        foreach (var o in moved)
            _page.Ops.Add(o.Shifted(dy));
        foreach (var l in carried)
            _lines.Add((l.Op - op, l.Top + dy, l.Paragraph, l.Line));
        _y = Top + offset;
    }

    /// <summary>
    /// The 版记 at the foot of an even page: this one when it is an upright even page with room, else the next page
    /// when that is even, else a blank page and the one after — both then unnumbered.
    /// </summary>
    private void PlaceColophon(Colophon c)
    {
        var style = c.Style;
        var lineHeight = style.LineHeight;
        var em = style.Size;
        // "抄送：" one character in, a wrapped line lined up after the colon, one character clear of the right edge.
        var copyStyle = style with { Align = TextAlign.Left, FirstLineIndent = -3, LeftIndent = 4, RightIndent = 1 };
        var copyTo = string.IsNullOrWhiteSpace(c.CopyTo) ? null : BreakText($"抄送：{c.CopyTo}", copyStyle, Width);
        var height = ((copyTo?.Ranges.Count ?? 0) + 1) * lineHeight;
        var portrait = _spec.Page;
        var number = _pages.Count;
        var empty = AtTop && _page.Ops.Count == 0;
        if (empty)
            _page.Setup = portrait;
        var here = !Page.TurnedOnSheet && number % 2 == 0 && (empty || _y + height + lineHeight <= Bottom);
        if (!here)
        {
            if (number % 2 == 1 && !empty)
            {
                // The back of this sheet takes the 版记 alone; no blank page comes before it, so it keeps its number.
                NewPage(portrait);
            }
            else
            {
                // 7.5: a blank page, then the 版记 page; neither carries a page number.
                if (!empty)
                    NewPage(portrait);
                _page.Unnumbered = true;
                NewPage(portrait);
                _page.Unnumbered = true;
            }
        }

        var thick = 0.35f * PageSetup.Millimetre;
        var thin = 0.25f * PageSetup.Millimetre;
        var y = Bottom - height;
        var right = Left + Width;
        _page.Ops.Add(new LineOp(Left, y, right, y, thick, SKColors.Black));
        if (copyTo is not null)
        {
            for (var i = 0; i < copyTo.Ranges.Count; i++)
            {
                DrawLine(copyTo, i, copyStyle, Left, y);
                y += lineHeight;
            }

            _page.Ops.Add(new LineOp(Left, y, right, y, thin, SKColors.Black));
        }

        DrawSingle(c.Printer, style, Left + em, y);
        var date = $"{c.PrintDate}印发";
        DrawSingle(date, style, right - em - _fonts.Measure(style.Font, date, style.Size), y);
        y += lineHeight;
        _page.Ops.Add(new LineOp(Left, y, right, y, thick, SKColors.Black));
        _y = Bottom;
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
        if (_y + headerHeight + (rows.Count > 0 ? Need(0) : 0) > Bottom && !AtTop)
            NewPage();
        DrawHeader();

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var lineCount = row.LineCount;
            var from = 0;
            if (_y + Need(r) > Bottom && _y > TableTop() + 0.01f)
            {
                NewPage();
                DrawHeader();
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

        // The room a row needs where it starts: a short row whole, a long one two lines (it splits), and a category
        // row that and the room of the row after it, so a category row never ends a page.
        float Need(int r)
        {
            var row = rows[r];
            if (row.Source.SpanAll && r + 1 < rows.Count)
                return row.Height + Need(r + 1);
            return row.Height <= (Bottom - Top) / 4 ? row.Height : Math.Min(row.Height, (2 * lineHeight) + (2 * CellPaddingY));
        }

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

    private const float BarHeight = 9f;
    private const float GroupGap = 9f;

    private static float ChartHeight(BarChart c)
    {
        var style = c.LabelStyle;
        var plotHeight = Math.Max(1, c.Groups.Count) * ((2 * BarHeight) + GroupGap);
        var referenceHeight = c.ReferenceLabel is null ? 0 : style.LineHeight * 0.8f;
        return (style.LineHeight * 1.4f) + style.LineHeight + referenceHeight + plotHeight + style.LineHeight;
    }

    private void PlaceChart(BarChart c)
    {
        var style = c.LabelStyle;
        const float barHeight = BarHeight;
        const float groupGap = GroupGap;
        var groups = Math.Max(1, c.Groups.Count);
        var titleHeight = style.LineHeight * 1.4f;
        var legendHeight = style.LineHeight;
        var axisHeight = style.LineHeight;
        var plotHeight = groups * ((2 * barHeight) + groupGap);
        // Room between legend and plot for the reference line's label.
        var referenceHeight = c.ReferenceLabel is null ? 0 : style.LineHeight * 0.8f;
        var height = ChartHeight(c);
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
        var numbered = _spec.Numbering is { } n && !(n.OmitOnSinglePage && _pages.Count == 1);
        for (var i = 0; i < _pages.Count; i++)
        {
            _page = _pages[i];
            // Furniture is placed on the upright sheet, where a turned 横排 page keeps it too (GB/T 9704 10.1).
            var sheet = _page.Setup.Sheet;
            var left = sheet.MarginLeft;
            var right = sheet.Width - sheet.MarginRight;
            var bottom = sheet.Height - sheet.MarginBottom;
            var content = _page.Ops.Count;
            if (_spec.Marker is { } marker)
            {
                var style = new TextStyle(FontRole.Hei, 10.5f, 14f, new SKColor(0x99, 0x99, 0x99), TextAlign.Left);
                DrawSingle(marker, style, left, sheet.MarginTop - (16 * PageSetup.Millimetre));
            }

            if (numbered && !_page.Unnumbered)
            {
                var numbering = _spec.Numbering!;
                var text = string.Format(CultureInfo.InvariantCulture, numbering.Format, i + 1);
                var style = numbering.Style;
                var width = _fonts.Measure(style.Font, text, style.Size);
                // GB/T 9704 7.5: the 一字线 7 mm below the text area, one character in from the outside edge.
                var x = i % 2 == 0 ? right - style.Size - width : left + style.Size;
                DrawSingle(text, style, x, bottom + (7 * PageSetup.Millimetre) - (style.LineHeight / 2));
            }

            _page.Furniture.AddRange(_page.Ops.Skip(content));
            _page.Ops.RemoveRange(content, _page.Ops.Count - content);
        }
    }
}
