using Microservices.Events.Specs.Kafka;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

/// <summary>The kafka event source at load: Argo's example loads clean, bad fields are errors at their path, what cannot run is refused by name.</summary>
public sealed class KafkaSourceSpecTests
{
    private static SpecFile Load(string settings) => SpecLoader.Load($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: kafka}
        spec:
          kafka:
            example:
              {{settings}}
        """);

    [Fact]
    public void The_Argo_kafka_example_loads_with_every_field_typed_and_nothing_refused()
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "event-sources", "kafka.yaml");
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.Empty(file.AllDiagnostics);
        var kafka = Assert.Single(Assert.Single(file.Documents).EventSource!.Spec.Kafka!).Value;
        Assert.Equal("kafka.argo-events:9092", kafka.Url);
        Assert.Equal("topic-2", kafka.Topic);
        Assert.Equal("1", kafka.Partition);
        Assert.True(kafka.JsonBody);
        Assert.Equal(new Backoff { Duration = "10s", Steps = 5, Factor = "2", Jitter = "0.2" }, kafka.ConnectionBackoff);
    }

    [Fact]
    public void A_consumer_group_with_every_runnable_field_loads_clean()
    {
        var file = Load("""
            url: "b1:9092, b2:9092"
                  topic: orders
                  consumerGroup: {groupName: g, oldest: true, rebalanceStrategy: sticky}
                  limitEventsPerSecond: 5
                  version: "2.5.0"
                  jsonBody: true
                  tls: {caCertSecret: {name: kafka, key: ca}, clientCertSecret: {name: kafka, key: crt}, clientKeySecret: {name: kafka, key: key}}
                  sasl: {mechanism: SCRAM-SHA-512, userSecret: {name: kafka, key: user}, passwordSecret: {name: kafka, key: password}}
                  config: |
                    consumer:
                      group:
                        session:
                          timeout: 20000000000
                  metadata: {team: shop}
                  filter: {expression: "body.total > 10"}
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    [Theory]
    [InlineData("topic: t\n      partition: \"0\"", "spec.kafka.example.url", "required")]
    [InlineData("url: kafka\n      topic: t\n      partition: \"0\"", "spec.kafka.example.url", "\"kafka\" is not a broker address host:port")]
    [InlineData("url: k:9092\n      partition: \"0\"", "spec.kafka.example.topic", "required")]
    [InlineData("url: k:9092\n      topic: \"a/b\"\n      partition: \"0\"", "spec.kafka.example.topic", "is not a Kafka topic name")]
    [InlineData("url: k:9092\n      topic: t", "spec.kafka.example.partition", "required: a partition or a consumerGroup")]
    [InlineData("url: k:9092\n      topic: t\n      partition: one", "spec.kafka.example.partition", "\"one\" is not a partition number")]
    [InlineData("url: k:9092\n      topic: t\n      consumerGroup: {oldest: true}", "spec.kafka.example.consumerGroup.groupName", "required")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      limitEventsPerSecond: -1", "spec.kafka.example.limitEventsPerSecond", "must not be negative")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      version: latest", "spec.kafka.example.version", "is not a Kafka version")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      tls: {clientCertSecret: {name: s, key: crt}}", "spec.kafka.example.tls.clientKeySecret", "go together")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      sasl: {mechanism: PLAIN, userSecret: {name: s, key: u}}", "spec.kafka.example.sasl.passwordSecret", "required")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      sasl: {mechanism: MD5, userSecret: {name: s, key: u}, passwordSecret: {name: s, key: p}}", "spec.kafka.example.sasl.mechanism", "is not one of PLAIN")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      connectionBackoff: {duration: soon}", "spec.kafka.example.connectionBackoff.duration", "is neither nanoseconds nor a duration")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      config: \"consumer: {fetch: {min: lots}}\"", "spec.kafka.example.config", "consumer.fetch.min: expected a positive number of bytes")]
    [InlineData("url: k:9092\n      topic: t\n      partition: \"0\"\n      filter: {expression: \"body.a ==\"}", "spec.kafka.example.filter.expression", "does not parse")]
    public void A_bad_kafka_field_is_an_error_at_its_path(string settings, string path, string message)
    {
        var file = Load(settings);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("schemaRegistry: {url: \"http://registry:8081\"}", "spec.kafka.example.schemaRegistry", "schema registry is not built here")]
    [InlineData("awsMskIamAuth: {region: us-east-1}", "spec.kafka.example.awsMskIamAuth", "AWS MSK IAM authentication is not built here")]
    [InlineData("sasl: {mechanism: OAUTHBEARER, userSecret: {name: s, key: u}, passwordSecret: {name: s, key: p}}", "spec.kafka.example.sasl.mechanism", "SASL OAUTHBEARER is not supported yet")]
    public void What_cannot_run_here_is_refused_at_load_by_name(string setting, string path, string message)
    {
        var file = Load($"url: k:9092\n      topic: t\n      consumerGroup: {{groupName: g}}\n      {setting}");

        var refusal = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Unsupported);
        Assert.Equal(path, refusal.Path);
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarama_settings_that_have_no_effect_here_are_a_warning_naming_them()
    {
        var file = Load("url: k:9092\n      topic: t\n      partition: \"0\"\n      config: \"net: {maxOpenRequests: 1}\\nconsumer: {offsets: {autoCommit: {enable: false}}}\"");

        var warning = Assert.Single(file.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.kafka.example.config", warning.Path);
        Assert.Contains("not applied here: net.maxOpenRequests, consumer.offsets.autoCommit.enable", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_rebalance_strategy_is_a_warning_that_range_is_used()
    {
        var file = Load("url: k:9092\n      topic: t\n      consumerGroup: {groupName: g, rebalanceStrategy: fair}");

        var warning = Assert.Single(file.AllDiagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "spec.kafka.example.consumerGroup.rebalanceStrategy"), (warning.Severity, warning.Path));
        Assert.Contains("range is used", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clientID: shop", "client.id", "shop")]
    [InlineData("consumer: {group: {session: {timeout: 20000000000}}}", "session.timeout.ms", "20000")]
    [InlineData("consumer: {group: {heartbeat: {interval: 2s}}}", "heartbeat.interval.ms", "2000")]
    [InlineData("Consumer: {Offsets: {Initial: -2}}", "auto.offset.reset", "earliest")]
    [InlineData("consumer: {offsets: {initial: -1}}", "auto.offset.reset", "latest")]
    [InlineData("consumer: {fetch: {min: 1024}}", "fetch.min.bytes", "1024")]
    [InlineData("consumer: {fetch: {default: 2097152}}", "max.partition.fetch.bytes", "2097152")]
    [InlineData("consumer: {maxWaitTime: 250ms}", "fetch.wait.max.ms", "250")]
    [InlineData("consumer: {isolationLevel: 1}", "isolation.level", "read_committed")]
    [InlineData("net: {dialTimeout: 30s}", "socket.connection.setup.timeout.ms", "30000")]
    [InlineData("metadata: {refreshFrequency: 1m}", "topic.metadata.refresh.interval.ms", "60000")]
    public void A_sarama_setting_becomes_its_librdkafka_property(string config, string property, string value)
    {
        var mapping = SaramaConsumerConfig.Map(config);

        Assert.Empty(mapping.Errors);
        Assert.Empty(mapping.NotApplied);
        Assert.Equal(value, Assert.Single(mapping.Settings, s => s.Key == property).Value);
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("10s", null, null, "10000-10000")]
    [InlineData("10s", "2", 5, "10000-160000")]
    [InlineData("1000000000", "3", 3, "1000-9000")]
    [InlineData("1m", "10", 10, "60000-3600000")]
    [InlineData("0", null, null, "1-1")]
    public void Connection_backoff_becomes_the_reconnect_backoff(string? duration, string? factor, int? steps, string? expected)
    {
        var reconnect = KafkaBackoff.Reconnect(duration is null ? null : new Backoff { Duration = duration, Factor = factor, Steps = steps });

        Assert.Equal(expected, reconnect is { } r ? $"{r.Initial}-{r.Max}" : null);
    }
}
