using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The kill -9 edge test every consumer-source kind runs: the four services on RabbitMQ + PostgreSQL, an EventSource of
/// the kind and a Sensor relaying each event's number to an HTTP sink; <see cref="Options.Messages"/> messages
/// <c>{"n": i}</c> (or a field n = i where the broker carries text) are produced into the kind's broker while ingress is killed with kill -9 (at 40 % of them, once a tenth
/// of those fired) and started again. Every number must reach the sink (0 lost) and none under two firing ids (0 duplicates); one firing id delivered
/// twice (a repeat: the documented crash window of the trigger) is counted, not failed.
/// </summary>
public static class EdgeCrash
{
    /// <param name="EventSourceYaml">The EventSource; <c>{WEBHOOK_PORT}</c> is replaced as in <see cref="DurableCluster"/>.</param>
    /// <param name="EventSourceName">Its <c>metadata.name</c>.</param>
    /// <param name="EventName">The event the sensor depends on.</param>
    /// <param name="DataKey">Where the number is in the event's data, e.g. <c>body.n</c> or <c>value.n</c>.</param>
    /// <param name="Produce">Sends message <c>{"n": i}</c> into the broker; the messages are produced in order of i.</param>
    public sealed record Options(string TestName, string EventSourceYaml, string EventSourceName, string EventName, string DataKey, Func<int, Task> Produce)
    {
        public int Messages { get; init; } = 1000;

        public IReadOnlyDictionary<string, string>? Settings { get; init; }
    }

    public sealed record Report(int Produced, int DeliveredBeforeKill, int Lost, int Duplicates, int Repeats, double Seconds);

    public static async Task<Report> RunAsync(DurableInfrastructure infrastructure, ITestOutputHelper output, Options options)
    {
        await using var sink = await HttpSink.StartAsync();
        var sensor = TestManifests.Sensor("edge", [new("E", options.EventSourceName, options.EventName)],
            new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/each", [new("E", options.DataKey, "n")]));
        await using var cluster = await DurableCluster.StartAsync(infrastructure, options.TestName, options.Settings,
            ("source.yaml", options.EventSourceYaml), ("sensor.yaml", sensor));

        // The listener must be subscribed before the first message when the broker keeps nothing for absent consumers.
        var ingress = cluster["ingress"];
        var subscribed = false;
        for (var wait = 0; wait < 300 && !subscribed; wait++)
        {
            subscribed = await ingress.HealthStatusAsync() == "Healthy";
            await Task.Delay(subscribed ? 0 : 100);
        }

        Assert.True(subscribed, $"ingress never reported every listener consuming\n{cluster.LogTails}");

        var started = DateTime.UtcNow;
        var killAt = options.Messages * 2 / 5;
        var deliveredBeforeKill = 0;
        Task restart = Task.CompletedTask;
        for (var i = 0; i < options.Messages; i++)
        {
            if (i == killAt)
            {
                // Mid-stream: the first events have come through while the rest are still being read.
                await Eventually.HoldsAsync(() => Numbers(sink).Count >= killAt / 10, TimeSpan.FromSeconds(60));
                deliveredBeforeKill = Numbers(sink).Count;
                cluster["ingress"].Kill();
                restart = Task.Run(async () =>
                {
                    await Task.Delay(500);
                    await cluster["ingress"].StartAsync(TimeSpan.FromSeconds(60));
                });
            }

            await options.Produce(i);
            if (i % 50 == 49)
            {
                await Task.Delay(100);
            }
        }

        await restart;
        var all = Enumerable.Range(0, options.Messages).ToHashSet();
        await Eventually.HoldsAsync(() => all.IsSubsetOf(Numbers(sink)), TimeSpan.FromSeconds(180));
        await Task.Delay(2000); // late duplicates would arrive now

        var deliveries = sink.Requests.Where(r => r.Path == "/each")
            .Select(r => (N: Number(r.Body), Firing: r.Headers["X-Events-Firing-Id"]))
            .ToList();
        var byNumber = deliveries.GroupBy(d => d.N).ToList();
        var report = new Report(
            options.Messages,
            deliveredBeforeKill,
            Lost: all.Count(n => byNumber.All(g => g.Key != n)),
            Duplicates: byNumber.Count(g => g.Select(d => d.Firing).Distinct().Count() > 1),
            Repeats: deliveries.Count - deliveries.Select(d => d.Firing).Distinct().Count(),
            Seconds: (DateTime.UtcNow - started).TotalSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.TestName}: produced {report.Produced}, kill -9 ingress at message {killAt} ({report.DeliveredBeforeKill} delivered then); lost {report.Lost}, duplicates {report.Duplicates}, repeats {report.Repeats}; {report.Seconds:F1} s"));
        Assert.True(report.Lost == 0, $"{report.Lost} messages never fired\n{cluster.Logs}");
        Assert.True(report.Duplicates == 0, $"{report.Duplicates} messages fired under two firing ids\n{cluster.LogTails}");
        Assert.True(report.DeliveredBeforeKill > 0 && report.DeliveredBeforeKill < options.Messages,
            $"{report.DeliveredBeforeKill} messages had fired before the kill: the test did not kill mid-stream");
        return report;
    }

    private static HashSet<int> Numbers(HttpSink sink) =>
        sink.Requests.Where(r => r.Path == "/each").Select(r => Number(r.Body)).ToHashSet();

    /// <summary>The relayed number: a JSON number, or a string of digits where the broker carries text only (a Redis stream's values).</summary>
    private static int Number(string body) => JsonNode.Parse(body)!["n"] is JsonValue value && value.TryGetValue<string>(out var text)
        ? int.Parse(text, CultureInfo.InvariantCulture)
        : (int)JsonNode.Parse(body)!["n"]!;
}
