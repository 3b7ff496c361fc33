using Microservices.Events.Tests.Durable;
using Microservices.Events.Tests.Durable.Chaos;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Microservices.Events.Tests.Support.LongCollectionsFirst", "Microservices.Events.Tests")]

namespace Microservices.Events.Tests.Support;

/// <summary>
/// Starts the collections that take minutes first — the durable tests, which run one after another against the same
/// servers, then the chaos run and the broker alarm — so that the many short ones fill the other slot beside them
/// instead of the durable ones starting last and running alone. The rest follow in name order.
/// </summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Long = [DurableCollection.Name, ChaosCollection.Name, BrokerAlarmCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(Long, c.DisplayName) is var i and >= 0 ? i : Long.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
