using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The nats, redis and redisStream sources in the four published services: a message an outside producer sends fires
/// the sensor's HTTP trigger, and (JetStream, Redis streams) nothing is lost or fired twice when ingress is killed with
/// kill -9 in the middle of 1,000 messages.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class NatsRedisSourceTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    private static string Source(string name, string kind, string events) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: {{name}}}
        spec:
          {{kind}}:
            {{events}}
        """;

    /// <summary>Starts the services with the source and a sensor relaying <paramref name="dataKey"/> to a sink, produces once, and returns what the trigger sent.</summary>
    private async Task<JsonNode> FireOnceAsync(string testName, string source, string sourceName, string dataKey, Func<Task> produce)
    {
        await using var sink = await HttpSink.StartAsync();
        var sensor = TestManifests.Sensor("relay", [new("E", sourceName, "example")],
            new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/each", [new("E", dataKey, "n")]));
        await using var cluster = await DurableCluster.StartAsync(infrastructure, testName, null, ("source.yaml", source), ("sensor.yaml", sensor));
        Assert.True(await Eventually.HoldsAsync(async () => await cluster["ingress"].HealthStatusAsync() == "Healthy", TimeSpan.FromSeconds(30)), cluster.LogTails);

        await produce();

        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/each"), TimeSpan.FromSeconds(30)), cluster.Logs);
        return JsonNode.Parse(sink.Requests.First(r => r.Path == "/each").Body)!;
    }

    [Fact]
    public async Task A_core_nats_message_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var nats = await NatsTestServer.StartAsync();
        var fired = await FireOnceAsync("nats-core", Source("bus", "nats", $$"""
            example: {url: "{{nats.Url}}", subject: orders, jsonBody: true}
            """), "bus", "body.n", async () =>
        {
            await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
            await client.PublishAsync("orders", Encoding.UTF8.GetBytes("""{"n": 41}"""));
            await client.PingAsync();
        });

        Assert.Equal(41, (int)fired["n"]!);
    }

    [Fact]
    public async Task A_jetstream_message_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var nats = await NatsTestServer.StartAsync("--jetstream");
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);
        await js.CreateStreamAsync(new StreamConfig("ORDERS", ["orders.>"]));
        var fired = await FireOnceAsync("nats-jetstream", Source("bus", "nats", $$"""
            example: {url: "{{nats.Url}}", subject: orders.new, jsonBody: true, jetStream: {stream: ORDERS, durable: ingress} }
            """), "bus", "body.n", async () => (await js.PublishAsync("orders.new", Encoding.UTF8.GetBytes("""{"n": 42}"""))).EnsureSuccess());

        Assert.Equal(42, (int)fired["n"]!);
    }

    [Fact]
    public async Task A_redis_pub_sub_message_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var redis = await RedisTestServer.StartAsync();
        var fired = await FireOnceAsync("redis-pubsub", Source("cache", "redis", $$"""
            example: {hostAddress: "{{redis.Address}}", channels: [FOO], jsonBody: true}
            """), "cache", "body.n", async () =>
        {
            await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Address);
            Assert.Equal(1, await client.GetSubscriber().PublishAsync(RedisChannel.Literal("FOO"), """{"n": 43}"""));
        });

        Assert.Equal(43, (int)fired["n"]!);
    }

    [Fact]
    public async Task A_redis_stream_entry_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var redis = await RedisTestServer.StartAsync();
        var fired = await FireOnceAsync("redis-stream", Source("cache", "redisStream", $$"""
            example: {hostAddress: "{{redis.Address}}", streams: [FOO]}
            """), "cache", "values.n", async () =>
        {
            await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Address);
            await client.GetDatabase().StreamAddAsync("FOO", "n", 44);
        });

        Assert.Equal("44", (string)fired["n"]!);
    }

    [Fact]
    public async Task Killing_ingress_mid_stream_loses_no_jetstream_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var nats = await NatsTestServer.StartAsync("--jetstream");
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);
        await js.CreateStreamAsync(new StreamConfig("EDGE", ["edge.>"]));
        await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options(
            "edge-jetstream",
            Source("bus", "nats", $$"""
                numbers: {url: "{{nats.Url}}", subject: edge.n, jsonBody: true, jetStream: {stream: EDGE, durable: ingress} }
                """),
            "bus", "numbers", "body.n",
            async i => (await js.PublishAsync("edge.n", Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"n": {{i}}}""")))).EnsureSuccess()));
    }

    [Fact]
    public async Task Killing_ingress_mid_stream_loses_no_redis_stream_entry_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var redis = await RedisTestServer.StartAsync();
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = client.GetDatabase();
        await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options(
            "edge-redis-stream",
            Source("cache", "redisStream", $$"""
                numbers: {hostAddress: "{{redis.Address}}", streams: [EDGE], maxMsgCountPerRead: 50}
                """),
            "cache", "numbers", "values.n",
            async i => await db.StreamAddAsync("EDGE", "n", i)));
    }
}
