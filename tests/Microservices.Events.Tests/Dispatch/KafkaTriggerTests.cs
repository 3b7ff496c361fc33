using System.Text;
using Confluent.Kafka;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.Kafka;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The kafka trigger producing to librdkafka's mock cluster, read back by a consumer.</summary>
public sealed class KafkaTriggerTests : IDisposable
{
    private readonly KafkaMockCluster _kafka = KafkaMockCluster.Start();

    public void Dispose() => _kafka.Dispose();

    [Fact]
    public async Task A_kafka_trigger_produces_the_payload_with_its_key_and_headers_once_the_broker_acknowledged_it()
    {
        var topic = $"orders-{Guid.NewGuid():N}";
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: produce
                    kafka:
                      url: {{_kafka.BootstrapServers}}
                      topic: {{topic}}
                      partitioningKey: customer-7
                      flushFrequency: 5
                      headers: {source: events}
                      secureHeaders:
                        - name: x-api-key
                          valueFrom: {secretKeyRef: {name: kafka, key: api-key} }
                      payload:
                        - src: {dependencyName: dep, dataKey: body.id}
                          dest: id
                        - src: {dependencyName: dep, dataKey: body.total, useRawData: true}
                          dest: total
            """), new Dictionary<string, string?> { ["Secrets:kafka:api-key"] = "k-123" });

        await h.Bus.Publish(KindDispatch.Request("produce", """{"body":{"id":"o-1","total":12.5}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal("kafka", success.Kind);
        Assert.Contains($"to {topic} [", success.Detail);
        var message = Assert.Single(_kafka.Read(topic, 1, TimeSpan.FromSeconds(10))).Message;
        Assert.Equal("customer-7", message.Key);
        Assert.Equal("""{"id":"o-1","total":12.5}""", Encoding.UTF8.GetString(message.Value));
        Assert.Equal("events", Encoding.UTF8.GetString(message.Headers.GetLastBytes("source")));
        Assert.Equal("k-123", Encoding.UTF8.GetString(message.Headers.GetLastBytes("x-api-key")));
    }

    [Fact]
    public async Task A_given_partition_is_produced_to_and_the_topic_can_be_set_by_parameters()
    {
        var topic = $"audit-{Guid.NewGuid():N}";
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: produce
                    kafka:
                      url: {{_kafka.BootstrapServers}}
                      topic: placeholder
                      partition: 1
                      flushFrequency: 5
                      payload: [{src: {dependencyName: dep, dataKey: body.text}, dest: text}]
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.topic}
                      dest: kafka.topic
            """), new Dictionary<string, string?>());

        await h.Bus.Publish(KindDispatch.Request("produce", $$"""{"body":{"topic":"{{topic}}","text":"raw line"} }"""));

        await KindDispatch.Outcomes<TriggerSucceeded>(h);
        var delivered = Assert.Single(_kafka.Read(topic, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, delivered.Partition.Value);
        Assert.Equal("""{"text":"raw line"}""", Encoding.UTF8.GetString(delivered.Message.Value));
    }

    [Fact]
    public async Task A_missing_sasl_secret_fails_the_firing_naming_the_field_and_secret()
    {
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: produce
                    kafka:
                      url: {{_kafka.BootstrapServers}}
                      topic: t
                      sasl: {userSecret: {name: kafka, key: user}, passwordSecret: {name: kafka, key: password} }
                      payload: [{src: {dependencyName: dep, value: x}, dest: x}]
            """), new Dictionary<string, string?> { ["Secrets:kafka:user"] = "alice" });

        await h.Bus.Publish(KindDispatch.Request("produce", "{}"));

        Assert.Equal("sasl.passwordSecret: secret \"kafka\" has no key \"password\"", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
    }

    [Fact]
    public void Producer_settings_follow_argo_defaults()
    {
        var config = KafkaProducerSettings.For(new KafkaTrigger { Url = "a:9092, b:9092", Topic = "t" }, tls: null, sasl: null);

        Assert.Equal("a:9092,b:9092", config.BootstrapServers);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(CompressionType.None, config.CompressionType);
        Assert.Equal(500, config.LingerMs);
        Assert.Equal(SecurityProtocol.Plaintext, config.SecurityProtocol);
        Assert.Equal("fnv1a_random", config.Get("partitioner"));
    }

    [Theory]
    [InlineData(1, true, 20, null, "SCRAM-SHA-512", "Leader", "Snappy", 20, "SaslPlaintext", "ScramSha512")]
    [InlineData(1, true, 20, "ca", "SCRAM-SHA-256", "Leader", "Snappy", 20, "SaslSsl", "ScramSha256")]
    [InlineData(-1, false, 0, "ca", null, "All", "None", 500, "Ssl", null)]
    [InlineData(0, null, null, null, "", "All", "None", 500, "SaslPlaintext", "Plain")]
    public void Producer_settings_map_each_field(
        int acks, bool? compress, int? flush, string? ca, string? mechanism,
        string expectedAcks, string expectedCompression, int expectedLinger, string expectedProtocol, string? expectedMechanism)
    {
        var kafka = new KafkaTrigger
        {
            Url = "a:9092", Topic = "t", RequiredAcks = acks, Compress = compress, FlushFrequency = flush,
            Sasl = mechanism is null ? null : new KafkaSasl { Mechanism = mechanism },
        };
        var tls = ca is null ? null : new ResolvedTls(ca, null, null, InsecureSkipVerify: false);

        var config = KafkaProducerSettings.For(kafka, tls, mechanism is null ? null : ("user", "password"));

        Assert.Equal(expectedAcks, config.Acks.ToString());
        Assert.Equal(expectedCompression, config.CompressionType.ToString());
        Assert.Equal(expectedLinger, config.LingerMs);
        Assert.Equal(expectedProtocol, config.SecurityProtocol.ToString());
        Assert.Equal(expectedMechanism, config.SaslMechanism?.ToString());
        Assert.Equal(ca, config.SslCaPem);
    }
}
