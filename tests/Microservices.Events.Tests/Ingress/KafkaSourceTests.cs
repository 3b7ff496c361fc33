using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Kafka;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The kafka source against librdkafka's mock cluster: a partition does not move past an event the bus has not
/// accepted, and a broker that goes down makes /health Degraded until it is back, with nothing lost.
/// </summary>
public sealed class KafkaSourceTests : IDisposable
{
    private readonly KafkaMockCluster _kafka = KafkaMockCluster.Start();
    private readonly string _topic = $"numbers-{Guid.NewGuid():N}";
    private readonly IProducer<Null, string> _producer;
    private readonly Bus _bus = new();
    private readonly KafkaSource _source;

    public KafkaSourceTests()
    {
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 1 }).SetLogHandler((_, _) => { }).Build();
        _source = new KafkaSource(Services(_bus), new SecretResolver(new ConfigurationBuilder().Build()), NullLogger<KafkaSource>.Instance);
    }

    public void Dispose()
    {
        _source.Dispose();
        _producer.Dispose();
        _kafka.Dispose();
    }

    private SpecSnapshot Spec() => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: edge}
        spec:
          kafka:
            numbers:
              url: {{_kafka.BootstrapServers}}
              topic: {{_topic}}
              jsonBody: true
              consumerGroup: {groupName: numbers, oldest: true}
        """);

    private async Task Produce(int from, int count)
    {
        for (var n = from; n < from + count; n++)
        {
            await _producer.ProduceAsync(new TopicPartition(_topic, new Partition(0)), new Message<Null, string> { Value = $$"""{"n":{{n}}}""" });
        }
    }

    [Fact]
    public async Task A_partition_does_not_move_past_an_event_the_bus_has_not_accepted()
    {
        await Produce(0, 5);
        _bus.Refusing = true;
        await _source.ApplyAsync(Spec(), default);

        Assert.True(await Eventually.HoldsAsync(() => _bus.Refused >= 2, TimeSpan.FromSeconds(30)), $"{_bus.Refused} refusals");
        Assert.Empty(_bus.Accepted);
        Assert.True(Committed().IsSpecial, $"committed {Committed()} while the bus refused the first event");

        _bus.Refusing = false;
        Assert.True(await Eventually.HoldsAsync(() => _bus.Accepted.Count == 5, TimeSpan.FromSeconds(30)), $"{_bus.Accepted.Count} accepted");
        Assert.Equal([0, 1, 2, 3, 4], _bus.Numbers());
        Assert.True(await Eventually.HoldsAsync(() => Committed().Value == 5, TimeSpan.FromSeconds(10)), $"committed {Committed()}");
        await _source.StopAsync(default);
    }

    [Fact]
    public async Task A_broker_that_goes_down_makes_health_degraded_until_it_is_back_and_nothing_is_lost()
    {
        await Produce(0, 10);
        await _source.ApplyAsync(Spec(), default);
        Assert.True(await Eventually.HoldsAsync(() => _bus.Numbers().Count == 10, TimeSpan.FromSeconds(30)), $"{_bus.Accepted.Count} accepted");
        Assert.Equal(HealthStatus.Healthy, _source.Health().Status);

        _kafka.StopBroker();
        var whileDown = Produce(10, 10);
        // librdkafka reports every broker down once its reconnect attempts failed: seconds, longer on a saturated machine.
        Assert.True(await Eventually.HoldsAsync(() => _source.Health().Status == HealthStatus.Degraded, TimeSpan.FromSeconds(60)), _source.Health().Description);
        Assert.Contains("edge/numbers", _source.Health().Description, StringComparison.Ordinal);
        Assert.Contains("unreachable", _source.Health().Description, StringComparison.Ordinal);

        _kafka.StartBroker();
        await whileDown;
        Assert.True(await Eventually.HoldsAsync(() => _bus.Numbers().Count == 20, TimeSpan.FromSeconds(90)), $"{_bus.Numbers().Count} of 20; {_source.Health().Description}");
        Assert.True(await Eventually.HoldsAsync(() => _source.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30)), _source.Health().Description);
        Assert.Equal(Enumerable.Range(0, 20), _bus.Numbers());
        await _source.StopAsync(default);
    }

    [Fact]
    public async Task Limit_events_per_second_spaces_the_messages()
    {
        await Produce(0, 6);
        var started = DateTime.UtcNow;
        await _source.ApplyAsync(SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: edge}
            spec:
              kafka:
                numbers:
                  url: {{_kafka.BootstrapServers}}
                  topic: {{_topic}}
                  jsonBody: true
                  consumerGroup: {groupName: paced, oldest: true}
                  limitEventsPerSecond: 5
            """), default);

        Assert.True(await Eventually.HoldsAsync(() => _bus.Numbers().Count == 6, TimeSpan.FromSeconds(30)), $"{_bus.Accepted.Count} accepted");
        // An event's time is stamped while it is handled, after the pause; the first message's handling also pays for
        // first use, so the spacing is measured from the second: four pauses of 200 ms (0.8 s), less room for a handling
        // the loaded machine delays. Unpaced, the six arrive within milliseconds.
        var times = _bus.Accepted.Select(e => e.Time).ToList();
        Assert.True(times[^1] - times[1] >= TimeSpan.FromSeconds(0.6), $"events 2-6 within {times[^1] - times[1]}");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1));
        await _source.StopAsync(default);
    }

    [Fact]
    public async Task A_missing_sasl_secret_keeps_the_listener_reconnecting_and_health_names_the_field()
    {
        await _source.ApplyAsync(SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: edge}
            spec:
              kafka:
                secured:
                  url: {{_kafka.BootstrapServers}}
                  topic: {{_topic}}
                  partition: "0"
                  sasl: {mechanism: SCRAM-SHA-256, userSecret: {name: kafka-user, key: user}, passwordSecret: {name: kafka-user, key: password} }
            """), default);

        Assert.True(await Eventually.HoldsAsync(() => _source.Health().Description?.Contains("sasl.userSecret: secret \"kafka-user\" has no key \"user\"", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10)),
            _source.Health().Description);
        Assert.Equal(HealthStatus.Degraded, _source.Health().Status);
        await _source.StopAsync(default);
    }

    [Fact]
    public async Task An_event_refused_at_load_is_not_run()
    {
        var snapshot = SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: edge}
            spec:
              kafka:
                avro:
                  url: {{_kafka.BootstrapServers}}
                  topic: {{_topic}}
                  consumerGroup: {groupName: avro}
                  schemaRegistry: {url: "http://registry:8081"}
            """);

        await _source.ApplyAsync(snapshot, default);

        var refusal = Assert.Single(_source.Validate(snapshot.EventSources.Single()));
        Assert.Equal("spec.kafka.avro.schemaRegistry", refusal.Path);
        Assert.Equal("0 listener(s) consuming", _source.Health().Description);
    }

    private Offset Committed()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = "numbers" }).SetLogHandler((_, _) => { }).Build();
        return consumer.Committed([new TopicPartition(_topic, new Partition(0))], TimeSpan.FromSeconds(10)).Single().Offset;
    }

    private static EdgeServices Services(IEventIngestor bus)
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new EdgeServices(bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions { PublishTimeoutSeconds = 2 }), NullLogger<EdgeServices>.Instance);
    }

    /// <summary>The bus: takes every event, or refuses them all while <see cref="Refusing"/>.</summary>
    private sealed class Bus : IEventIngestor
    {
        private int _refused;

        public volatile bool Refusing;

        public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

        public int Refused => _refused;

        /// <summary>The distinct numbers accepted, in order (a message read again has the same id and is counted once).</summary>
        public List<int> Numbers() => Accepted.DistinctBy(e => e.Id).Select(e => e.Data!.Value.GetProperty("body").GetProperty("n").GetInt32()).ToList();

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            if (Refusing)
            {
                Interlocked.Increment(ref _refused);
                throw new InvalidOperationException("the bus is down");
            }

            Accepted.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
