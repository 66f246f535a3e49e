using System.Globalization;

namespace Supervision.Web.Components.Dashboard;

/// <summary>Small formatting helpers shared by the dashboard panels.</summary>
public static class DashboardCss
{
    /// <summary>0.583 → "58%".</summary>
    public static string Percent(double share) => Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number for SVG attributes, always with a dot.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Colour class for a group whose average work is <paramref name="work"/> against time <paramref name="time"/>.</summary>
    public static string ProgressClass(double time, double work)
    {
        var lag = time - work;
        return lag >= 0.2 ? "bar-red" : lag >= 0.1 ? "bar-yellow" : "bar-green";
    }
}
