using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Supervision.Core.Ledger;

/// <summary>One non-empty row of a worksheet: its Excel row number and its cells as text (0-based columns).</summary>
internal sealed record SheetRow(int Number, string[] Cells);

/// <summary>A merged range: Excel row numbers (1-based) and 0-based columns, both inclusive.</summary>
internal readonly record struct MergedRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn)
{
    public int Width => LastColumn - FirstColumn + 1;
    public bool SpansRows => LastRow > FirstRow;
}

/// <summary>A worksheet as text: its non-empty rows in order and its merged ranges. Cells are read as people see them.</summary>
internal sealed class SheetGrid
{
    private readonly Dictionary<(int Row, int Column), MergedRange> _mergeStarts;

    public SheetGrid(string name, IReadOnlyList<SheetRow> rows, IReadOnlyList<MergedRange> merges)
    {
        Name = name;
        Rows = rows;
        Merges = merges;
        ColumnCount = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Length);
        _mergeStarts = merges.GroupBy(m => (m.FirstRow, m.FirstColumn)).ToDictionary(g => g.Key, g => g.First());
    }

    public string Name { get; }
    public IReadOnlyList<SheetRow> Rows { get; }
    public IReadOnlyList<MergedRange> Merges { get; }
    public int ColumnCount { get; }

    /// <summary>How many columns a merge starting at (row number, column) spans; 1 when none starts there.</summary>
    public int MergeWidth(int rowNumber, int column) => _mergeStarts.TryGetValue((rowNumber, column), out var m) ? m.Width : 1;
}

/// <summary>What was read from a workbook: the sheet holding the task table (or none), and other sheets laid out as one too.</summary>
/// <param name="Sheet">The first visible sheet with a complete 分解表 header, else the first with a partial one, else null.</param>
/// <param name="OtherTaskSheets">Names of later sheets with a complete header, which are not imported.</param>
/// <param name="Error">A Chinese refusal (damaged, empty, too many rows), or null.</param>
internal sealed record WorkbookRead(SheetGrid? Sheet, IReadOnlyList<string> OtherTaskSheets, string? Error)
{
    public static WorkbookRead Refused(string error) => new(null, [], error);
}

/// <summary>
/// Reads an already inspected .xlsx straight from its XML parts, streaming, without loading the workbook: the first
/// 15 rows of each visible sheet to find the task table (no more than <c>maxRows</c> rows in all), then every row of
/// that one sheet only, up to <c>2 × maxRows + 100</c> non-empty rows (title, header and category rows come on top of
/// the tasks; the analysis applies the exact limit). Strings are resolved from the shared-string table for the cells
/// read, nothing else, and at most 40 columns are kept, so memory stays bounded whatever else the file holds. A part
/// that does not parse (a truncated sheet) is reported as a damaged file, never read as "no rows".
/// </summary>
internal static partial class TaskSheetReader
{
    /// <summary>Most columns looked at; real 分解表 have fewer than 15.</summary>
    public const int MaxColumns = 40;

    /// <summary>Rows a header may be found in (<see cref="TaskSheetAnalyzer"/> looks no further).</summary>
    public const int HeadRows = 15;

    /// <summary>Excel's own limit of characters in a cell.</summary>
    private const int MaxCellChars = 32_767;

    private const string Damaged = "文件已损坏，无法读取（{0}）。请用Excel打开该文件，另存为新的.xlsx后再导入。";

    private static readonly XmlReaderSettings _xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    public static WorkbookRead Read(Stream xlsx, int maxRows)
    {
        var part = "工作簿结构";
        try
        {
            using var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
            var book = Package.Open(zip);
            if (book is null)
                return WorkbookRead.Refused(string.Format(CultureInfo.InvariantCulture, Damaged, "缺少工作簿内容"));

            // Pass 1: the head of each visible sheet, to find the one with the task table. The row limit holds across
            // the file: once the heads read add up to it, further sheets are not looked at.
            var heads = new List<(Package.Sheet Sheet, RawSheet Raw)>();
            var headRows = 0;
            foreach (var sheet in book.Sheets)
            {
                if (headRows >= maxRows)
                    break;
                part = $"工作表「{sheet.Name}」";
                var head = ReadRows(book, sheet, HeadRows, int.MaxValue, readMerges: false);
                headRows += head.Rows.Count;
                heads.Add((sheet, head));
            }

            if (heads.All(h => h.Raw.Rows.Count == 0 && !h.Raw.HasMore))
                return WorkbookRead.Refused("文件中没有任何内容。");

            part = "共享文本";
            var headStrings = book.SharedStrings(heads.SelectMany(h => h.Raw.StringIndexes()));
            var grids = heads.Select(h => h.Raw.ToGrid(h.Sheet.Name, headStrings)).ToList();
            var complete = grids.FindIndex(g => TaskSheetAnalyzer.HeaderOf(g) is { Missing.Count: 0 });
            var chosen = complete >= 0 ? complete : grids.FindIndex(g => TaskSheetAnalyzer.HeaderOf(g) is not null);
            if (chosen < 0)
                return new WorkbookRead(null, [], null);
            var others = grids.Skip(chosen + 1).Where(g => TaskSheetAnalyzer.HeaderOf(g) is { Missing.Count: 0 }).Select(g => g.Name).ToList();

            // Pass 2: every row of the chosen sheet, up to the cap; the others are never read further.
            var target = heads[chosen].Sheet;
            part = $"工作表「{target.Name}」";
            var cap = (2 * maxRows) + 100;
            var raw = ReadRows(book, target, int.MaxValue, cap, readMerges: true);
            if (raw.HasMore)
                return WorkbookRead.Refused($"工作表「{target.Name}」的行数超过每次最多导入{maxRows}项任务的上限，请分批导入。");
            part = "共享文本";
            var strings = book.SharedStrings(raw.StringIndexes());
            return new WorkbookRead(raw.ToGrid(target.Name, strings), others, null);
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException or FormatException or OverflowException or EndOfStreamException)
        {
            return WorkbookRead.Refused(string.Format(CultureInfo.InvariantCulture, Damaged, $"{part}的数据不完整"));
        }
    }

    /// <summary>A cell as stored: text, or an index into the shared-string table still to be resolved.</summary>
    private readonly record struct RawCell(string? Text, int Shared);

    private sealed class RawSheet
    {
        public List<(int Number, RawCell[] Cells)> Rows { get; } = [];
        public List<MergedRange> Merges { get; } = [];

        /// <summary>More rows follow beyond where reading stopped.</summary>
        public bool HasMore { get; set; }

        public IEnumerable<int> StringIndexes() => Rows.SelectMany(r => r.Cells).Where(c => c.Text is null && c.Shared >= 0).Select(c => c.Shared);

        public SheetGrid ToGrid(string name, IReadOnlyDictionary<int, string> strings)
        {
            var width = Rows.Count == 0 ? 0 : Rows.Max(r => r.Cells.Length);
            var rows = new List<SheetRow>(Rows.Count);
            foreach (var (number, cells) in Rows)
            {
                var text = new string[width];
                for (var c = 0; c < width; c++)
                {
                    text[c] = c >= cells.Length ? ""
                        : cells[c].Text ?? (cells[c].Shared >= 0 && strings.TryGetValue(cells[c].Shared, out var s) ? Clean(s) : "");
                }

                rows.Add(new SheetRow(number, text));
            }

            return new SheetGrid(name, rows, Merges);
        }
    }

    /// <summary>Streams a sheet's rows: up to row number <paramref name="lastRow"/>, at most <paramref name="maxRows"/> non-empty ones.</summary>
    private static RawSheet ReadRows(Package book, Package.Sheet sheet, int lastRow, int maxRows, bool readMerges)
    {
        var result = new RawSheet();
        var entry = book.Entry(sheet.Path);
        if (entry is null)
            throw new InvalidDataException("missing sheet part");
        using var xml = XmlReader.Create(entry.Open(), _xml);
        var nextRow = 1;
        var inData = false;
        // Reading a row or a cell leaves the reader on the node after it, so the loop advances only where nothing was read.
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "sheetData")
            {
                if (!readMerges)
                    return result;
                inData = false;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheetData")
            {
                inData = !xml.IsEmptyElement;
                if (!inData && !readMerges)
                    return result;
            }
            else if (inData && xml.NodeType == XmlNodeType.Element && xml.LocalName == "row")
            {
                var number = xml.GetAttribute("r") is { } r ? int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture) : nextRow;
                nextRow = number + 1;
                var row = ReadRow(xml, book);
                if (row.Length == 0)
                    continue; // Excel writes formatted empty rows too; only a row with a value counts
                if (number > lastRow || result.Rows.Count >= maxRows)
                {
                    result.HasMore = true;
                    return result;
                }

                result.Rows.Add((number, row));
                continue;
            }
            else if (readMerges && xml.NodeType == XmlNodeType.Element && xml.LocalName == "mergeCell")
            {
                if (xml.GetAttribute("ref") is { } range && ParseRange(range) is { } merge)
                    result.Merges.Add(merge);
            }

            xml.Read();
        }

        return result;
    }

    /// <summary>Reads the cells of the row the reader is on (leaving it after the row); empty when no cell has a value.</summary>
    private static RawCell[] ReadRow(XmlReader xml, Package book)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return [];
        }

        var depth = xml.Depth;
        RawCell[]? cells = null;
        var used = 0;
        var next = 0;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
            {
                xml.Read();
                continue;
            }

            var column = xml.GetAttribute("r") is { } reference ? ColumnOf(reference) : next;
            next = column + 1;
            var type = xml.GetAttribute("t");
            var style = xml.GetAttribute("s") is { } s ? int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            var cell = ReadCell(xml, type, style, book);
            if (column < MaxColumns && (cell.Text is { Length: > 0 } || cell.Shared >= 0))
            {
                cells ??= new RawCell[MaxColumns];
                for (var c = used; c < column; c++)
                    cells[c] = new RawCell("", -1);
                cells[column] = cell;
                used = Math.Max(used, column + 1);
            }
        }

        xml.Read(); // past </row>
        return cells is null ? [] : cells[..used];
    }

    /// <summary>Reads one &lt;c&gt; element (leaving the reader after it).</summary>
    private static RawCell ReadCell(XmlReader xml, string? type, int style, Package book)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return new RawCell("", -1);
        }

        var depth = xml.Depth;
        string? value = null;
        string? inline = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
                value = xml.ReadElementContentAsString();
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
                inline = RichText(xml);
            else if (xml.NodeType == XmlNodeType.Element)
                xml.Skip();
            else
                xml.Read();
        }

        xml.Read(); // past </c>
        switch (type)
        {
            case "s":
                return value is null ? new RawCell("", -1) : new RawCell(null, int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture));
            case "inlineStr":
                return new RawCell(Clean(inline ?? value ?? ""), -1);
            case "str" or "e":
                return new RawCell(Clean(value ?? ""), -1);
            case "b":
                return new RawCell(value == "1" ? "TRUE" : value is null ? "" : "FALSE", -1);
            case "d":
                return new RawCell(DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? DateText(iso) : Clean(value ?? ""), -1);
            default:
                if (value is null)
                    return new RawCell("", -1);
                var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (book.IsDateStyle(style) && number is >= 1 and < 2958466)
                    return new RawCell(DateText(DateTime.FromOADate(number)), -1);
                return new RawCell(number.ToString(CultureInfo.InvariantCulture), -1);
        }
    }

    private static string DateText(DateTime d) => $"{d.Year}年{d.Month}月{d.Day}日";

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt;: its runs' &lt;t&gt; joined, phonetic guides (&lt;rPh&gt;) left out.</summary>
    private static string RichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }

        var depth = xml.Depth;
        string? single = null;
        StringBuilder? many = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
                xml.Skip();
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                var t = xml.ReadElementContentAsString();
                if (single is null && many is null)
                    single = t;
                else
                {
                    many ??= new StringBuilder(single);
                    many.Append(t);
                }
            }
            else
                xml.Read();
        }

        xml.Read();
        var text = many?.ToString() ?? single ?? "";
        return text.Length > MaxCellChars ? text[..MaxCellChars] : text;
    }

    /// <summary>As people see it: OOXML escapes (<c>_x000D_</c>) decoded, Windows line breaks as \n, trimmed.</summary>
    private static string Clean(string text)
    {
        if (text.Contains("_x", StringComparison.Ordinal))
            text = Escape().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
        if (text.Contains('\r', StringComparison.Ordinal))
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return text.Trim();
    }

    /// <summary>0-based column of a reference such as <c>AB12</c>.</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z')
                column = (column * 26) + (ch - 'A' + 1);
            else if (ch is >= 'a' and <= 'z')
                column = (column * 26) + (ch - 'a' + 1);
            else
                break;
            if (column > 16_384)
                throw new FormatException("column out of range");
        }

        return column - 1;
    }

    private static MergedRange? ParseRange(string range)
    {
        var parts = range.Split(':');
        if (parts.Length != 2)
            return null;
        static (int Row, int Column) Cell(string reference)
        {
            var digits = reference.AsSpan().IndexOfAnyInRange('0', '9');
            return digits <= 0 ? (0, -1) : (int.Parse(reference.AsSpan(digits), NumberStyles.None, CultureInfo.InvariantCulture), ColumnOf(reference));
        }

        var (r1, c1) = Cell(parts[0]);
        var (r2, c2) = Cell(parts[1]);
        return r1 <= 0 || c1 < 0 || r2 < r1 || c2 < c1 ? null : new MergedRange(r1, c1, r2, c2);
    }

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex Escape();

    /// <summary>The workbook's parts: visible worksheets in order, the shared-string table and which cell styles are dates.</summary>
    private sealed class Package
    {
        private readonly Dictionary<string, ZipArchiveEntry> _entries;
        private readonly string? _sharedStrings;
        private readonly bool[] _dateStyles;

        private Package(Dictionary<string, ZipArchiveEntry> entries, List<Sheet> sheets, string? sharedStrings, bool[] dateStyles)
        {
            _entries = entries;
            Sheets = sheets;
            _sharedStrings = sharedStrings;
            _dateStyles = dateStyles;
        }

        public sealed record Sheet(string Name, string Path);

        public IReadOnlyList<Sheet> Sheets { get; }

        public ZipArchiveEntry? Entry(string path) => _entries.GetValueOrDefault(path);

        public bool IsDateStyle(int style) => style >= 0 && style < _dateStyles.Length && _dateStyles[style];

        public static Package? Open(ZipArchive zip)
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in zip.Entries)
                entries.TryAdd(e.FullName.Replace('\\', '/').TrimStart('/'), e);

            var workbook = Relationships(entries, "").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target ?? "xl/workbook.xml";
            if (!entries.TryGetValue(workbook, out var workbookEntry))
                return null;
            var rels = Relationships(entries, workbook);
            var byId = rels.ToDictionary(r => r.Id, r => r, StringComparer.Ordinal);
            var sheets = new List<Sheet>();
            using (var xml = XmlReader.Create(workbookEntry.Open(), _xml))
            {
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet")
                        continue;
                    var state = xml.GetAttribute("state");
                    var id = RelationshipId(xml);
                    if (state is "hidden" or "veryHidden" || id is null || !byId.TryGetValue(id, out var rel) || !rel.Type.EndsWith("/worksheet", StringComparison.Ordinal))
                        continue;
                    sheets.Add(new Sheet(xml.GetAttribute("name") ?? "", rel.Target));
                }
            }

            var shared = rels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
            var styles = rels.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target;
            return new Package(entries, sheets, shared, styles is not null && entries.TryGetValue(styles, out var s) ? DateStyles(s) : []);
        }

        /// <summary>The strings at <paramref name="indexes"/>, streaming the table once and keeping only those.</summary>
        public IReadOnlyDictionary<int, string> SharedStrings(IEnumerable<int> indexes)
        {
            var wanted = new HashSet<int>(indexes);
            var found = new Dictionary<int, string>(wanted.Count);
            if (wanted.Count == 0 || _sharedStrings is null || !_entries.TryGetValue(_sharedStrings, out var entry))
                return found;
            var last = wanted.Max();
            using var xml = XmlReader.Create(entry.Open(), _xml);
            var index = -1;
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
                {
                    index++;
                    if (wanted.Contains(index))
                        found[index] = RichText(xml);
                    else
                        xml.Skip();
                    if (index >= last)
                        break;
                    continue;
                }

                xml.Read();
            }

            return found;
        }

        private static string? RelationshipId(XmlReader xml)
        {
            for (var i = 0; i < xml.AttributeCount; i++)
            {
                xml.MoveToAttribute(i);
                if (xml.LocalName == "id" && xml.NamespaceURI.Length > 0)
                {
                    var value = xml.Value;
                    xml.MoveToElement();
                    return value;
                }
            }

            xml.MoveToElement();
            return null;
        }

        private readonly record struct Relationship(string Id, string Type, string Target);

        /// <summary>The relationships of <paramref name="part"/> ("" for the package), targets as package paths.</summary>
        private static List<Relationship> Relationships(Dictionary<string, ZipArchiveEntry> entries, string part)
        {
            var folder = part.Contains('/', StringComparison.Ordinal) ? part[..(part.LastIndexOf('/') + 1)] : "";
            var name = part.Length == 0 ? "" : part[(part.LastIndexOf('/') + 1)..];
            var list = new List<Relationship>();
            if (!entries.TryGetValue($"{folder}_rels/{name}.rels", out var entry))
                return list;
            using var xml = XmlReader.Create(entry.Open(), _xml);
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship" || xml.GetAttribute("TargetMode") == "External")
                    continue;
                var target = xml.GetAttribute("Target") ?? "";
                list.Add(new Relationship(xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", Resolve(folder, target)));
            }

            return list;
        }

        private static string Resolve(string folder, string target)
        {
            if (target.StartsWith('/'))
                return target.TrimStart('/');
            var parts = new List<string>((folder + target).Split('/', StringSplitOptions.RemoveEmptyEntries));
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] == "..")
                {
                    parts.RemoveAt(i);
                    if (i > 0)
                        parts.RemoveAt(--i);
                    i--;
                }
                else if (parts[i] == ".")
                    parts.RemoveAt(i--);
            }

            return string.Join('/', parts);
        }

        /// <summary>For each cell style (cellXfs index), whether its number format shows a date.</summary>
        private static bool[] DateStyles(ZipArchiveEntry styles)
        {
            var custom = new Dictionary<int, bool>();
            var xfs = new List<bool>();
            using var xml = XmlReader.Create(styles.Open(), _xml);
            var inCellXfs = false;
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
                {
                    inCellXfs = false;
                    continue;
                }

                if (xml.NodeType != XmlNodeType.Element)
                    continue;
                if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    custom[id] = IsDateFormat(xml.GetAttribute("formatCode") ?? "");
                else if (xml.LocalName == "cellXfs")
                    inCellXfs = !xml.IsEmptyElement;
                else if (inCellXfs && xml.LocalName == "xf")
                {
                    var format = int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    xfs.Add(custom.TryGetValue(format, out var isDate) ? isDate : IsBuiltInDate(format));
                }
            }

            return [.. xfs];
        }

        // Built-in date and time formats, including the East Asian ones (27–36, 50–58) Chinese Excel uses.
        private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

        /// <summary>A custom format shows a date when, outside quotes, escapes and [..] sections, it has y, m, d, h or s.</summary>
        private static bool IsDateFormat(string code)
        {
            var inQuote = false;
            var inBracket = false;
            for (var i = 0; i < code.Length; i++)
            {
                var ch = code[i];
                if (inQuote)
                {
                    inQuote = ch != '"';
                    continue;
                }

                if (inBracket)
                {
                    inBracket = ch != ']';
                    continue;
                }

                switch (ch)
                {
                    case '"':
                        inQuote = true;
                        break;
                    case '[':
                        inBracket = true;
                        break;
                    case '\\' or '_' or '*':
                        i++;
                        break;
                    case ';':
                        return false; // only the first (positive) section decides
                    default:
                        if ("yYmMdDhHsS".Contains(ch, StringComparison.Ordinal))
                            return true;
                        break;
                }
            }

            return false;
        }
    }
}
