using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Supervision.Tests.SlowCollectionsFirst))]

namespace Supervision.Tests;

/// <summary>
/// Starts the long collections first — the browser collection (every browser test, one after the other, minutes
/// long) and those of a minute or so (processes, two-node clusters, their own browser app) — so the rest of the suite
/// runs beside them instead of after them; the other collections keep xunit's default order.
/// </summary>
/// <remarks>
/// xunit starts every collection as a task from one thread-pool thread, and the pool runs that thread's own queue
/// newest first while an idle thread takes the oldest: the first and the last collections of this order start first,
/// the middle ones last. So the browser collection leads and the other long ones close the order. Measured under
/// <c>scripts/busy-loop.sh</c>: listed right after the browser collection they ran from minute 16 to 19 of a 19-minute
/// run; closing the order, they ran in its first four minutes.
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
        : Slow.Any(s => collection.TestCollectionDisplayName.Contains(s, StringComparison.Ordinal)) ? 2
        : 1;
}
