namespace Supervision.Core.Services;

/// <summary>Who publishes: shown in the app bar and printed on notices and bulletins (configuration section "Office").</summary>
public sealed class OfficeOptions
{
    /// <summary>The supervision office, e.g. 澜江市委市政府督查室.</summary>
    public string Name { get; set; } = "市委市政府督查室";

    /// <summary>The body that issues bulletins in its name, e.g. 澜江市人民政府办公室.</summary>
    public string IssuingOffice { get; set; } = "市人民政府办公室";
}
