using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microservices.Events.Tests.Mirror;
using RabbitMQ.Client;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The mirror under kill -9: bus-gateway (its own process on RabbitMQ) is killed while 40 published events wait for the
/// Kafka mirror (broker down); once Kafka and bus-gateway are back every event is on the topic, and every event is on a
/// durable queue bound to the mirror exchange.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class MirrorCrashTests(DurableInfrastructure infrastructure)
{
    [Fact]
    public async Task Killing_bus_gateway_while_the_Kafka_mirror_waits_loses_no_event_on_the_topic_or_the_exchange()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        using var kafka = KafkaMockCluster.Start();
        var topic = $"mirror-kill-{Guid.NewGuid():N}";
        await using var sink = await HttpSink.StartAsync();
        await using var cluster = await DurableCluster.StartAsync(infrastructure, "mirror-kill9", new Dictionary<string, string>
        {
            ["Gateway__Mirror__RabbitMq__Enabled"] = "true",
            ["Gateway__Mirror__Kafka__Enabled"] = "true",
            ["Gateway__Mirror__Kafka__BootstrapServers"] = kafka.BootstrapServers,
            ["Gateway__Mirror__Kafka__Topic"] = topic,
            ["Gateway__Mirror__Kafka__MessageTimeoutMilliseconds"] = "1000",
            ["Gateway__Mirror__MaxRetryDelaySeconds"] = "1",
        }, ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", DurableSpecs.Sensors(sink.BaseUrl)));

        // A consumer's durable queue on the exchange, bound before events flow.
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = infrastructure.RabbitPort, VirtualHost = cluster.VirtualHost };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync("events.cloudevents", ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync("audit", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync("audit", "events.cloudevents", "hooks.*");

        kafka.StopBroker();
        const int count = 40;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var n = 0; n < count; n++)
        {
            var answer = await http.PostAsync($"http://127.0.0.1:{cluster.WebhookPort}/c", new StringContent($$"""{"n": {{n}}}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.True(await Eventually.HoldsAsync(async () =>
            (await infrastructure.ListQueuesAsync(cluster.VirtualHost)).Any(q => q.Name == "bus-gateway-mirror-kafka" && q.Ready + q.Unacknowledged == count), TimeSpan.FromSeconds(60)),
            $"the events did not all wait for the Kafka mirror\n{cluster.LogTails}");
        cluster["bus-gateway"].Kill();
        kafka.StartBroker();
        await cluster["bus-gateway"].StartAsync(TimeSpan.FromSeconds(60));

        var records = await MirrorEvents.ReadAsync(kafka, topic, count, TimeSpan.FromSeconds(90));
        var onTopic = records.Select(r => JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("body").GetProperty("n").GetInt32()).Distinct().Order().ToList();
        Assert.True(Enumerable.Range(0, count).SequenceEqual(onTopic), $"{onTopic.Count} of {count} events on the topic\n{cluster.LogTails}");
        Assert.All(records, r => Assert.Equal("hooks/c", r.Message.Key));

        var onExchange = new HashSet<int>();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            while (await channel.BasicGetAsync("audit", autoAck: true) is { } got)
            {
                onExchange.Add(JsonDocument.Parse(got.Body).RootElement.GetProperty("data").GetProperty("body").GetProperty("n").GetInt32());
            }

            return onExchange.Count == count;
        }, TimeSpan.FromSeconds(30)), $"{onExchange.Count} of {count} events on the exchange");
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await infrastructure.ListQueuesAsync(cluster.VirtualHost)).Any(q => q.Name == "bus-gateway-mirror-kafka" && q.Ready + q.Unacknowledged == 0), TimeSpan.FromSeconds(30)),
            string.Create(CultureInfo.InvariantCulture, $"the Kafka mirror queue did not drain\n{cluster.LogTails}"));
    }
}
