using Microservices.Events.Cli;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// <c>events replay --from file</c> against the sensor-state process on RabbitMQ: the events fire the sensor they are
/// replayed into, never another sensor with the same dependency, and a second replay fires nothing new.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class ReplayProcessTests(DurableInfrastructure infrastructure)
{
    [Fact]
    public async Task Replayed_events_fire_only_the_sensor_they_are_addressed_to_and_once()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var sink = await HttpSink.StartAsync();
        var sensors = TestManifests.Documents(
            TestManifests.Sensor("target", [new("A", "hooks", "a")], new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/target", [new("A", "body.n", "n")])),
            TestManifests.Sensor("bystander", [new("A", "hooks", "a")], new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/bystander", [new("A", "body.n", "n")])));
        await using var cluster = await DurableCluster.StartAsync(infrastructure, "replay", null, ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", sensors));
        var file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, 5).Select(n =>
            $$"""{"specversion":"1.0","id":"r-{{n}}","source":"hooks","type":"webhook","subject":"a","time":"2024-07-15T10:00:0{{n}}Z","data":{"body":{"n":{{n}}""" + "}}}"));
        var request = new EventReplay.Request("target", "file", DateTimeOffset.Parse("2024-07-15T10:00:02Z", System.Globalization.CultureInfo.InvariantCulture), null,
            new FileInfo(file), "", "", new Uri($"http://127.0.0.1:{cluster["sensor-state"].HttpPort}/"), BatchSize: 2);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var output = new StringWriter();
        var errors = new StringWriter();

        Assert.True(await EventReplay.RunAsync(http, request, output, errors, CancellationToken.None) == 0, errors.ToString());

        Assert.Contains("5 retained events read; 4 to replay into sensor target (1 outside the time range, 0 repeated ids skipped)", output.ToString());
        Assert.Contains("replayed 2/4 events into sensor target", output.ToString());
        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Count(r => r.Path == "/target") >= 4, TimeSpan.FromSeconds(30)), cluster.LogTails);
        Assert.Equal(0, await EventReplay.RunAsync(http, request, TextWriter.Null, TextWriter.Null, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(["2", "3", "4", "5"], sink.Requests.Where(r => r.Path == "/target").Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!["n"]!.ToString()).Order());
        Assert.DoesNotContain(sink.Requests, r => r.Path == "/bystander");
        File.Delete(file);
    }
}
