using Confluent.Kafka;
using Microservices.Events.Ingress.Sources.Kafka;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// librdkafka settings of a kafka event: offsets stored only by the consume loop, group or lone partition, strategies,
/// TLS and SASL (the mock cluster speaks neither, so they are checked here as settings).
/// </summary>
public sealed class KafkaConsumerSettingsTests
{
    private static readonly KafkaEventSource Group = new()
    {
        Url = "b1:9092, b2:9092",
        Topic = "orders",
        ConsumerGroup = new KafkaConsumerGroup { GroupName = "shop" },
    };

    [Fact]
    public void Offsets_are_stored_only_by_the_consume_loop_and_committed_every_second()
    {
        var config = KafkaConsumerSettings.For("es", "ev", Group, null, null);

        Assert.Equal("b1:9092,b2:9092", config.BootstrapServers);
        Assert.Equal("shop", config.GroupId);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.True(config.EnableAutoCommit);
        Assert.Equal(1000, config.AutoCommitIntervalMs);
        Assert.Equal(KafkaConnectionWatch.StatisticsIntervalMilliseconds, config.StatisticsIntervalMs);
        Assert.Equal(AutoOffsetReset.Latest, config.AutoOffsetReset);
        Assert.Equal(PartitionAssignmentStrategy.Range, config.PartitionAssignmentStrategy);
        Assert.Equal((10_000, 3_000), (config.SessionTimeoutMs, config.HeartbeatIntervalMs));
        Assert.Equal(SecurityProtocol.Plaintext, config.SecurityProtocol);
        Assert.Null(KafkaConsumerSettings.Partition(Group));
    }

    [Theory]
    [InlineData(null, PartitionAssignmentStrategy.Range)]
    [InlineData("range", PartitionAssignmentStrategy.Range)]
    [InlineData("roundrobin", PartitionAssignmentStrategy.RoundRobin)]
    [InlineData("sticky", PartitionAssignmentStrategy.CooperativeSticky)]
    [InlineData("fair", PartitionAssignmentStrategy.Range)]
    public void The_rebalance_strategy_maps_to_librdkafkas(string? strategy, PartitionAssignmentStrategy expected) =>
        Assert.Equal(expected, KafkaConsumerSettings.For("es", "ev", Group with { ConsumerGroup = new() { GroupName = "g", RebalanceStrategy = strategy } }, null, null).PartitionAssignmentStrategy);

    [Fact]
    public void Oldest_starts_a_new_group_at_the_first_offset_and_wins_over_config()
    {
        var spec = Group with { ConsumerGroup = new() { GroupName = "g", Oldest = true }, Config = "consumer: {offsets: {initial: -1}}" };

        Assert.Equal(AutoOffsetReset.Earliest, KafkaConsumerSettings.For("es", "ev", spec, null, null).AutoOffsetReset);
        Assert.Equal(AutoOffsetReset.Earliest, KafkaConsumerSettings.For("es", "ev", Group with { Config = "consumer: {offsets: {initial: -2}}" }, null, null).AutoOffsetReset);
    }

    [Fact]
    public void A_lone_partition_commits_under_a_group_of_its_own_and_starts_at_the_newest_offset()
    {
        var spec = new KafkaEventSource { Url = "b:9092", Topic = "audit", Partition = "3" };

        var config = KafkaConsumerSettings.For("shop", "audit", spec, null, null);

        Assert.Equal("events-ingress.shop.audit", config.GroupId);
        Assert.Equal(AutoOffsetReset.Latest, config.AutoOffsetReset);
        Assert.Equal(3, KafkaConsumerSettings.Partition(spec));
    }

    [Fact]
    public void Config_settings_apply_but_never_the_offset_rules()
    {
        var spec = Group with { Config = "clientID: shop-reader\nconsumer: {group: {session: {timeout: 30s}}, offsets: {autoCommit: {interval: 5s}}}" };

        var config = KafkaConsumerSettings.For("es", "ev", spec, null, null);

        Assert.Equal("shop-reader", config.ClientId);
        Assert.Equal(30_000, config.SessionTimeoutMs);
        Assert.Equal(1000, config.AutoCommitIntervalMs);
        Assert.False(config.EnableAutoOffsetStore);
    }

    [Fact]
    public void Connection_backoff_sets_the_reconnect_backoff()
    {
        var config = KafkaConsumerSettings.For("es", "ev", Group with { ConnectionBackoff = new Backoff { Duration = "10s", Factor = "2", Steps = 5 } }, null, null);

        Assert.Equal((10_000, 160_000), (config.ReconnectBackoffMs, config.ReconnectBackoffMaxMs));
    }

    [Fact]
    public void Tls_material_is_passed_as_pem_and_insecureSkipVerify_turns_verification_off()
    {
        var config = KafkaConsumerSettings.For("es", "ev", Group, new ResolvedTls("CA", "CERT", "KEY", InsecureSkipVerify: true), null);

        Assert.Equal(SecurityProtocol.Ssl, config.SecurityProtocol);
        Assert.Equal(("CA", "CERT", "KEY"), (config.SslCaPem, config.SslCertificatePem, config.SslKeyPem));
        Assert.False(config.EnableSslCertificateVerification);
        Assert.True(KafkaConsumerSettings.For("es", "ev", Group, new ResolvedTls("CA", null, null, false), null).EnableSslCertificateVerification);
    }

    [Theory]
    [InlineData(null, SaslMechanism.Plain)]
    [InlineData("PLAIN", SaslMechanism.Plain)]
    [InlineData("SCRAM-SHA-256", SaslMechanism.ScramSha256)]
    [InlineData("SCRAM-SHA-512", SaslMechanism.ScramSha512)]
    public void Sasl_credentials_and_mechanism_are_set_over_plaintext_or_tls(string? mechanism, SaslMechanism expected)
    {
        var spec = Group with { Sasl = new KafkaSasl { Mechanism = mechanism } };

        var plain = KafkaConsumerSettings.For("es", "ev", spec, null, ("user", "pw"));
        var secured = KafkaConsumerSettings.For("es", "ev", spec, new ResolvedTls(null, null, null, false), ("user", "pw"));

        Assert.Equal((expected, "user", "pw", SecurityProtocol.SaslPlaintext), (plain.SaslMechanism!.Value, plain.SaslUsername, plain.SaslPassword, plain.SecurityProtocol!.Value));
        Assert.Equal(SecurityProtocol.SaslSsl, secured.SecurityProtocol);
    }
}
