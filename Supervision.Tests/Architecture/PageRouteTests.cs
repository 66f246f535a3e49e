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
    private static readonly Dictionary<short, OpCode> _opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

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
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                foreach (var literal in Literals(method))
                {
                    foreach (Match m in RoutePattern().Matches(literal))
                    {
                        if (segments.Contains(m.Groups["segment"].Value))
                            yield return $"{Outer(type).Name}.{method.Name}: \"{literal}\"";
                    }
                }
            }
        }
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    // "/tasks", "/tasks/", "/todo?x", "href=\"/tasks/…": a slash not preceded by a path or word character.
    [GeneratedRegex(@"(?<![\w./~-])/(?<segment>[a-z][a-z-]*)(?=$|[/?#{""'\s])")]
    private static partial Regex RoutePattern();

    private static Type Outer(Type type)
    {
        while (type.IsNested)
            type = type.DeclaringType!;
        return type;
    }

    /// <summary>The strings a method body loads (<c>ldstr</c>).</summary>
    private static IEnumerable<string> Literals(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (BadImageFormatException)
        {
            yield break;
        }
        if (il is null)
            yield break;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
                value = unchecked((short)(0xFE00 | il[position++]));
            var opCode = _opCodes[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineString:
                    yield return method.Module.ResolveString(BitConverter.ToInt32(il, position));
                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + 4 * BitConverter.ToInt32(il, position);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }
}
