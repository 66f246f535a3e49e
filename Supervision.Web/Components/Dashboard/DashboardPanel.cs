using Microsoft.AspNetCore.Components;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// A dashboard panel that draws again only when what it shows changed. A live refresh hands every panel a new
/// model, but <see cref="Supervision.Core.Dashboard.ModelReuse"/> keeps each unchanged part the same instance, so
/// comparing <see cref="Shows"/> is a few reference checks, and hundreds of open dashboards skip the panels an
/// accepted report did not touch.
/// </summary>
public abstract class DashboardPanel : ComponentBase
{
    private object? _drawn;

    /// <summary>
    /// Everything the panel's markup depends on, as a tuple compared with <see cref="object.Equals(object?)"/>: the
    /// model parts it reads (records and lists, by reference) and its own parameters. Leaving one out leaves the
    /// panel stale when only that one changes.
    /// </summary>
    protected abstract object Shows { get; }

    /// <inheritdoc />
    protected override bool ShouldRender() => _drawn is null || !_drawn.Equals(Shows);

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender) => _drawn = Shows;
}
