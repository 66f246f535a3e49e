using Microsoft.AspNetCore.Components.Forms;
using Supervision.Core.Domain;

namespace Supervision.Web.Components.Reporting;

/// <summary>What the inspector fills in for one 抽查核实.</summary>
public sealed class SpotCheckInput
{
    public int RevisionNumber { get; set; }

    public SpotCheckMethod Method { get; set; } = SpotCheckMethod.OnSite;

    public SpotCheckResult Result { get; set; } = SpotCheckResult.Confirmed;

    public DateOnly CheckedOn { get; set; }

    public string? Notes { get; set; }

    public string? Evidence { get; set; }

    /// <summary>Evidence files (photos, minutes of a phone check…), stored with the report as 核实佐证.</summary>
    public IReadOnlyList<IBrowserFile> Files { get; set; } = [];

    /// <summary>Needed when the check is dated inside a closed reporting period (关账).</summary>
    public string? CorrectionReason { get; set; }
}
