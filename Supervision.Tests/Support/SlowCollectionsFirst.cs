using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Supervision.Tests.SlowCollectionsFirst))]

namespace Supervision.Tests;

/// <summary>
/// Starts the long collections first — the browser collection (every browser test, one after the other, minutes
/// long), then those of a minute or so (processes, two-node clusters, their own browser app) — so the rest of the
/// suite runs beside them instead of after them; the other collections keep xunit's default order.
/// </summary>
/// <remarks>
/// xunit starts every collection at once and the thread pool decides which reaches a free slot first, so this order is a
/// preference, not a guarantee. Measured on 2 cores under <c>scripts/busy-loop.sh</c>: the browser collection started
/// first in every run; the other long ones started in the first four minutes of one run and in the last two of others
/// (listing them last instead changed nothing).
/// </remarks>
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
