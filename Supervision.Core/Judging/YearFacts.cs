using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>One task of a year: identity, grouping fields and the facts the rules judge it by.</summary>
/// <param name="RegisteredOn">China date of registration: the task does not exist at an earlier 评价时点.</param>
/// <param name="OriginalDeadline">The deadline as first set.</param>
/// <param name="AssistingUnitIds">协办单位; they see the task like the lead unit.</param>
/// <param name="IndicatorName">The indicator's name when the task has one (地区生产总值增速).</param>
/// <param name="State">The task's state now (not as of a past date).</param>
public sealed record TaskRecord(
    int Id,
    string Number,
    string Title,
    TaskSource Source,
    int? CategoryId,
    int LeadUnitId,
    int? ResponsibleLeaderId,
    TaskState State,
    DateOnly RegisteredOn,
    DateOnly OriginalDeadline,
    IReadOnlyList<int> AssistingUnitIds,
    string? IndicatorName,
    TaskFacts Facts)
{
    /// <summary>True for the lead unit and every assisting unit, exactly as <c>TaskVisibility</c> decides.</summary>
    public bool Involves(int unitId) => LeadUnitId == unitId || AssistingUnitIds.Contains(unitId);

    /// <summary>2026-ZD-017 → ZD-017.</summary>
    public string ShortNumber => TaskNumbers.Short(Number);
}

/// <summary>A revision that was sent to the office: when, and when the office decided on it (null while it waits).</summary>
public readonly record struct SentRevision(DateTime SubmittedAt, DateTime? DecidedAt);

/// <summary>One report a unit owes or wrote, with where its latest revision stands and its history with the office.</summary>
/// <param name="CurrentState">State of the latest revision now.</param>
/// <param name="SentBackInUnit">The latest revision is a draft a reviewer inside the unit sent back to the 联络员.</param>
/// <param name="ReturnedOn">China dates on which revisions of this report were returned (退回) by the office.</param>
/// <param name="Sent">Every revision sent to the office, for what waited for review on a past date.</param>
public sealed record ReportRecord(
    int Id,
    int TaskId,
    int UnitId,
    string PeriodKey,
    string PeriodLabel,
    DateOnly DueDate,
    DateTime? FirstSubmittedAt,
    RevisionState CurrentState,
    int CurrentNumber,
    bool SentBackInUnit,
    IReadOnlyList<DateOnly> ReturnedOn,
    IReadOnlyList<SentRevision> Sent)
{
    /// <summary>The latest revision is a draft that came back: returned by the office (a later revision) or sent back inside the unit.</summary>
    public bool IsReturnedDraft => CurrentState == RevisionState.Draft && (CurrentNumber > 1 || SentBackInUnit);

    /// <summary>Whether a revision was waiting for the office's review at <paramref name="moment"/> (UTC).</summary>
    public bool AwaitedReviewAt(DateTime moment)
    {
        foreach (var s in Sent)
        {
            if (s.SubmittedAt < moment && (s.DecidedAt is not { } decided || decided >= moment))
                return true;
        }

        return false;
    }
}

/// <summary>A spot check's outcome for scoring.</summary>
public sealed record SpotCheckRecord(int TaskId, int UnitId, SpotCheckResult Result, DateOnly CheckedOn);

/// <summary>A unit as lists show it (short name where it has one).</summary>
public sealed record YearUnit(int Id, string Name, UnitKind Kind, int SortOrder, bool IsActive);

/// <summary>A city leader.</summary>
public sealed record YearLeader(int Id, string Name, string Title, int SortOrder);

/// <summary>A category of the year.</summary>
public sealed record YearCategory(int Id, string Name, int SortOrder)
{
    /// <summary>
    /// The 主要经济指标 category (offices name it 主要经济指标 or 主要经济发展指标): its indicator tasks are the indicators
    /// seed 002 counts apart from 重点工作.
    /// </summary>
    public bool IsMainIndicators => IsMainIndicatorName(Name);

    /// <summary>Whether a category of this name holds the main indicators.</summary>
    public static bool IsMainIndicatorName(string name) =>
        name.Contains("经济指标", StringComparison.Ordinal) || name.Contains("经济发展指标", StringComparison.Ordinal);
}

/// <summary>
/// Everything about one year that every surface judges from, loaded by <see cref="YearFactsQuery"/> in a few set-based
/// queries for all tasks (the cache is shared by every viewer; each surface keeps only what its viewer may see).
/// </summary>
public sealed record YearFacts(
    int Year,
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyList<YearUnit> Units,
    IReadOnlyList<YearLeader> Leaders,
    IReadOnlyList<YearCategory> Categories,
    IReadOnlyList<ReportRecord> Reports,
    IReadOnlyList<SpotCheckRecord> SpotChecks)
{
    private Names? _names;

    /// <summary>A year with nothing in it.</summary>
    public static YearFacts Empty(int year) => new(year, [], [], [], [], [], []);

    /// <summary>The one name lookup, built from this year's directory.</summary>
    public Names Names => _names ??= new Names(
        Units.ToDictionary(u => u.Id, u => u.Name),
        Leaders.ToDictionary(l => l.Id, l => l.Name),
        Categories.ToDictionary(c => c.Id, c => c.Name));
}
