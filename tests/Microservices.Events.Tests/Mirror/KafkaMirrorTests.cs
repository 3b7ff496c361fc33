using System.Text;
using Microservices.Events.BusGateway.Mirror;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Mirror;

/// <summary>The Kafka mirror on the in-memory bus, against librdkafka's mock cluster.</summary>
public sealed class KafkaMirrorTests
{
    private static Dictionary<string, string?> Settings(KafkaMockCluster kafka, string topic) => new()
    {
        ["Bus:Transport"] = "InMemory",
        ["Gateway:Mirror:Kafka:Enabled"] = "true",
        ["Gateway:Mirror:Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Gateway:Mirror:Kafka:Topic"] = topic,
        ["Gateway:Mirror:Kafka:MessageTimeoutMilliseconds"] = "1000",
        ["Gateway:Mirror:MaxRetryDelaySeconds"] = "1",
    };

    [Fact]
    public async Task A_published_event_becomes_a_binary_mode_record_keyed_by_source_and_subject()
    {
        using var kafka = KafkaMockCluster.Start();
        var topic = $"mirror-{Guid.NewGuid():N}";
        await using var gateway = await GatewayHost.StartAsync(Settings(kafka, topic));

        await gateway.IngestAsync(MirrorEvents.Event("e-1", n: 7));

        var record = Assert.Single(await MirrorEvents.ReadAsync(kafka, topic, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("webhook/example", record.Message.Key);
        string Header(string name) => Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
        Assert.Equal(("1.0", "e-1", "webhook", "webhook", "example"), (Header("ce_specversion"), Header("ce_id"), Header("ce_source"), Header("ce_type"), Header("ce_subject")));
        Assert.Equal("application/json", Header("content-type"));
        Assert.Equal(MirrorEvents.TraceParent, Header("ce_traceparent"));
        Assert.True(DateTimeOffset.TryParse(Header("ce_time"), out _));
        Assert.Equal("""{"body":{"n":7}}""", Encoding.UTF8.GetString(record.Message.Value));
    }

    [Fact]
    public async Task Events_published_while_the_Kafka_broker_is_down_arrive_after_it_is_back_in_order_per_key()
    {
        using var kafka = KafkaMockCluster.Start();
        var topic = $"outage-{Guid.NewGuid():N}";
        await using var gateway = await GatewayHost.StartAsync(Settings(kafka, topic));
        await gateway.IngestAsync(MirrorEvents.Event("first"));
        Assert.Single(await MirrorEvents.ReadAsync(kafka, topic, 1, TimeSpan.FromSeconds(30)));

        kafka.StopBroker();
        var events = Enumerable.Range(0, 20).Select(i => MirrorEvents.Event($"e-{i:D2}", subject: i % 2 == 0 ? "even" : "odd", n: i)).ToArray();
        await gateway.IngestAsync(events);
        await Task.Delay(TimeSpan.FromSeconds(3));
        kafka.StartBroker();

        var records = await MirrorEvents.ReadAsync(kafka, topic, 21, TimeSpan.FromSeconds(60));
        var read = records.Select(MirrorEvents.Decode).ToList();
        Assert.Equal(events.Select(e => e.Id).Append("first").Order(), read.Select(e => e.Id).Distinct().Order());
        foreach (var key in new[] { "even", "odd" })
        {
            var ids = read.Where(e => e.Subject == key).Select(e => e.Id).Distinct().ToList();
            Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        }
    }

    [Fact]
    public async Task The_RabbitMQ_mirror_is_refused_on_the_in_memory_bus_with_its_key_named()
    {
        using var host = GatewayHost.Build(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory", ["Gateway:Mirror:RabbitMq:Enabled"] = "true" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Gateway:Mirror:RabbitMq:Enabled: the exchange lives on the bus's broker, so it needs Bus:Transport=RabbitMq", error.Message);
    }
}
