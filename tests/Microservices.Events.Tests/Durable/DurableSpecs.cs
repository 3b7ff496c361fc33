namespace Microservices.Events.Tests.Durable;

/// <summary>The manifests the multi-process tests run: three webhooks, a pairing (AND) sensor and a one-event sensor.</summary>
public static class DurableSpecs
{
    public static readonly string EventSource = TestManifests.WebhookSource("hooks", "{WEBHOOK_PORT}", "a", "b", "c");

    public static string Sensors(string sinkUrl) => TestManifests.Documents(
        TestManifests.Sensor("pairs", [new("A", "hooks", "a"), new("B", "hooks", "b")],
            new TestManifests.HttpTrigger("pair", "A && B", $"{sinkUrl}/pair", [new("A", "body.pair", "a"), new("B", "body.pair", "b")])),
        TestManifests.Sensor("each", [new("C", "hooks", "c")],
            new TestManifests.HttpTrigger("relay", null, $"{sinkUrl}/each", [new("C", "body.n", "n")])));
}
