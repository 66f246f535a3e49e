namespace Supervision.Core.Publishing;

/// <summary>Who publishes: shown in the app bar and printed on notices and bulletins (configuration section "Office").</summary>
public sealed class OfficeOptions
{
    /// <summary>The supervision office, e.g. 澜江市委市政府督查室.</summary>
    public string Name { get; set; } = "市委市政府督查室";

    /// <summary>The body that issues bulletins in its name, e.g. 澜江市人民政府办公室.</summary>
    public string IssuingOffice { get; set; } = "市人民政府办公室";

    /// <summary>联系人 printed on 督查通知单, 催办单 and 督办单 (a person or a section, e.g. 督查一科 王敏); empty leaves a blank to fill in.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The office's 联系电话 printed on the forms; empty leaves a blank to fill in.</summary>
    public string Phone { get; set; } = "";

    /// <summary>"联系人：王敏　　联系电话：0000-12345678", with blanks for what is not configured.</summary>
    public string ContactLine => $"联系人：{Blank(Contact)}　　联系电话：{Blank(Phone)}";

    private static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? "＿＿＿＿＿＿" : value.Trim();
}
