namespace Microservices.Events.Tests.Telemetry;

/// <summary>
/// Tests that start services in the test process and read their own <c>/metrics</c>. They run alone, after the
/// parallel collections: every host in a process sees the instruments of every other host's meters of the same name,
/// and OpenTelemetry keeps one stream per name, so a host stopped by a parallel test would take this host's series
/// out of its scrape (open-telemetry/opentelemetry-dotnet#6412). One service per process, as deployed, is unaffected.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedMetricsCollection
{
    public const string Name = "scraped metrics";
}
