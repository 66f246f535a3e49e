using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>A category row of the file (<c>一、扩大有效投资（15项）</c>), or a name of the file's 类别 column.</summary>
/// <param name="RowNumber">Excel row number (of the first row naming it, for a 类别 column).</param>
/// <param name="Name">The category name without numbering and count, as the file writes it.</param>
/// <param name="DeclaredCount">The count the row states (15项), when it states one.</param>
/// <param name="CategoryId">The year's category the rows go to, or null when the import creates one named <paramref name="Name"/>.</param>
/// <param name="TaskCount">Task rows found under it.</param>
public sealed record ImportCategory(int RowNumber, string Name, int? DeclaredCount, int? CategoryId, int TaskCount)
{
    /// <summary>The name of the year's category it goes to, when that differs from <see cref="Name"/> (an alias or a person's choice).</summary>
    public string? MappedTo { get; init; }

    /// <summary>A category of the year whose name the file's name contains — offered in the preview, never applied unasked.</summary>
    public ImportOption? Suggestion { get; init; }
}

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

    /// <summary>The year's category the row goes to; null with a <see cref="Category"/> name means the import creates it.</summary>
    public int? CategoryId { get; init; }

    /// <summary>
    /// When the lead position names unit groups (各县（市）区政府): their members, each leading its own copy of the task
    /// (分别落实). <see cref="Lead"/> is then null.
    /// </summary>
    public IReadOnlyList<UnitName> SplitLeads { get; init; } = [];

    /// <summary>The groups named in the lead position, as the directory names them.</summary>
    public IReadOnlyList<string> LeadGroups { get; init; } = [];

    /// <summary>The groups expanded into <see cref="Assisting"/>, as the directory names them, with their members.</summary>
    public IReadOnlyList<UnitGroupName> AssistingGroups { get; init; } = [];

    /// <summary>How many tasks the row becomes: one per lead.</summary>
    public int TaskCount => SplitLeads.Count > 0 ? SplitLeads.Count : 1;

    /// <summary>The lead unit as the file wrote it (shown when it matched no unit).</summary>
    public string? WrittenLead { get; init; }

    /// <summary>The assisting units as the file wrote them.</summary>
    public IReadOnlyList<string> WrittenAssisting { get; init; } = [];

    /// <summary>The written unit names that matched nothing (shown marked in the preview).</summary>
    public IReadOnlyList<string> UnmatchedUnits { get; init; } = [];

    /// <summary>The 责任领导 cell as the file wrote it.</summary>
    public string? WrittenLeader { get; init; }

    /// <summary>The row whose content cell is merged down over this one (one content, a row per unit), if any.</summary>
    public int? SharedContentFrom { get; init; }
}

/// <summary>What a name in the file can be resolved to.</summary>
public enum ImportTargetKind
{
    Unit,
    Group,
    Leader,
    Category,
}

/// <summary>What kind of name a question or an answer is about.</summary>
public enum ImportNameKind
{
    Unit,
    Leader,
    Category,
}

/// <summary>An entry of the directory offered for a name: a unit, a unit group, a leader or a category of the year.</summary>
public sealed record ImportOption(ImportTargetKind Kind, int Id, string Label);

/// <summary>
/// A name of the file the directory cannot settle — unknown, disabled or ambiguous — asked once for every row that
/// writes it. Answering it (<see cref="ImportAnswer"/>) resolves all those rows.
/// </summary>
/// <param name="Kind">Unit or leader.</param>
/// <param name="Written">The name as the file writes it.</param>
/// <param name="Problem">What is wrong, in Chinese.</param>
/// <param name="Rows">Excel row numbers that write it.</param>
/// <param name="Suggestions">The likeliest entries, best first (for an ambiguous leader: exactly the candidates).</param>
public sealed record ImportQuestion(ImportNameKind Kind, string Written, string Problem, IReadOnlyList<int> Rows, IReadOnlyList<ImportOption> Suggestions)
{
    /// <summary>Several entries fit equally (王副市长 with two 副市长 surnamed 王): the person must choose.</summary>
    public bool Ambiguous { get; init; }
}

/// <summary>A person's answer for one name of the file: every row writing <paramref name="Written"/> means the entry given.</summary>
public sealed record ImportAnswer(ImportNameKind Kind, string Written, ImportTargetKind Target, int Id)
{
    /// <summary>The form the name is compared in, so 市政务服务中心 and 市政务服务中心（牵头） are one answer.</summary>
    public string Key => KeyOf(Kind, Written);

    public static string KeyOf(ImportNameKind kind, string written) => kind switch
    {
        ImportNameKind.Unit => UnitMatcher.Key(written),
        ImportNameKind.Leader => LeaderMatcher.Key(written),
        _ => TaskSheetAnalyzer.ContentKey(TaskSheetAnalyzer.ParseCategory(written).Name),
    };
}

/// <summary>The answers given in the preview that were not remembered in the directory; they hold for this import only.</summary>
public sealed record ImportChoices(IReadOnlyList<ImportAnswer> Answers)
{
    public static ImportChoices None { get; } = new([]);

    /// <summary>These answers with <paramref name="answer"/> replacing any earlier one for the same name.</summary>
    public ImportChoices With(ImportAnswer answer) =>
        new(Answers.Where(a => a.Kind != answer.Kind || a.Key != answer.Key).Append(answer).ToList());

    /// <summary>These answers without the one for <paramref name="answer"/>'s name.</summary>
    public ImportChoices Without(ImportAnswer answer) => new(Answers.Where(a => a.Kind != answer.Kind || a.Key != answer.Key).ToList());

    internal ImportAnswer? For(ImportNameKind kind, string key) => Answers.LastOrDefault(a => a.Kind == kind && a.Key == key);
}

/// <summary>
/// What an import would do: the rows read and every problem, per file and per row, and the names to settle. Nothing is
/// written until the person confirms, and only when <see cref="CanCommit"/>.
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

    /// <summary>Unknown, disabled or ambiguous names, each once with the rows that write it.</summary>
    public IReadOnlyList<ImportQuestion> Questions { get; init; } = [];

    public int ErrorRowCount => Rows.Count(r => r.HasErrors);
    public int WarningCount => Rows.Sum(r => r.Warnings.Count);

    /// <summary>Tasks the import would create: a row led by a unit group becomes one task per member.</summary>
    public int TaskCount => Rows.Sum(r => r.TaskCount);

    /// <summary>The file was refused as a whole (not an xlsx, damaged, no header …): there are no rows to show.</summary>
    public bool IsRefused => FileErrors.Count > 0 && Rows.Count == 0;

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

/// <summary>A city leader as imports match it: name, title (职务, several separated by 、) and other names files use.</summary>
public sealed record LeaderName(int Id, string Name, string Title, IReadOnlyList<string> Aliases)
{
    public string Display => Title.Length == 0 ? Name : $"{Name}（{Title}）";
}

/// <summary>A category of the year with the other names files have used for it.</summary>
public sealed record CategoryName(int Id, string Name, IReadOnlyList<string> Aliases);

/// <summary>A unit group (各县（市）区政府) with its names and its active member units, in directory order.</summary>
public sealed record UnitGroupName(int Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<UnitName> Members);

/// <summary>What the analysis compares the file with: the directory, the year's tasks and the answers given so far.</summary>
/// <param name="Units">Every unit with its names.</param>
/// <param name="Leaders">Active city leaders.</param>
/// <param name="Categories">The year's categories.</param>
/// <param name="ExistingContents">Normalized content → number of the year's registered tasks.</param>
/// <param name="PreviousImport">A description of an earlier import of the same file, if any.</param>
public sealed record ImportContext(
    int Year,
    IReadOnlyList<UnitName> Units,
    IReadOnlyList<LeaderName> Leaders,
    IReadOnlyList<CategoryName> Categories,
    IReadOnlyDictionary<string, string> ExistingContents,
    string? PreviousImport,
    int MaxRows)
{
    /// <summary>Unit groups of the directory.</summary>
    public IReadOnlyList<UnitGroupName> Groups { get; init; } = [];

    /// <summary>The import day (China time): an earlier deadline is a warning.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>Answers given in the preview for this import only.</summary>
    public ImportChoices Choices { get; init; } = ImportChoices.None;
}

/// <summary>Registration defaults of imported tasks, and the answers given in the preview for this import only.</summary>
public sealed record ImportSettings(int Year, ReportCycle ReportCycle)
{
    public ImportChoices Choices { get; init; } = ImportChoices.None;
}

/// <summary>The directory's entries an answer can pick from, for the preview's pickers.</summary>
public sealed record ImportDirectory(IReadOnlyList<ImportOption> Units, IReadOnlyList<ImportOption> Groups, IReadOnlyList<ImportOption> Leaders, IReadOnlyList<ImportOption> Categories);
