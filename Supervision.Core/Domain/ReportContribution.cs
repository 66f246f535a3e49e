namespace Supervision.Core.Domain;

/// <summary>
/// An assisting unit's (协办单位) part of the lead unit's report for one period: what it did, attached to the
/// revision being prepared, frozen with it once the lead unit submits.
/// </summary>
public sealed class ReportContribution : Recorded, ITaskScopedRecord
{
    private ReportContribution()
    {
        Text = "";
        AuthorId = "";
        AuthorName = "";
    }

    internal ReportContribution(ProgressReport report, int unitId, string text, string unitName, Actor actor, DateTime at)
    {
        TaskId = report.TaskId;
        ReportId = report.Id;
        RevisionNumber = report.Current.Number;
        UnitId = unitId;
        Text = Guard.Text(text, "配合单位落实情况", 2000);
        AuthorId = actor.UserId;
        AuthorName = actor.Name;
        At = at;
        Record("report.contributed", $"{unitName}补充{report.PeriodLabel}配合落实情况", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int ReportId { get; private set; }
    public int RevisionNumber { get; private set; }
    public int UnitId { get; private set; }
    public string Text { get; private set; }
    public string AuthorId { get; private set; }
    public string AuthorName { get; private set; }
    public DateTime At { get; private set; }
}
