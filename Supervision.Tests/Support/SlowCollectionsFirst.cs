using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Supervision.Tests.SlowCollectionsFirst))]

namespace Supervision.Tests;

/// <summary>
/// Starts the browser collection (all browser tests, one after the other, minutes long) before everything else, so
/// the rest of the suite runs beside it instead of after it; the other collections keep xunit's default order.
/// </summary>
public sealed class SlowCollectionsFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections)
            .OrderBy(c => c.TestCollectionDisplayName == Browser.BrowserCollection.Name ? 0 : 1)];
}
