using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>A category row of the file (<c>一、扩大有效投资（15项）</c>).</summary>
/// <param name="RowNumber">Excel row number.</param>
/// <param name="Name">The category name without numbering and count.</param>
/// <param name="DeclaredCount">The count the row states (15项), when it states one.</param>
/// <param name="CategoryId">The existing category of the year, or null when the import creates it.</param>
/// <param name="TaskCount">Task rows found under it.</param>
public sealed record ImportCategory(int RowNumber, string Name, int? DeclaredCount, int? CategoryId, int TaskCount);

/// <summary>One task row of the preview with everything read from it and what is wrong with it.</summary>
public sealed record ImportRow(
    int RowNumber,
    string? Seq,
    string? Category,
    string Title,
    string Content,
    string? Target,
    UnitName? Lead,
    IReadOnlyList<UnitName> Assisting,
    int? LeaderId,
    string? LeaderName,
    string? DeadlineText,
    DateOnly? Deadline,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool HasErrors => Errors.Count > 0;

    /// <summary>The lead unit as the file wrote it (shown when it matched no unit).</summary>
    public string? WrittenLead { get; init; }

    /// <summary>The assisting units as the file wrote them.</summary>
    public IReadOnlyList<string> WrittenAssisting { get; init; } = [];

    /// <summary>The 责任领导 cell as the file wrote it.</summary>
    public string? WrittenLeader { get; init; }
}

/// <summary>
/// What an import would do: the rows read and every problem, per file and per row. Nothing is written until
/// the person confirms, and only when <see cref="CanCommit"/>.
/// </summary>
public sealed record ImportPreview(
    string FileName,
    string Sha256,
    int Year,
    string? SheetName,
    IReadOnlyList<string> FileErrors,
    IReadOnlyList<ImportCategory> Categories,
    IReadOnlyList<ImportRow> Rows)
{
    /// <summary>Notes on the workbook as a whole that do not stop the import (other sheets left unread).</summary>
    public IReadOnlyList<string> SheetNotes { get; init; } = [];

    public int ErrorRowCount => Rows.Count(r => r.HasErrors);
    public int WarningCount => Rows.Sum(r => r.Warnings.Count);
    public bool CanCommit => FileErrors.Count == 0 && Rows.Count > 0 && ErrorRowCount == 0;

    /// <summary>The problems in one Chinese paragraph, for a refusal message.</summary>
    public string Summary()
    {
        if (FileErrors.Count > 0)
            return string.Join(" ", FileErrors);
        var bad = Rows.Where(r => r.HasErrors).Take(5).Select(r => $"第{r.RowNumber}行：{string.Join("；", r.Errors)}");
        var more = ErrorRowCount > 5 ? $" 等共{ErrorRowCount}行有错误。" : "";
        return string.Join(" ", bad) + more;
    }

    internal static ImportPreview Refused(string fileName, string sha256, int year, string error) =>
        new(fileName, sha256, year, null, [error], [], []);
}

/// <summary>The tasks an import created.</summary>
public sealed record ImportResult(int ImportId, int TaskCount, string FirstNumber, string LastNumber, IReadOnlyList<int> TaskIds, int CategoriesCreated);

/// <summary>What the analysis compares the file with: the directory and the year's tasks.</summary>
/// <param name="Units">Every unit with its names.</param>
/// <param name="Leaders">City leaders (id, name).</param>
/// <param name="Categories">The year's categories (id, name).</param>
/// <param name="ExistingContents">Normalized content → number of the year's registered tasks.</param>
/// <param name="PreviousImport">A description of an earlier import of the same file, if any.</param>
public sealed record ImportContext(
    int Year,
    IReadOnlyList<UnitName> Units,
    IReadOnlyList<(int Id, string Name)> Leaders,
    IReadOnlyList<(int Id, string Name)> Categories,
    IReadOnlyDictionary<string, string> ExistingContents,
    string? PreviousImport,
    int MaxRows);

/// <summary>Registration defaults of imported tasks.</summary>
public sealed record ImportSettings(int Year, ReportCycle ReportCycle);
