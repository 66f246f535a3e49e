using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// The read-only panels of the dashboard rendered once to HTML and shared by every open dashboard that shows them.
/// </summary>
/// <remarks>
/// Every viewer of the same view and date gets the same model instance (<see cref="Supervision.Core.Dashboard.DashboardService"/>),
/// so a panel's markup depends only on it: rendered per circuit, a hundred open dashboards would each build, keep and
/// diff the same tree of thousands of frames after every change. Rendered here with the static
/// <see cref="HtmlRenderer"/>, each circuit holds a few markup frames pointing to the same strings (the HTML cut into
/// runs of a few hundred characters, <see cref="SharedMarkup"/>), and compares strings to know what is to be sent. The
/// cache lives as long as the model part it was rendered from (a <see cref="ConditionalWeakTable{TKey,TValue}"/>), and
/// equal runs are handed out as the same string instance, so an unchanged run costs a reference check.
/// </remarks>
public sealed class PanelMarkup
{
    private const int MaxShared = 512;

    // Runs of markup: a few thousand make a city's dashboards in every view people have open.
    private const int MaxInterned = 16_384;

    private readonly IServiceScopeFactory _scopes;
    private readonly HtmlEncoder _encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ILoggerFactory _loggers;
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<PanelKey, Lazy<Task<SharedMarkup>>>> _rendered = [];
    private readonly SharingCache<string> _interned = new(MaxInterned);
    private readonly SharingCache<SharedMarkup> _shared = new(MaxShared);

    public PanelMarkup(IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        _scopes = scopes;
        _loggers = loggers;
    }

    /// <summary>
    /// The HTML of <paramref name="component"/> with <paramref name="parameters"/>, cut into pieces (<see cref="SharedMarkup"/>).
    /// The first parameter that is an object (the model, a board group, a score list) anchors the cache; the others
    /// complete its key by value.
    /// </summary>
    public Task<SharedMarkup> GetAsync(Type component, IReadOnlyList<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(parameters);
        var anchor = parameters.Select(p => p.Value).FirstOrDefault(v => v is not null and not string && !v.GetType().IsValueType) ?? component;
        var byKey = _rendered.GetValue(anchor, static _ => new ConcurrentDictionary<PanelKey, Lazy<Task<SharedMarkup>>>());
        var key = new PanelKey(component, parameters);
        var lazy = byKey.GetOrAdd(key, k => new Lazy<Task<SharedMarkup>>(() => RenderAsync(k.Component, k.Parameters)));
        var rendering = lazy.Value;
        return rendering.IsCompletedSuccessfully ? rendering : Forgetting(byKey, key, lazy);
    }

    // A render that failed is not kept: the model part it anchors on may live for many changes, and every circuit showing
    // it would get the same failure until then. The next request renders again.
    private static async Task<SharedMarkup> Forgetting(ConcurrentDictionary<PanelKey, Lazy<Task<SharedMarkup>>> byKey, PanelKey key, Lazy<Task<SharedMarkup>> lazy)
    {
        try
        {
            return await lazy.Value;
        }
        catch
        {
            byKey.TryRemove(new KeyValuePair<PanelKey, Lazy<Task<SharedMarkup>>>(key, lazy));
            throw;
        }
    }

    private async Task<SharedMarkup> RenderAsync(Type component, IReadOnlyList<KeyValuePair<string, object?>> parameters)
    {
        // A renderer per render: HtmlRenderer keeps every root component it rendered until it is disposed. It needs a
        // scope of its own (the renderer resolves scoped services), and the same text the interactive renderer would
        // send, without escaping every Chinese character as &#x…;.
        await using var scope = _scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new WithEncoder(scope.ServiceProvider, _encoder), _loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters.ToDictionary(p => p.Key, p => p.Value)));
            return root.ToHtmlString();
        });
        // Equal output is the same instance, so that a circuit whose panel came out unchanged does not even diff it.
        return _shared.GetOrAdd(html, h => SharedMarkup.Of(h, run => _interned.GetOrAdd(run, static r => r)));
    }

    private sealed class PanelKey(Type component, IReadOnlyList<KeyValuePair<string, object?>> parameters) : IEquatable<PanelKey>
    {
        public Type Component { get; } = component;

        public IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; } = parameters;

        public bool Equals(PanelKey? other)
        {
            if (other is null || other.Component != Component || other.Parameters.Count != Parameters.Count)
                return false;
            for (var i = 0; i < Parameters.Count; i++)
            {
                if (Parameters[i].Key != other.Parameters[i].Key || !Equals(Parameters[i].Value, other.Parameters[i].Value))
                    return false;
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as PanelKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Component);
            foreach (var (name, value) in Parameters)
            {
                hash.Add(name);
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class WithEncoder(IServiceProvider inner, HtmlEncoder encoder) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? encoder : inner.GetService(serviceType);
    }
}
