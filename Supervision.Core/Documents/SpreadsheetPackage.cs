using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Supervision.Core.Documents;

/// <summary>
/// Corrects two things ClosedXML 0.95.4 writes that Excel does not accept as they are: print titles as a relative
/// reference (<c>完成情况表!3:3</c>, which Excel ignores, so the header does not repeat on printed pages) and
/// <c>&lt;col&gt;</c> elements out of order (Excel then offers to repair the file). Works on the saved package's XML
/// text: only the small workbook part and each sheet's <c>&lt;cols&gt;</c> block are parsed, so a table of a thousand
/// rows is not read into a DOM again.
/// </summary>
internal static partial class SpreadsheetPackage
{
    private static readonly XNamespace _main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The workbook with <c>'sheet'!$N:$N</c> print titles for each (sheet, header row) and sorted columns.</summary>
    public static byte[] Tidy(byte[] xlsx, IReadOnlyList<(string Sheet, int HeaderRow)> printTitles)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var workbookEntry = zip.GetEntry("xl/workbook.xml") ?? throw new InvalidOperationException("The workbook has no workbook part.");
            var workbook = XDocument.Parse(Read(workbookEntry));
            var sheets = workbook.Descendants(_main + "sheet").Select(s => (string?)s.Attribute("name")).ToList();
            var names = workbook.Root!.Element(_main + "definedNames");
            if (names is null)
            {
                names = new XElement(_main + "definedNames");
                // definedNames come after sheets (and before calcPr) in the schema's order.
                workbook.Root.Element(_main + "sheets")!.AddAfterSelf(names);
            }

            foreach (var (sheet, headerRow) in printTitles)
            {
                var index = sheets.IndexOf(sheet);
                if (index < 0)
                    continue;
                names.Elements(_main + "definedName")
                    .Where(n => (string?)n.Attribute("name") == "_xlnm.Print_Titles" && (string?)n.Attribute("localSheetId") == index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Remove();
                names.Add(new XElement(
                    _main + "definedName",
                    new XAttribute("name", "_xlnm.Print_Titles"),
                    new XAttribute("localSheetId", index),
                    $"'{sheet.Replace("'", "''", StringComparison.Ordinal)}'!${headerRow}:${headerRow}"));
            }

            Write(workbookEntry, workbook.Declaration + workbook.ToString(SaveOptions.DisableFormatting));

            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList())
            {
                var xml = Read(entry);
                var match = Cols().Match(xml);
                if (!match.Success)
                    continue;
                var prefix = match.Groups["p"].Value;
                // Parse the block alone, with the namespace its prefix stands for.
                var declaration = prefix.Length == 0 ? $"xmlns=\"{_main}\"" : $"xmlns:{prefix.TrimEnd(':')}=\"{_main}\"";
                var block = XElement.Parse(match.Value.Insert(match.Value.IndexOf('>', StringComparison.Ordinal), " " + declaration));
                var sorted = block.Elements().OrderBy(c => (int?)c.Attribute("min") ?? 0).ToList();
                if (sorted.SequenceEqual(block.Elements()))
                    continue;
                var columns = string.Concat(sorted.Select(c => Serialize(c, prefix)));
                Write(entry, string.Concat(xml.AsSpan(0, match.Index), $"<{prefix}cols>{columns}</{prefix}cols>", xml.AsSpan(match.Index + match.Length)));
            }
        }

        return stream.ToArray();
    }

    [GeneratedRegex("<(?<p>[A-Za-z]+:)?cols>.*?</\\k<p>cols>", RegexOptions.Singleline)]
    private static partial Regex Cols();

    /// <summary>A &lt;col&gt; element written back with the sheet's own prefix.</summary>
    private static string Serialize(XElement column, string prefix) =>
        $"<{prefix}col {string.Join(" ", column.Attributes().Select(a => $"{a.Name.LocalName}=\"{System.Security.SecurityElement.Escape(a.Value)}\""))} />";

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void Write(ZipArchiveEntry entry, string xml)
    {
        var written = entry.LastWriteTime;
        using (var stream = entry.Open())
        {
            stream.SetLength(0);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write(xml);
        }

        // The same data keeps giving the same bytes.
        entry.LastWriteTime = written;
    }
}
