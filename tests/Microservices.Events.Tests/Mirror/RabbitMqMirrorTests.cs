using System.Globalization;
using System.Net.Mime;
using CloudNative.CloudEvents.SystemTextJson;
using Microservices.Events.BusGateway.Mirror;
using RabbitMQ.Client;

namespace Microservices.Events.Tests.Mirror;

/// <summary>bus-gateway on the RabbitMQ bus with its mirror: the topic exchange, and the Kafka topic across a restart of bus-gateway.</summary>
public sealed class RabbitMqMirrorTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    private Dictionary<string, string?> Settings(string vhost) => new()
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:RabbitMq:Host"] = "127.0.0.1",
        ["Bus:RabbitMq:Port"] = rabbit.Node.Port.ToString(CultureInfo.InvariantCulture),
        ["Bus:RabbitMq:VirtualHost"] = vhost,
        ["Bus:StopTimeoutSeconds"] = "2",
        ["Gateway:Mirror:MaxRetryDelaySeconds"] = "1",
    };

    private async Task<(IConnection Connection, IChannel Channel)> ConnectAsync(string vhost)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = rabbit.Node.Port, VirtualHost = vhost };
        var connection = await factory.CreateConnectionAsync();
        return (connection, await connection.CreateChannelAsync());
    }

    [Fact]
    public async Task A_published_event_arrives_on_the_topic_exchange_as_a_structured_CloudEvent_under_source_dot_name()
    {
        if (!rabbit.Available())
        {
            return;
        }

        var vhost = await rabbit.Node.CreateVirtualHostAsync($"mirror-{Guid.NewGuid():N}");
        var (connection, channel) = await ConnectAsync(vhost);
        await using var _ = connection;
        await using var __ = channel;
        // A consumer binds its own queue to the exchange (declared here first, as the mirror declares it).
        await channel.ExchangeDeclareAsync("events.cloudevents", ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "events.cloudevents", "webhook.*");
        await channel.QueueBindAsync(queue, "events.cloudevents", "my%2Esource.*");

        var settings = Settings(vhost);
        settings["Gateway:Mirror:RabbitMq:Enabled"] = "true";
        await using var gateway = await GatewayHost.StartAsync(settings);
        await gateway.IngestAsync(MirrorEvents.Event("e-1", n: 1), MirrorEvents.Event("e-1", n: 1), MirrorEvents.Event("e-2", source: "my.source", subject: "a.b", n: 2));

        var deliveries = new List<BasicGetResult>();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
            {
                deliveries.Add(got);
            }

            return deliveries.Count >= 2;
        }, TimeSpan.FromSeconds(30)), $"{deliveries.Count} of 2 events arrived");

        var formatter = new JsonEventFormatter();
        var first = deliveries.Single(d => d.RoutingKey == "webhook.example");
        Assert.Equal("application/cloudevents+json", first.BasicProperties.ContentType);
        Assert.Equal(DeliveryModes.Persistent, first.BasicProperties.DeliveryMode);
        var cloudEvent = formatter.DecodeStructuredModeMessage(first.Body, new ContentType(first.BasicProperties.ContentType!), CloudEventConversion.Extensions);
        Assert.Equal(("e-1", "webhook", "webhook", "example"), (cloudEvent.Id, cloudEvent.Source!.OriginalString, cloudEvent.Type, cloudEvent.Subject));
        Assert.Equal(MirrorEvents.TraceParent, cloudEvent["traceparent"]);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.NotNull(cloudEvent.Time);
        var body = System.Text.Json.JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal(1, body.GetProperty("data").GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal("1.0", body.GetProperty("specversion").GetString());

        var dotted = deliveries.Single(d => d.RoutingKey == "my%2Esource.a%2Eb");
        Assert.Equal("e-2", formatter.DecodeStructuredModeMessage(dotted.Body, null, CloudEventConversion.Extensions).Id);

        // The repeated e-1 was dropped by de-duplication before publishing, so it was not mirrored either.
        await Task.Delay(500);
        Assert.Null(await channel.BasicGetAsync(queue, autoAck: true));
    }

    [Fact]
    public async Task Events_tail_from_rabbitmq_prints_the_events_its_binding_selects_as_structured_JSON_lines()
    {
        if (!rabbit.Available())
        {
            return;
        }

        var vhost = await rabbit.Node.CreateVirtualHostAsync($"mirror-tail-{Guid.NewGuid():N}");
        var settings = Settings(vhost);
        settings["Gateway:Mirror:RabbitMq:Enabled"] = "true";
        await using var gateway = await GatewayHost.StartAsync(settings);
        var output = new StringWriter();
        var errors = new StringWriter();
        var url = new Uri($"amqp://guest:guest@127.0.0.1:{rabbit.Node.Port}/{Uri.EscapeDataString(vhost)}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var tail = Microservices.Events.Cli.EventTail.RunAsync(
            new Microservices.Events.Cli.EventTail.Request("rabbitmq", url, "events.cloudevents", "*.push", "", "", false, Count: 2), output, errors, timeout.Token);
        Assert.True(await Eventually.HoldsAsync(async () => (await rabbit.Node.ListQueuesAsync(vhost)).Any(q => q.Name.StartsWith("amq.gen", StringComparison.Ordinal) && q.Consumers == 1), TimeSpan.FromSeconds(30)), errors.ToString());

        await gateway.IngestAsync(MirrorEvents.Event("p-1", source: "github", subject: "push"), MirrorEvents.Event("x-1", source: "github", subject: "issue"), MirrorEvents.Event("p-2", source: "gitlab", subject: "push"));

        Assert.Equal(0, await tail);
        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Microservices.Events.Semantics.Simulation.CloudEventJson.Parse).ToList();
        Assert.Equal(["p-1", "p-2"], printed.Select(e => e.Id).Order());
        Assert.All(printed, e => Assert.Equal("push", e.Subject));
    }

    [Fact]
    public async Task Events_waiting_for_the_Kafka_mirror_survive_a_restart_of_bus_gateway()
    {
        if (!rabbit.Available())
        {
            return;
        }

        using var kafka = KafkaMockCluster.Start();
        var topic = $"restart-{Guid.NewGuid():N}";
        var vhost = await rabbit.Node.CreateVirtualHostAsync($"mirror-restart-{Guid.NewGuid():N}");
        var settings = Settings(vhost);
        settings["Gateway:Mirror:Kafka:Enabled"] = "true";
        settings["Gateway:Mirror:Kafka:BootstrapServers"] = kafka.BootstrapServers;
        settings["Gateway:Mirror:Kafka:Topic"] = topic;
        settings["Gateway:Mirror:Kafka:MessageTimeoutMilliseconds"] = "1000";

        kafka.StopBroker();
        var events = Enumerable.Range(0, 10).Select(i => MirrorEvents.Event($"e-{i}", n: i)).ToArray();
        await using (var gateway = await GatewayHost.StartAsync(settings))
        {
            await gateway.IngestAsync(events);
            Assert.True(await Eventually.HoldsAsync(async () =>
                (await rabbit.Node.ListQueuesAsync(vhost)).Any(q => q.Name == "bus-gateway-mirror-kafka" && q.Ready + q.Unacknowledged == events.Length), TimeSpan.FromSeconds(30)),
                "the ten events did not reach the mirror queue");
        }

        // bus-gateway is gone with nothing written; the events wait in its durable mirror queue.
        Assert.Contains(await rabbit.Node.ListQueuesAsync(vhost), q => q.Name == "bus-gateway-mirror-kafka" && q.Ready == events.Length);
        kafka.StartBroker();
        await using (await GatewayHost.StartAsync(settings))
        {
            var records = await MirrorEvents.ReadAsync(kafka, topic, events.Length, TimeSpan.FromSeconds(60));
            Assert.Equal(events.Select(e => e.Id).Order(), records.Select(r => MirrorEvents.Decode(r).Id).Distinct().Order());
            Assert.All(records, r => Assert.Equal("webhook/example", r.Message.Key));
        }
    }
}
