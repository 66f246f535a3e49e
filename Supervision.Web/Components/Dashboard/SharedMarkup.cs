using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Supervision.Web.Components.Dashboard;

/// <summary>
/// A shared panel's HTML, cut into pieces of at most <see cref="Leaf"/> characters that each circuit draws as its own
/// markup frame, inside the elements that hold them.
/// </summary>
/// <remarks>
/// Blazor sends a changed markup frame whole: as one string, a chart whose one bar moved by a pixel went again to every
/// open dashboard at 11 KB, and the browser replaced the whole chart. Cut into pieces, only the pieces whose text changed
/// are sent and redrawn; the others are equal to (and, interned, the same instance as) what the circuit holds, which the
/// diff settles with a reference check. Larger pieces would cost more bytes per change, smaller ones more frames held by
/// every circuit.
/// </remarks>
public sealed class SharedMarkup
{
    /// <summary>The longest run of HTML kept as one markup frame (characters).</summary>
    public const int Leaf = 320;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    // Elements whose content is not markup: kept whole, never looked into.
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "textarea", "title" };

    private readonly IReadOnlyList<Piece> _pieces;

    private SharedMarkup(string html, IReadOnlyList<Piece> pieces)
    {
        Html = html;
        _pieces = pieces;
        Content = builder => Build(builder, _pieces);
    }

    /// <summary>The panel's whole HTML.</summary>
    public string Html { get; }

    /// <summary>The pieces as frames (elements and markup), the same delegate for every circuit.</summary>
    public RenderFragment Content { get; }

    /// <summary>How many markup frames the HTML was cut into.</summary>
    public int Leaves => Count(_pieces);

    /// <summary>
    /// The markup runs drawn as frames, in document order (tests: an unchanged run is the very same string).
    /// </summary>
    public IEnumerable<string> Runs => RunsOf(_pieces);

    /// <summary>
    /// Cuts <paramref name="html"/> into pieces; each run of markup is handed through <paramref name="intern"/>, so equal
    /// runs of successive renders are one instance. HTML it cannot follow is kept as one piece, as before.
    /// </summary>
    public static SharedMarkup Of(string html, Func<string, string> intern)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(intern);
        var nodes = html.Length > Leaf ? Parse(html) : null;
        return new SharedMarkup(html, nodes is null ? [new Run(intern(html))] : Cut(html, nodes, intern));
    }

    private static List<Piece> Cut(string html, List<Node> nodes, Func<string, string> intern)
    {
        var pieces = new List<Piece>();
        int start = -1, end = -1;
        foreach (var node in nodes)
        {
            if (node.Children is { } children && node.End - node.Start > Leaf)
            {
                Flush();
                pieces.Add(new Element(node.Name!, node.Attributes!, Cut(html, children, intern)));
                continue;
            }

            if (start >= 0 && node.End - start > Leaf)
                Flush();
            if (start < 0)
                start = node.Start;
            end = node.End;
        }

        Flush();
        return pieces;

        void Flush()
        {
            if (start >= 0)
                pieces.Add(new Run(intern(html[start..end])));
            start = -1;
        }
    }

    private static void Build(RenderTreeBuilder builder, IReadOnlyList<Piece> pieces)
    {
        // One sequence number throughout, as a loop writes it: the diff pairs pieces by position, so a changed run is an
        // update of that frame alone.
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case Run run:
                    builder.AddMarkupContent(0, run.Html);
                    break;
                case Element element:
                    builder.OpenElement(0, element.Name);
                    foreach (var (name, value) in element.Attributes)
                        builder.AddAttribute(0, name, value);
                    Build(builder, element.Children);
                    builder.CloseElement();
                    break;
            }
        }
    }

    private static int Count(IReadOnlyList<Piece> pieces) => pieces.Sum(p => p is Element e ? Count(e.Children) : 1);

    private static IEnumerable<string> RunsOf(IReadOnlyList<Piece> pieces) =>
        pieces.SelectMany(p => p is Element e ? RunsOf(e.Children) : [((Run)p).Html]);

    // The HTML as a tree of elements, text and comments, by their positions in it; null when it is not what the
    // HtmlRenderer writes (every element closed, attributes quoted), so that nothing is cut on a guess.
    private static List<Node>? Parse(string html)
    {
        var top = new List<Node>();
        var open = new Stack<Node>();
        var i = 0;
        while (i < html.Length)
        {
            var siblings = open.Count == 0 ? top : open.Peek().Children!;
            if (html[i] != '<')
            {
                var next = html.IndexOf('<', i);
                next = next < 0 ? html.Length : next;
                siblings.Add(new Node(i, next));
                i = next;
            }
            else if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (close < 0)
                    return null;
                siblings.Add(new Node(i, close + 3));
                i = close + 3;
            }
            else if (i + 1 < html.Length && html[i + 1] == '/')
            {
                var close = html.IndexOf('>', i);
                if (close < 0 || open.Count == 0)
                    return null;
                var element = open.Pop();
                if (!html.AsSpan(i + 2, close - i - 2).Trim().Equals(element.Name, StringComparison.OrdinalIgnoreCase))
                    return null;
                element.End = close + 1;
                i = close + 1;
            }
            else
            {
                var element = Tag(html, i, out var after, out var closed);
                if (element is null)
                    return null;
                siblings.Add(element);
                if (closed || Void.Contains(element.Name!))
                {
                    element.End = after;
                    element.Children = null;
                }
                else if (RawText.Contains(element.Name!))
                {
                    var close = html.IndexOf("</" + element.Name, after, StringComparison.OrdinalIgnoreCase);
                    var end = close < 0 ? -1 : html.IndexOf('>', close);
                    if (end < 0)
                        return null;
                    element.End = end + 1;
                    element.Children = null;
                    after = end + 1;
                }
                else
                {
                    open.Push(element);
                }

                i = after;
            }
        }

        return open.Count == 0 ? top : null;
    }

    // An opening tag at html[start] ('<'): its name and decoded attributes; after is the index past its '>'.
    private static Node? Tag(string html, int start, out int after, out bool closed)
    {
        after = 0;
        closed = false;
        var i = start + 1;
        while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>' && html[i] != '/')
            i++;
        if (i == start + 1 || !char.IsAsciiLetter(html[start + 1]))
            return null;
        var node = new Node(start, -1) { Name = html[(start + 1)..i], Children = [], Attributes = [] };
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i]))
                i++;
            if (i >= html.Length)
                return null;
            if (html[i] == '>')
            {
                after = i + 1;
                return node;
            }

            if (html[i] == '/' && i + 1 < html.Length && html[i + 1] == '>')
            {
                after = i + 2;
                closed = true;
                return node;
            }

            var nameStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '/' or '"' or '\''))
                i++;
            if (i == nameStart)
                return null;
            var name = html[nameStart..i];
            var value = "";
            if (i < html.Length && html[i] == '=')
            {
                i++;
                if (i >= html.Length || html[i] is not ('"' or '\''))
                    return null;
                var quote = html[i];
                var close = html.IndexOf(quote, i + 1);
                if (close < 0)
                    return null;
                value = WebUtility.HtmlDecode(html[(i + 1)..close]);
                i = close + 1;
            }

            node.Attributes!.Add((name, value));
        }
    }

    private sealed class Node(int start, int end)
    {
        public int Start { get; } = start;

        public int End { get; set; } = end;

        // Null for text and comments.
        public string? Name { get; init; }

        public List<(string Name, string Value)>? Attributes { get; init; }

        // Null for text, comments and elements kept whole (void, self-closed, raw text).
        public List<Node>? Children { get; set; }
    }

    private abstract record Piece;

    private sealed record Run(string Html) : Piece;

    private sealed record Element(string Name, List<(string Name, string Value)> Attributes, IReadOnlyList<Piece> Children) : Piece;
}

/// <summary>
/// Values shared by equal keys (equal runs of markup as one string, equal panel HTML as one <see cref="SharedMarkup"/>),
/// up to a bound: past it the set starts again, and only sharing is lost.
/// </summary>
internal sealed class SharingCache<T>(int max)
{
    private readonly ConcurrentDictionary<string, T> _values = new(StringComparer.Ordinal);

    public T GetOrAdd(string key, Func<string, T> make)
    {
        if (_values.Count > max)
            _values.Clear();
        return _values.GetOrAdd(key, make);
    }
}
