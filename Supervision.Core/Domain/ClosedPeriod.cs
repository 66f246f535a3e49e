namespace Supervision.Core.Domain;

/// <summary>
/// A reporting period the office has closed (关账): from then on, anything dated on or before its end may only
/// change as a recorded correction with a reason (see <c>PeriodCloseService.EnsureOpenAsync</c>), so issued
/// figures are not quietly rewritten.
/// </summary>
public sealed class ClosedPeriod : Recorded
{
    private ClosedPeriod()
    {
        PeriodKey = "";
        Label = "";
        ClosedByName = "";
    }

    public ClosedPeriod(string periodKey, string label, DateOnly end, Actor actor, DateTime at)
        : this()
    {
        PeriodKey = periodKey;
        Label = label;
        End = end;
        ClosedAt = at;
        ClosedByName = actor.Name;
        Record("period.closed", $"关闭报告期{label}（截至{DisplayNames.Date(end)}）", actor, at);
    }

    public int Id { get; private set; }
    public string PeriodKey { get; private set; }
    public string Label { get; private set; }
    public DateOnly End { get; private set; }
    public DateTime ClosedAt { get; private set; }
    public string ClosedByName { get; private set; }

    /// <summary>How many corrections were recorded against the closed period.</summary>
    public int Corrections { get; private set; }

    /// <summary>Records a late change inside the closed period, with why and what, in the audit record.</summary>
    public void RecordCorrection(string reason, string what, Actor actor, DateTime at)
    {
        var why = Guard.Text(reason, "更正原因", 500);
        Corrections++;
        Record("period.correction", $"{Label}已关闭，更正：{what}；原因：{why}", actor, at);
    }
}
