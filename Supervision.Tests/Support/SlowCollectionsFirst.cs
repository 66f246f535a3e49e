using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Supervision.Tests.SlowCollectionsFirst))]

namespace Supervision.Tests;

/// <summary>
/// Starts the long collections first — the browser collection (every browser test, one after the other, minutes
/// long), then those of a minute or so (processes, two-node clusters, their own browser app) — so the rest of the
/// suite runs beside them instead of after them; the other collections keep xunit's default order.
/// </summary>
public sealed class SlowCollectionsFirst : ITestCollectionOrderer
{
    // Display names of the classes' own collections contain the class name.
    private static readonly string[] Slow = ["HostingTests", "TwoNodeTests", "PostgresClusterTests", Browser.ImportBrowserCollection.Name, Browser.CircuitBrowserCollection.Name];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections).OrderBy(c => Rank(c))];

    private static int Rank(ITestCollection collection) =>
        collection.TestCollectionDisplayName == Browser.BrowserCollection.Name ? 0
        : Slow.Any(s => collection.TestCollectionDisplayName.Contains(s, StringComparison.Ordinal)) ? 1
        : 2;
}
