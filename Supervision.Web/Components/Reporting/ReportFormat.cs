using Supervision.Core.Domain;
using Supervision.Core.Files;
using Supervision.Core.Reporting;

namespace Supervision.Web.Components.Reporting;

/// <summary>Shared wording and css for the reporting pages, so every page says the same.</summary>
public static class ReportFormat
{
    public static string Time(DateTime utc)
    {
        var local = ChinaTime.LocalOf(utc);
        return $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}";
    }

    public static string Date(DateTime utc) => DisplayNames.Date(ChinaTime.DateOf(utc));

    public static string Css(ReportTimeliness t) => t switch
    {
        ReportTimeliness.OnTime => "tl-ontime",
        ReportTimeliness.Late => "tl-late",
        ReportTimeliness.Missing => "tl-missing",
        ReportTimeliness.Supplementary => "tl-ontime",
        _ => "tl-pending",
    };

    public static string Css(RevisionState s) => s switch
    {
        RevisionState.Accepted => "rs-accepted",
        RevisionState.Submitted => "rs-submitted",
        RevisionState.Returned => "rs-returned",
        RevisionState.Draft => "rs-draft",
        _ => "rs-review",
    };

    public static string Css(ChaseLevel level) => level switch
    {
        ChaseLevel.Reminder => "cl-reminder",
        ChaseLevel.Urge => "cl-urge",
        ChaseLevel.SupervisionOrder => "cl-order",
        _ => "cl-red",
    };

    /// <summary>
    /// A step's name in the history. The first step of a later revision is written by the return that opened it,
    /// so it is named for that, not as if the inspector had drafted the report.
    /// </summary>
    public static string StepLabel(int revisionNumber, ReportStepView step) =>
        step.Action == ReportStepAction.Drafted && revisionNumber > 1 ? "退回后转为新版草稿" : DisplayNames.Of(step.Action);

    public static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.#}MB" : $"{Math.Max(1, bytes / 1024)}KB";

    public static string KindName(FileKind kind) => FileInspector.NameOf(kind);

    public static string Progress(ReportRevisionView v, string? unit) =>
        v.IndicatorActual is { } a ? $"{a:0.##}{unit}" : v.ProgressPercent is { } p ? $"{p:0.#}%" : "—";
}
