namespace Microservices.Events.Tests.Durable;

/// <summary>The manifests the multi-process tests run: three webhooks, a pairing (AND) sensor and a one-event sensor.</summary>
public static class DurableSpecs
{
    public static readonly string EventSource = TestManifests.WebhookSource("hooks", "{WEBHOOK_PORT}", "a", "b", "c");

    /// <summary>
    /// The two sensors; <paramref name="pairTriggers"/> AND triggers on the pairing sensor (named <c>pair</c>, <c>pair-2</c>, …,
    /// all calling <c>/pair</c>), each a saga of its own that every <c>a</c> and <c>b</c> event reaches.
    /// </summary>
    public static string Sensors(string sinkUrl, int pairTriggers = 1) => TestManifests.Documents(
        TestManifests.Sensor("pairs", [new("A", "hooks", "a"), new("B", "hooks", "b")],
            [.. Enumerable.Range(1, pairTriggers).Select(i => new TestManifests.HttpTrigger(i == 1 ? "pair" : $"pair-{i}", "A && B", $"{sinkUrl}/pair", [new("A", "body.pair", "a"), new("B", "body.pair", "b")]))]),
        TestManifests.Sensor("each", [new("C", "hooks", "c")],
            new TestManifests.HttpTrigger("relay", null, $"{sinkUrl}/each", [new("C", "body.n", "n")])));
}
