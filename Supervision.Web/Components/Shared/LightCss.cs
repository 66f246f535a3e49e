using Supervision.Core.Rules;

namespace Supervision.Web.Components.Shared;

/// <summary>CSS class of each light (colours live in css/app.css).</summary>
public static class LightCss
{
    public static string Of(TrafficLight light) => light switch
    {
        TrafficLight.Green => "light-green",
        TrafficLight.Yellow => "light-yellow",
        TrafficLight.Red => "light-red",
        TrafficLight.Done => "light-done",
        TrafficLight.Unreported => "light-unreported",
        TrafficLight.NotAssigned => "light-unassigned",
        TrafficLight.NotYetDue => "light-notdue",
        _ => "light-cancelled",
    };
}
