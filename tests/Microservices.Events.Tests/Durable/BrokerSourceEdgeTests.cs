using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The amqp and mqtt kinds through the four published services: a message an external producer sends fires the
/// trigger, and the kill -9 edge test (1,000 messages, ingress killed mid-stream) loses none and fires none twice.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class BrokerSourceEdgeTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    private async Task<string> AmqpUrlAsync() =>
        $"amqp://guest:guest@127.0.0.1:{infrastructure.RabbitPort}/{Uri.EscapeDataString(await infrastructure.CreateVirtualHostAsync($"amqp-edge-{Guid.NewGuid():N}"))}";

    private static string AmqpSource(string url) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: rabbit}
        spec:
          amqp:
            numbers:
              url: {{url}}
              jsonBody: true
              exchangeName: numbers
              exchangeType: fanout
              routingKey: n
              queueDeclare: {name: ingress-numbers, durable: true, exclusive: false}
        """;

    private static string MqttSource(string url) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: broker}
        spec:
          mqtt:
            numbers:
              url: {{url}}
              topic: numbers/+
              clientId: ingress-numbers
              jsonBody: true
        """;

    /// <summary>Publishes <c>{"n": i}</c> to the amqp source's exchange, persistent and confirmed.</summary>
    private sealed class AmqpProducer(string url) : IAsyncDisposable
    {
        private IConnection? _connection;
        private IChannel? _channel;

        public async Task ProduceAsync(int n)
        {
            if (_channel is null)
            {
                _connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
                _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                // The queue may not be there yet when ingress has not declared it: declare it as the source does.
                await _channel.ExchangeDeclareAsync("numbers", "fanout", durable: true);
                await _channel.QueueDeclareAsync("ingress-numbers", durable: true, exclusive: false, autoDelete: false);
                await _channel.QueueBindAsync("ingress-numbers", "numbers", "n");
            }

            await _channel.BasicPublishAsync("numbers", "n", mandatory: true, new BasicProperties { DeliveryMode = DeliveryModes.Persistent }, Encoding.UTF8.GetBytes($$"""{"n": {{n}}}"""));
        }

        public async ValueTask DisposeAsync()
        {
            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
    }

    /// <summary>Publishes <c>{"n": i}</c> on <c>numbers/i mod 4</c> at QoS 1.</summary>
    private sealed class MqttProducer(int port) : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

        public async Task ProduceAsync(int n)
        {
            if (!_client.IsConnected)
            {
                await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("edge-producer").Build());
            }

            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"numbers/{n % 4}").WithPayload(Encoding.UTF8.GetBytes($$"""{"n": {{n}}}"""))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }

    /// <summary>Starts the cluster, waits until ingress consumes, produces one message and returns what the trigger received.</summary>
    private async Task<string> FireOnceAsync(string testName, string eventSource, string eventSourceName, Func<int, Task> produce)
    {
        await using var sink = await HttpSink.StartAsync();
        var sensor = TestManifests.Sensor("relay", [new("E", eventSourceName, "numbers")],
            new TestManifests.HttpTrigger("relay", null, $"{sink.BaseUrl}/each", [new("E", "body.n", "n")]));
        await using var cluster = await DurableCluster.StartAsync(infrastructure, testName, null, ("source.yaml", eventSource), ("sensor.yaml", sensor));
        Assert.True(await Eventually.HoldsAsync(async () => await cluster["ingress"].HealthStatusAsync() == "Healthy", TimeSpan.FromSeconds(30)), cluster.LogTails);

        await produce(42);

        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/each"), TimeSpan.FromSeconds(30)), cluster.Logs);
        return sink.Requests.First(r => r.Path == "/each").Body;
    }

    [Fact]
    public async Task A_message_published_to_the_amqp_exchange_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var url = await AmqpUrlAsync();
        await using var producer = new AmqpProducer(url);

        var body = await FireOnceAsync("amqp-e2e", AmqpSource(url), "rabbit", producer.ProduceAsync);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":42}"""), JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task A_message_published_to_the_mqtt_topic_fires_the_trigger()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var broker = await MosquittoTestServer.StartAsync();
        await using var producer = new MqttProducer(broker.Port);

        var body = await FireOnceAsync("mqtt-e2e", MqttSource(broker.Url), "broker", producer.ProduceAsync);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":42}"""), JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task Amqp_kill_9_of_ingress_mid_stream_loses_no_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var url = await AmqpUrlAsync();
        await using var producer = new AmqpProducer(url);

        var report = await EdgeCrash.RunAsync(infrastructure, output,
            new EdgeCrash.Options("amqp-edge-crash", AmqpSource(url), "rabbit", "numbers", "body.n", producer.ProduceAsync));

        Assert.Equal((1000, 0, 0), (report.Produced, report.Lost, report.Duplicates));
    }

    [Fact]
    public async Task Mqtt_kill_9_of_ingress_mid_stream_loses_no_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var broker = await MosquittoTestServer.StartAsync();
        await using var producer = new MqttProducer(broker.Port);

        var report = await EdgeCrash.RunAsync(infrastructure, output,
            new EdgeCrash.Options("mqtt-edge-crash", MqttSource(broker.Url), "broker", "numbers", "body.n", producer.ProduceAsync));

        Assert.Equal((1000, 0, 0), (report.Produced, report.Lost, report.Duplicates));
    }
}
