using System.Runtime.CompilerServices;
using Supervision.Core.Data;
using Xunit.Sdk;
using Xunit.v3;

namespace Supervision.Tests;

/// <summary>
/// A fact that runs once per database provider — SQLite and PostgreSQL — as two test cases named "… (sqlite)" and
/// "… (postgres)" with the trait <c>Database</c>. The test does not change: <see cref="TestDatabase.CreateAsync(bool)"/>
/// (and every test world built on it) gives the running case's provider. Filter with <c>--filter Database=postgres</c>.
/// </summary>
[XunitTestCaseDiscoverer(typeof(DatabaseFactDiscoverer))]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseFactAttribute(
    [CallerFilePath] string? sourceFilePath = null,
    [CallerLineNumber] int sourceLineNumber = -1) : FactAttribute(sourceFilePath, sourceLineNumber)
{
    /// <summary>The trait naming the provider of a test case.</summary>
    public const string Trait = "Database";

    internal static readonly DatabaseProvider[] Providers = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    internal static Dictionary<string, HashSet<string>> TraitsFor(Dictionary<string, HashSet<string>> traits, DatabaseProvider provider)
    {
        traits[Trait] = [DatabaseSettings.NameOf(provider)];
        return traits;
    }

    internal static string Suffix(DatabaseProvider provider) => $" ({DatabaseSettings.NameOf(provider)})";
}

/// <summary>A theory whose every data row runs once per database provider (see <see cref="DatabaseFactAttribute"/>).</summary>
[XunitTestCaseDiscoverer(typeof(DatabaseTheoryDiscoverer))]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseTheoryAttribute(
    [CallerFilePath] string? sourceFilePath = null,
    [CallerLineNumber] int sourceLineNumber = -1) : TheoryAttribute(sourceFilePath, sourceLineNumber);

/// <summary>Discovers one <see cref="XunitTestCase"/> per provider for a <see cref="DatabaseFactAttribute"/>.</summary>
public sealed class DatabaseFactDiscoverer : FactDiscoverer
{
    public override ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute)
    {
        if (testMethod.Parameters.Count != 0 || testMethod.IsGenericMethodDefinition)
            return base.Discover(discoveryOptions, testMethod, factAttribute);
        var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, factAttribute);
        return PerProvider.Cases(details, testMethod.Traits.ToDictionary(t => t.Key, t => t.Value.ToHashSet(), StringComparer.OrdinalIgnoreCase), null);
    }
}

/// <summary>Discovers one test case per data row and provider for a <see cref="DatabaseTheoryAttribute"/>.</summary>
public sealed class DatabaseTheoryDiscoverer : TheoryDiscoverer
{
    protected override ValueTask<IReadOnlyCollection<IXunitTestCase>> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, ITheoryAttribute theoryAttribute, ITheoryDataRow dataRow, object?[] testMethodArguments) =>
        PerProvider.Cases(
            TestIntrospectionHelper.GetTestCaseDetailsForTheoryDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, testMethodArguments),
            TestIntrospectionHelper.GetTraits(testMethod, dataRow),
            testMethodArguments);

    protected override ValueTask<IReadOnlyCollection<IXunitTestCase>> CreateTestCasesForTheory(
        ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, ITheoryAttribute theoryAttribute)
    {
        // Data that cannot be enumerated at discovery: one delay-enumerated case per provider.
        var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, theoryAttribute);
        IReadOnlyCollection<IXunitTestCase> cases = DatabaseFactAttribute.Providers
            .Select(provider => (IXunitTestCase)new XunitDelayEnumeratedTheoryTestCase(
                details.ResolvedTestMethod,
                details.TestCaseDisplayName + DatabaseFactAttribute.Suffix(provider),
                details.UniqueID + DatabaseFactAttribute.Suffix(provider),
                details.Explicit,
                theoryAttribute.SkipTestWithoutData,
                details.SkipExceptions,
                details.SkipReason,
                details.SkipType,
                details.SkipUnless,
                details.SkipWhen,
                DatabaseFactAttribute.TraitsFor(testMethod.Traits.ToDictionary(t => t.Key, t => t.Value.ToHashSet(), StringComparer.OrdinalIgnoreCase), provider),
                sourceFilePath: details.SourceFilePath,
                sourceLineNumber: details.SourceLineNumber,
                timeout: details.Timeout))
            .ToList();
        return new(cases);
    }
}

internal static class PerProvider
{
    /// <summary>The case <paramref name="details"/> describe, once per provider: named after it and carrying its trait.</summary>
    public static ValueTask<IReadOnlyCollection<IXunitTestCase>> Cases(
        (string TestCaseDisplayName, bool Explicit, Type[]? SkipExceptions, string? SkipReason, Type? SkipType, string? SkipUnless, string? SkipWhen, string? SourceFilePath, int? SourceLineNumber, int Timeout, string UniqueID, IXunitTestMethod ResolvedTestMethod) details,
        Dictionary<string, HashSet<string>> traits,
        object?[]? arguments)
    {
        IReadOnlyCollection<IXunitTestCase> cases = DatabaseFactAttribute.Providers
            .Select(provider => (IXunitTestCase)new XunitTestCase(
                details.ResolvedTestMethod,
                details.TestCaseDisplayName + DatabaseFactAttribute.Suffix(provider),
                details.UniqueID + DatabaseFactAttribute.Suffix(provider),
                details.Explicit,
                details.SkipExceptions,
                details.SkipReason,
                details.SkipType,
                details.SkipUnless,
                details.SkipWhen,
                DatabaseFactAttribute.TraitsFor(traits.ToDictionary(t => t.Key, t => t.Value.ToHashSet(), StringComparer.OrdinalIgnoreCase), provider),
                arguments,
                details.SourceFilePath,
                details.SourceLineNumber,
                details.Timeout))
            .ToList();
        return new(cases);
    }
}
