using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Supervision.Core.Data;

namespace Supervision.Tests.Architecture;

/// <summary>
/// Core names what a notification or a to-do line is about, never the page that shows it: page addresses are built only
/// in the web app's <c>Routes</c>. Read from Core's compiled string literals, so an interpolated <c>$"/tasks/{id}"</c>
/// is caught as well as a constant.
/// </summary>
public sealed partial class PageRouteTests
{
    [Fact]
    public void Core_builds_no_page_address()
    {
        var found = PageAddressesIn(typeof(SupervisionDbContext).Assembly).ToList();

        Assert.True(found.Count == 0, "Core 中出现页面地址（应由 Supervision.Web/Routes.cs 生成）：\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_check_finds_page_addresses_where_they_are_built()
    {
        // The web app builds them: if the scan found none there, the test above could not fail.
        var found = PageAddressesIn(typeof(Supervision.Web.Routes).Assembly).ToList();

        Assert.Contains(found, f => f.StartsWith("Routes.", StringComparison.Ordinal));
    }

    /// <summary>The first segments of the web app's page routes (tasks, todo, notifications…) plus the documented ones.</summary>
    private static HashSet<string> PageSegments()
    {
        var segments = typeof(Supervision.Web.Routes).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template.TrimStart('/').Split('/')[0])
            .Where(s => s.Length > 0 && !s.Contains('{', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        segments.UnionWith(["tasks", "reports", "ledger", "todo", "notifications", "admin", "dashboard"]);
        return segments;
    }

    private static IEnumerable<string> PageAddressesIn(Assembly assembly)
    {
        var segments = PageSegments();
        foreach (var type in assembly.GetTypes())
        {
            // Migrations convert rows stored by older versions, which held page addresses.
            if (type.Namespace?.EndsWith(".Migrations", StringComparison.Ordinal) == true)
                continue;
            foreach (var method in CompiledCode.Methods(type))
            {
                foreach (var literal in Literals(method))
                {
                    foreach (Match m in RoutePattern().Matches(literal))
                    {
                        if (segments.Contains(m.Groups["segment"].Value))
                            yield return $"{CompiledCode.Outer(type).Name}.{method.Name}: \"{literal}\"";
                    }
                }
            }
        }
    }

    // "/tasks", "/tasks/", "/todo?x", "href=\"/tasks/…": a slash not preceded by a path or word character.
    [GeneratedRegex(@"(?<![\w./~-])/(?<segment>[a-z][a-z-]*)(?=$|[/?#{""'\s])")]
    private static partial Regex RoutePattern();

    /// <summary>The strings a method body loads (<c>ldstr</c>).</summary>
    private static IEnumerable<string> Literals(MethodBase method) =>
        CompiledCode.Tokens(method).Where(t => t.Kind == OperandType.InlineString).Select(t => method.Module.ResolveString(t.Token));
}
