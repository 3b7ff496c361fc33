using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Kafka;
using Microservices.Events.Tests.Support;
using Microservices.Events.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// Messages produced to librdkafka's mock cluster fire triggers through the embedded services: a consumer group reading
/// JSON bodies with a filter (a value that is not JSON is committed past), and a lone partition read as base64 bodies.
/// </summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class KafkaEndToEndTests : IAsyncLifetime
{
    private readonly KafkaMockCluster _kafka = KafkaMockCluster.Start();
    private readonly string _orders = $"orders-{Guid.NewGuid():N}";
    private readonly string _audit = $"audit-{Guid.NewGuid():N}";
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _kafka.Dispose();
    }

    private string EventSource() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: kafka-e2e}
        spec:
          kafka:
            orders:
              url: {{_kafka.BootstrapServers}}
              topic: {{_orders}}
              jsonBody: true
              consumerGroup: {groupName: shop, oldest: true}
              filter: {expression: "body.total > 10"}
              metadata: {team: shop}
            audit:
              url: {{_kafka.BootstrapServers}}
              topic: {{_audit}}
              partition: "0"
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-kafka}
        spec:
          dependencies:
            - {name: order, eventSourceName: kafka-e2e, eventName: orders}
            - {name: audit, eventSourceName: kafka-e2e, eventName: audit}
          triggers:
            - template:
                name: order
                conditions: order
                http:
                  url: {{_sink.BaseUrl}}/order
                  payload:
                    - {src: {dependencyName: order, contextKey: id}, dest: eventId}
                    - {src: {dependencyName: order, dataKey: body.id}, dest: id}
                    - {src: {dependencyName: order, dataKey: key}, dest: key}
                    - {src: {dependencyName: order, dataKey: headers.source, value: none}, dest: source}
                    - {src: {dependencyName: order, dataKey: topic}, dest: topic}
                    - {src: {dependencyName: order, dataKey: metadata.team}, dest: team}
            - template:
                name: audit
                conditions: audit
                http:
                  url: {{_sink.BaseUrl}}/audit
                  payload:
                    - {src: {dependencyName: audit, dataKey: body}, dest: body}
                    - {src: {dependencyName: audit, dataKey: partition}, dest: partition}
        """;

    [Fact]
    public async Task Produced_messages_fire_triggers_with_argos_event_data_and_offsets_are_committed_past_what_was_handled()
    {
        using var producer = new ProducerBuilder<string?, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).SetLogHandler((_, _) => { }).Build();
        var orders = new TopicPartition(_orders, new Partition(0));
        await producer.ProduceAsync(orders, new Message<string?, string> { Key = "c-1", Value = """{"id":"o-1","total":12}""", Headers = new Headers { { "source", "shop"u8.ToArray() } } });
        await producer.ProduceAsync(orders, new Message<string?, string> { Key = "c-2", Value = "{oops" });
        await producer.ProduceAsync(orders, new Message<string?, string> { Key = "c-3", Value = """{"id":"o-2","total":5}""" });
        await producer.ProduceAsync(orders, new Message<string?, string> { Key = "c-4", Value = """{"id":"o-3","total":20}""" });
        // A lone partition starts at its newest offset: this message is before the event source started.
        await producer.ProduceAsync(new TopicPartition(_audit, new Partition(0)), new Message<string?, string> { Value = "before" });

        using var specs = new TempSpecs(("kafka.yaml", EventSource()), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseTestServer();
        var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        try
        {
            var client = app.GetTestClient();
            Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30)),
                await client.GetStringAsync("/health"));
            await producer.ProduceAsync(new TopicPartition(_audit, new Partition(0)), new Message<string?, string> { Value = "after" });

            Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count(r => r.Path == "/order") >= 2 && _sink.Requests.Any(r => r.Path == "/audit"), TimeSpan.FromSeconds(30)),
                $"{_sink.Requests.Count} calls\n{string.Join("\n", logs.Lines.Where(l => l.Contains("kafka", StringComparison.OrdinalIgnoreCase)))}");
            await Task.Delay(500);
            var calls = _sink.Requests.Where(r => r.Path == "/order").Select(r => JsonNode.Parse(r.Body)!).OrderBy(c => (string)c["id"]!, StringComparer.Ordinal).ToList();
            Assert.Equal(["o-1", "o-3"], calls.Select(c => (string)c["id"]!));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
                {"eventId":"{{EdgeIds.From("kafka-e2e", "orders", _orders, "0", "0")}}","id":"o-1","key":"c-1","source":"shop","topic":"{{_orders}}","team":"shop"}
                """), calls[0]), calls[0].ToJsonString());
            Assert.Equal(EdgeIds.From("kafka-e2e", "orders", _orders, "0", "3"), (string)calls[1]["eventId"]!);
            var audit = JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/audit").Body)!;
            Assert.Equal(Convert.ToBase64String("after"u8), (string)audit["body"]!);
            Assert.Equal("0", (string)audit["partition"]!);

            var metrics = await client.GetStringAsync("/metrics");
            Assert.Matches("""events_rejected_total\{[^}]*event_name="orders"[^}]*reason="malformed"[^}]*\} 1""", metrics);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // Stopping committed every handled offset: past the malformed and the filtered message, and past "after".
        Assert.Equal(4, Committed("shop", orders));
        Assert.Equal(2, Committed(KafkaConsumerSettings.PartitionGroup("kafka-e2e", "audit"), new TopicPartition(_audit, new Partition(0))));
    }

    private long Committed(string group, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = group }).SetLogHandler((_, _) => { }).Build();
        return consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }
}
