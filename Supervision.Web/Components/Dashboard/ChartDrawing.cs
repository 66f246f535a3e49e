using System.Runtime.CompilerServices;
using Supervision.Core.Dashboard;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// The 双过半 chart worked out as the strings its SVG needs: coordinates, labels, hover texts and ledger links.
/// </summary>
/// <remarks>
/// Drawn once per chart and shared: every open dashboard showing the same view holds the same
/// <see cref="ProgressChart"/> instance, and formatting a hundred coordinates and a dozen ledger addresses per circuit
/// was most of what a live refresh of hundreds of dashboards cost. The ledger links come from the model the chart
/// was computed in: a chart instance belongs to one view (year, date, filter; <see cref="ModelReuse"/> carries it
/// only to later models of the same view), so keying the drawing by the chart alone is enough.
/// </remarks>
public sealed class ChartDrawing
{
    // Sized so that in a half-width card (about 550 px) the text stays at 13-14 px: a wider viewBox shrinks it.
    private const double Width = 600;
    private const double LabelWidth = 130;
    private const double RightPad = 120;
    private const double Top = 24;

    private static readonly ConditionalWeakTable<ProgressChart, ChartDrawing[]> _drawn = new();

    private ChartDrawing(DashboardModel model, ProgressChart chart, bool links, double rowHeight)
    {
        Links = links;
        RowHeight = rowHeight;
        var barHeight = (rowHeight - 12) / 2;
        var height = Top + chart.Bars.Count * rowHeight + 8;
        ViewBox = $"0 0 {N(Width)} {N(height)}";
        AxisTop = N(Top - 4);
        AxisBottom = N(height - 4);
        TickY = N(Top - 8);
        Ticks = [.. Enumerable.Range(0, 5).Select(i => (N(X(i * 0.25)), $"{i * 25}%"))];
        HalfX = N(X(0.5));
        Rows = [.. chart.Bars.Select((bar, i) =>
        {
            var y = Top + i * rowHeight;
            return new Row(
                bar,
                links ? LedgerLinks.ForBar(model, chart.Grouping, bar) : null,
                Tooltip(bar),
                N(bar.TimeProgress),
                N(bar.WorkProgress),
                N(y),
                N(rowHeight),
                N(LabelWidth - 8),
                N(y + rowHeight / 2 + 5),
                Short(bar.Label),
                N(X(0)),
                N(y + 5),
                N(BarWidth(bar.TimeProgress)),
                N(y + 6 + barHeight),
                N(BarWidth(bar.WorkProgress)),
                N(barHeight),
                "bar-work " + DashboardCss.ProgressClass(bar.TimeProgress, bar.WorkProgress),
                N(X(Math.Max(bar.TimeProgress, bar.WorkProgress)) + 6),
                DashboardCss.Percent(bar.WorkProgress) + (bar.DoubleHalfNotMet > 0 ? $" · {bar.DoubleHalfNotMet}项未过半" : ""));
        })];
    }

    /// <summary>Whether the rows link to the ledger.</summary>
    public bool Links { get; }

    /// <summary>Height of one group's pair of bars in chart units.</summary>
    public double RowHeight { get; }

    /// <summary>The SVG viewBox.</summary>
    public string ViewBox { get; }

    /// <summary>Where the grid and the 50% line start and end.</summary>
    public string AxisTop { get; }

    /// <inheritdoc cref="AxisTop" />
    public string AxisBottom { get; }

    /// <summary>Baseline of the tick labels.</summary>
    public string TickY { get; }

    /// <summary>Gridlines at 0, 25, 50, 75 and 100%: position and label.</summary>
    public IReadOnlyList<(string X, string Label)> Ticks { get; }

    /// <summary>The “双过半” line's position.</summary>
    public string HalfX { get; }

    /// <summary>One row per bar, in the chart's order.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Full width of the drawing in chart units.</summary>
    public static string FullWidth { get; } = N(Width);

    /// <summary>The drawing of <paramref name="chart"/> from <paramref name="model"/>, made once per chart, link setting and row height.</summary>
    public static ChartDrawing Of(DashboardModel model, ProgressChart chart, bool links, double rowHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var drawings = _drawn.GetValue(chart, static _ => []);
        foreach (var d in drawings)
        {
            if (d.Links == links && d.RowHeight.Equals(rowHeight))
                return d;
        }

        // A chart is shown with two or three settings at most (dashboard, wall screen), so the list stays short; a
        // race only draws one twice.
        var drawing = new ChartDrawing(model, chart, links, rowHeight);
        _drawn.AddOrUpdate(chart, [.. drawings, drawing]);
        return drawing;
    }

    private static string N(double value) => DashboardCss.N(value);

    private static double X(double share) => LabelWidth + Math.Clamp(share, 0, 1) * (Width - LabelWidth - RightPad);

    private static double BarWidth(double share) => Math.Max(0, X(share) - X(0));

    // Eight characters fit the label column at 15 px; the full name is in the hover title.
    private static string Short(string label) => label.Length <= 8 ? label : label[..7] + "…";

    private static string Tooltip(ProgressBar bar) =>
        $"{bar.Label}：{bar.TaskCount}项，平均时间进度{DashboardCss.Percent(bar.TimeProgress)}，平均工作进度{DashboardCss.Percent(bar.WorkProgress)}，“双过半”达标{bar.DoubleHalfMet}项、未达标{bar.DoubleHalfNotMet}项";

    /// <summary>One group's pair of bars, as SVG attribute values.</summary>
    public sealed record Row(
        ProgressBar Bar,
        string? Href,
        string Tooltip,
        string DataTime,
        string DataWork,
        string Y,
        string Height,
        string LabelX,
        string TextY,
        string Label,
        string BarX,
        string TimeY,
        string TimeWidth,
        string WorkY,
        string WorkWidth,
        string BarHeight,
        string WorkClass,
        string ValueX,
        string Value);
}
