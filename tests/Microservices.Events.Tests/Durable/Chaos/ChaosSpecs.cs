using System.Globalization;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// The manifests of the chaos run. EventSource <c>chaos</c>: webhook <c>c</c>, and <c>aK</c>, <c>bK</c> for each pair
/// client K. Sensor <c>each</c>: trigger <c>relay</c> (no conditions: one dependency, fires once per event, no saga
/// state) sends <c>{n, attempt}</c> to <c>/each</c>. Sensor <c>pairs-K</c> per pair client: trigger <c>pair</c>
/// (<c>A &amp;&amp; B</c>, saga state) sends <c>{a, aa, b, ba}</c> (numbers and attempts of both events) to <c>/pairK</c>.
/// </summary>
public static class ChaosSpecs
{
    public const string RelayPath = "/each";

    public static string PairPath(int client) => $"/pair{client.ToString(CultureInfo.InvariantCulture)}";

    public static string EventSource(int pairClients) =>
        TestManifests.WebhookSource("chaos", "{WEBHOOK_PORT}", [.. Enumerable.Range(0, pairClients).SelectMany(k => new[] { $"a{k}", $"b{k}" }).Prepend("c")]);

    public static string Sensors(string sinkUrl, int pairClients) => TestManifests.Documents([
        TestManifests.Sensor("each", [new("C", "chaos", "c")],
            new TestManifests.HttpTrigger("relay", null, sinkUrl + RelayPath, [new("C", "body.n", "n"), new("C", "body.attempt", "attempt")])),
        .. Enumerable.Range(0, pairClients).Select(k => TestManifests.Sensor($"pairs-{k}", [new("A", "chaos", $"a{k}"), new("B", "chaos", $"b{k}")],
            new TestManifests.HttpTrigger("pair", "A && B", sinkUrl + PairPath(k),
                [new("A", "body.n", "a"), new("A", "body.attempt", "aa"), new("B", "body.n", "b"), new("B", "body.attempt", "ba")]))),
    ]);
}
