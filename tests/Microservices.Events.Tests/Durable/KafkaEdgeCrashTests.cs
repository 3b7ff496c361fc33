using Confluent.Kafka;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The kafka source under kill -9: 1,000 messages produced to librdkafka's mock cluster (in this process, reached by
/// the ingress process over loopback) while ingress is killed and started again; offsets committed only after the bus
/// accepted an event mean nothing is lost, and ids from topic/partition/offset mean what is read again fires once.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class KafkaEdgeCrashTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_ingress_mid_stream_loses_no_kafka_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        using var kafka = KafkaMockCluster.Start();
        var topic = $"edge-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 1 })
            .SetLogHandler((_, _) => { }).Build();
        // The topic exists before the source subscribes; the filter keeps this first message from firing.
        await producer.ProduceAsync(topic, new Message<Null, string> { Value = """{"n": -1}""" });

        var eventSource = $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: kafka-edge}
            spec:
              kafka:
                numbers:
                  url: {{kafka.BootstrapServers}}
                  topic: {{topic}}
                  jsonBody: true
                  consumerGroup: {groupName: edge, oldest: true}
                  filter: {expression: "body.n >= 0"}
            """;

        await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options("kafka-kill9", eventSource, "kafka-edge", "numbers", "body.n",
            async i => await producer.ProduceAsync(topic, new Message<Null, string> { Value = $$"""{"n": {{i}}}""" })));
    }
}
