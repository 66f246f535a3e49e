using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Supervision.Core.Documents;

/// <summary>
/// Corrects two things ClosedXML 0.95.4 writes that Excel does not accept as they are: print titles as a relative
/// reference (<c>完成情况表!3:3</c>, which Excel ignores, so the header does not repeat on printed pages) and
/// <c>&lt;col&gt;</c> elements out of order (Excel then offers to repair the file). Works on the saved package with
/// the Open XML SDK that ClosedXML itself uses.
/// </summary>
internal static class SpreadsheetPackage
{
    /// <summary>The workbook with <c>'sheet'!$N:$N</c> print titles for each (sheet, header row) and sorted columns.</summary>
    public static byte[] Tidy(byte[] xlsx, IReadOnlyList<(string Sheet, int HeaderRow)> printTitles)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("The workbook has no workbook part.");
            var workbook = workbookPart.Workbook;
            var sheets = workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var names = workbook.DefinedNames ?? workbook.AppendChild(new DefinedNames());
            foreach (var (sheetName, headerRow) in printTitles)
            {
                var index = sheets.FindIndex(s => s.Name?.Value == sheetName);
                if (index < 0)
                    continue;
                foreach (var stale in names.Elements<DefinedName>().Where(n => n.Name?.Value == "_xlnm.Print_Titles" && n.LocalSheetId?.Value == (uint)index).ToList())
                    stale.Remove();
                names.AppendChild(new DefinedName($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!${headerRow}:${headerRow}")
                {
                    Name = "_xlnm.Print_Titles",
                    LocalSheetId = (uint)index,
                });
            }

            workbook.Save();
            foreach (var part in workbookPart.WorksheetParts)
            {
                if (part.Worksheet.GetFirstChild<Columns>() is not { } columns)
                    continue;
                var sorted = columns.Elements<Column>().OrderBy(c => c.Min?.Value ?? 0).ToList();
                columns.RemoveAllChildren<Column>();
                foreach (var column in sorted)
                    columns.AppendChild(column);
                part.Worksheet.Save();
            }
        }

        return stream.ToArray();
    }
}
