namespace Supervision.Core.Domain;

/// <summary>
/// 抽查核实 (seed 001): an inspector checks a reported result on site, unannounced, by phone or on paper and
/// records whether it held. A false result weighs heavily in the unit's score.
/// </summary>
public sealed class SpotCheck : Recorded, IVersioned
{
    private SpotCheck()
    {
        Notes = "";
        InspectorName = "";
    }

    public SpotCheck(ProgressReport report, int revisionNumber, SpotCheckMethod method, SpotCheckResult result, DateOnly checkedOn, string notes, string? evidence, Actor actor, DateTime at)
    {
        var revision = report.Revisions.FirstOrDefault(r => r.Number == revisionNumber)
            ?? throw new DomainException("所选报告版本不存在。");
        if (revision.SubmittedAt is null)
            throw new DomainException("只能抽查已报送的报告。");
        TaskId = report.TaskId;
        ReportId = report.Id;
        UnitId = report.UnitId;
        RevisionNumber = revisionNumber;
        Method = method;
        Result = result;
        CheckedOn = checkedOn;
        Notes = Guard.Text(notes, "核实情况", 2000);
        Evidence = Guard.OptionalText(evidence, "佐证材料说明", 500);
        InspectorName = actor.Name;
        RecordedAt = at;
        Record("spotcheck.recorded", $"{DisplayNames.Of(method)}核实{report.PeriodLabel}进展：{DisplayNames.Of(result)}", actor, at);
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public int ReportId { get; private set; }
    public int UnitId { get; private set; }
    public int RevisionNumber { get; private set; }
    public SpotCheckMethod Method { get; private set; }
    public SpotCheckResult Result { get; private set; }
    public DateOnly CheckedOn { get; private set; }
    public string Notes { get; private set; }
    public string? Evidence { get; private set; }
    public string InspectorName { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public long Version { get; private set; }
}
