using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>
/// Webhooks <c>/a</c> and <c>/b</c>; sensor <c>bench</c> with trigger <c>one</c> (A alone, fires once per A event) and
/// trigger <c>pair</c> (A &amp;&amp; B). Both call the sink with the sequence numbers of the events they consumed.
/// </summary>
public static class BenchSpecs
{
    public static void Write(string directory, int webhookPort, string sinkUrl)
    {
        Directory.CreateDirectory(directory);
        var port = webhookPort.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(directory, "eventsource.yaml"), TestManifests.WebhookSource("bench", port, "a", "b"));
        File.WriteAllText(Path.Combine(directory, "sensor.yaml"), TestManifests.Sensor("bench", [new("A", "bench", "a"), new("B", "bench", "b")],
            new TestManifests.HttpTrigger("one", "A", $"{sinkUrl}/one", [new("A", "body.n", "n")]),
            new TestManifests.HttpTrigger("pair", "A && B", $"{sinkUrl}/pair", [new("A", "body.n", "a"), new("B", "body.n", "b")])));
    }

    /// <summary>The same webhooks; sensor <c>hot</c> with trigger <c>pair</c> (A &amp;&amp; B) alone.</summary>
    public static void WriteHot(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "eventsource.yaml"), TestManifests.WebhookSource("bench", "12000", "a", "b"));
        File.WriteAllText(Path.Combine(directory, "sensor.yaml"), TestManifests.Sensor("hot", [new("A", "bench", "a"), new("B", "bench", "b")],
            new TestManifests.HttpTrigger("pair", "A && B", "http://127.0.0.1:9/pair", [new("A", "body.n", "a"), new("B", "body.n", "b")])));
    }
}
