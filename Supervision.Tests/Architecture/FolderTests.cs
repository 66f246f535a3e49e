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

    /// <summary>Core's folders in the order README's layout table lists them: each may use only those before it.</summary>
    private static readonly string[] _layers =
        ["Rules", "Files", "Domain", "Data", "Judging", "Audit", "Security", "Ledger", "Documents", "Publishing", "Reporting", "Dashboard", "Backup", "Cluster", "Demo"];

    [Fact]
    public void Each_core_folder_uses_only_the_folders_listed_before_it()
    {
        var unknown = _core.Folders.Except(_layers).ToList();
        var upward = _core.Edges
            .Where(e => Array.IndexOf(_layers, e.Key.To) > Array.IndexOf(_layers, e.Key.From))
            .Select(e => $"  {e.Key.From} → {e.Key.To}（{string.Join("；", e.Value)}）")
            .ToList();

        Assert.True(unknown.Count == 0, "新文件夹未列入分层（请加入 README 的目录表和本测试）：" + string.Join("、", unknown));
        Assert.True(upward.Count == 0, "文件夹引用了排在它后面的文件夹：\n" + string.Join("\n", upward));
    }

    [Fact]
    public void A_call_inside_a_method_body_counts_and_closes_a_loop_that_is_reported()
    {
        // Samples/Caller calls Samples/Callee only in a method body; Callee names Caller in a signature.
        var samples = FolderDependencies.Of(typeof(FolderTests).Assembly, "Supervision.Tests.Architecture.Samples");

        Assert.Contains(("Caller", "Callee"), samples.Edges.Keys);
        Assert.Equal(["Callee", "Caller"], Assert.Single(samples.Cycles()));
        Assert.DoesNotContain(("Domain", "Data"), _core.Edges.Keys);
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
