using System.Text.RegularExpressions;
using Supervision.Core.Data;

namespace Supervision.Tests.Architecture;

/// <summary>The folder tree is the architecture: feature folders of Core use each other without a loop, and namespaces follow folders.</summary>
public sealed partial class FolderTests
{
    private static readonly FolderDependencies _core = FolderDependencies.Of(typeof(SupervisionDbContext).Assembly, "Supervision.Core");

    [Fact]
    public void Core_folders_use_each_other_without_a_loop()
    {
        var cycles = _core.Cycles();

        Assert.True(cycles.Count == 0, "Core 的功能文件夹之间出现循环依赖：\n" + string.Join("\n", cycles.Select(Describe)));
    }

    [Fact]
    public void References_made_only_inside_method_bodies_count_as_dependencies()
    {
        // The change-feed interceptor's class names no Dashboard or Judging type in a signature; the judgement service
        // reads the database only inside its methods: both edges are seen only because bodies are read.
        Assert.Contains(("Judging", "Data"), _core.Edges.Keys);
        Assert.Contains(("Dashboard", "Judging"), _core.Edges.Keys);
        Assert.DoesNotContain(("Domain", "Data"), _core.Edges.Keys);
    }

    [Fact]
    public void A_loop_between_folders_is_reported_with_the_references_that_make_it()
    {
        // The test assembly's own folders use each other (Support ↔ the feature folders' fixtures), so the detector,
        // run on it, must find a loop; if it never found one, the test above could not fail.
        var tests = FolderDependencies.Of(typeof(FolderTests).Assembly, "Supervision.Tests");

        var cycles = tests.Cycles();

        Assert.NotEmpty(cycles);
        Assert.All(cycles, c => Assert.True(c.Count > 1));
    }

    [Fact]
    public void Every_source_file_of_core_declares_the_namespace_of_its_folder()
    {
        var root = Path.Combine(RepositoryRoot(), "Supervision.Core");
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
                continue;
            var folder = Path.GetDirectoryName(relative)!.Replace(Path.DirectorySeparatorChar, '.');
            var expected = folder.Length == 0 ? "Supervision.Core" : "Supervision.Core." + folder;
            var declared = NamespaceLine().Match(File.ReadAllText(file));
            if (!declared.Success || declared.Groups[1].Value != expected)
                wrong.Add($"{relative}: {(declared.Success ? declared.Groups[1].Value : "（无命名空间）")}，应为 {expected}");
        }

        Assert.True(wrong.Count == 0, "命名空间与文件夹不一致：\n" + string.Join("\n", wrong));
    }

    private static string Describe(IReadOnlyList<string> cycle) =>
        string.Join("、", cycle) + "：\n" + string.Join("\n", _core.Edges
            .Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
            .Select(e => $"  {e.Key.From} → {e.Key.To}（{string.Join("；", e.Value)}）"));

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Supervision.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Supervision.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
