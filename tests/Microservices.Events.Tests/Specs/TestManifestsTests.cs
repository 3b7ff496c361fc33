using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>The manifests the multi-process tests and the bench build load without a finding.</summary>
public sealed class TestManifestsTests
{
    [Fact]
    public void A_webhook_source_and_two_sensors_with_http_triggers_load_without_findings()
    {
        var yaml = TestManifests.Documents(
            TestManifests.WebhookSource("hooks", "12000", "a", "b", "c"),
            TestManifests.Sensor("pairs", [new("A", "hooks", "a"), new("B", "hooks", "b")],
                new TestManifests.HttpTrigger("pair", "A && B", "http://127.0.0.1:1/pair", [new("A", "body.pair", "a"), new("B", "body.pair", "b")])),
            TestManifests.Sensor("each", [new("C", "hooks", "c")],
                new TestManifests.HttpTrigger("relay", null, "http://127.0.0.1:1/each", [new("C", "body.n", "n")])));

        var file = SpecLoader.Load(yaml);

        Assert.Empty(file.AllDiagnostics);
        Assert.Equal(3, file.Documents.Count);
    }
}
