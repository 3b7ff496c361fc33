using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The <c>azureQueueStorage</c> kind through the four published services against Azurite's queue service: a message
/// put with the Azure SDK fires the trigger, and 1,000 messages put while ingress is killed with kill -9 and restarted
/// fire it once each.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class AzureQueueStorageEdgeTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    private static string EventSource(string name, string queue) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: {{name}}}
        spec:
          azureQueueStorage:
            numbers:
              queueName: {{queue}}
              jsonBody: true
              waitTimeInSeconds: 1
              connectionString: {key: connectionstring, name: azure-secret}
        """;

    private static Dictionary<string, string> Settings(AzuriteTestServer azurite) => new()
    {
        ["Secrets__azure-secret__connectionstring"] = azurite.ConnectionString,
        // Messages received but not deleted when ingress died come back after the visibility timeout: 5 s here, 120 s by default.
        ["Ingress__AzureQueueStorage__VisibilityTimeoutSeconds"] = "5",
    };

    [Fact]
    public async Task A_message_put_on_the_queue_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var azurite = await AzuriteTestServer.StartAsync();
        var queue = await azurite.QueueAsync("e2e");
        await using var sink = await HttpSink.StartAsync();
        var sensor = TestManifests.Sensor("relay", [new("E", "azure-e2e", "numbers")],
            new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/each", [new("E", "body.n", "n")]));
        await using var cluster = await DurableCluster.StartAsync(infrastructure, "azure-queue-e2e", Settings(azurite),
            ("source.yaml", EventSource("azure-e2e", "e2e")), ("sensor.yaml", sensor));
        Assert.True(await Eventually.HoldsAsync(async () => await cluster["ingress"].HealthStatusAsync() == "Healthy", TimeSpan.FromSeconds(30)), cluster.LogTails);

        await queue.SendMessageAsync("""{"n": 42}""");

        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/each"), TimeSpan.FromSeconds(30)), cluster.Logs);
        var body = sink.Requests.First(r => r.Path == "/each").Body;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":42}"""), JsonNode.Parse(body)), body);
        Assert.True(await Eventually.HoldsAsync(async () => await azurite.CountAsync("e2e") == 0), "the message was not deleted");
    }

    [Fact]
    public async Task Killing_ingress_mid_stream_loses_no_queue_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var azurite = await AzuriteTestServer.StartAsync();
        var queue = await azurite.QueueAsync("edge");

        var report = await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options(
            "azure-queue-edge-crash", EventSource("azure-edge", "edge"), "azure-edge", "numbers", "body.n",
            n => queue.SendMessageAsync($$"""{"n": {{n}}}"""))
        {
            Settings = Settings(azurite),
        });

        Assert.Equal((1000, 0, 0), (report.Produced, report.Lost, report.Duplicates));
        Assert.Equal(0, await azurite.CountAsync("edge"));
    }
}
