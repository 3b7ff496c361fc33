using System.Globalization;
using Confluent.Kafka;
using Microservices.Events.Clients.Kafka;
using Microservices.Events.Specs.Kafka;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Kafka;

/// <summary>
/// librdkafka settings for a kafka event (pure). Offsets are stored by the consume loop only after the bus accepted an
/// event (<c>enable.auto.offset.store=false</c>) and committed every second, on a rebalance and on stop. A consumer group
/// starts at the newest offset unless <c>oldest</c>; sarama's <c>sticky</c> strategy is librdkafka's
/// <c>cooperative-sticky</c>. A lone <c>partition</c> keeps its offsets under the group <see cref="PartitionGroup"/>,
/// so a restart goes on where the last accepted message was (Argo starts such a partition at its newest offset each time).
/// Group timeouts are sarama's defaults (session 10 s, heartbeat 3 s) unless <c>config</c> sets them.
/// </summary>
public static class KafkaConsumerSettings
{
    public const int CommitIntervalMilliseconds = 1000;

    /// <summary>The group a lone-partition event commits its offsets under.</summary>
    public static string PartitionGroup(string eventSource, string eventName) => $"events-ingress.{eventSource}.{eventName}";

    /// <param name="kafka">A spec the validator accepted.</param>
    /// <param name="tls">The <c>tls</c> block with its secrets read, if any.</param>
    /// <param name="sasl">User and password of <c>sasl</c>, if any.</param>
    public static ConsumerConfig For(string eventSource, string eventName, KafkaEventSource kafka, ResolvedTls? tls, (string User, string Password)? sasl)
    {
        var config = new ConsumerConfig
        {
            ClientId = "events-ingress",
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 3_000,
            AutoOffsetReset = AutoOffsetReset.Latest,
        };
        foreach (var (property, value) in SaramaConsumerConfig.Map(kafka.Config).Settings)
        {
            config.Set(property, value);
        }

        config.BootstrapServers = string.Join(",", kafka.Url!.Split(',', StringSplitOptions.TrimEntries));
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs = CommitIntervalMilliseconds;
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = false;
        config.StatisticsIntervalMs = KafkaConnectionWatch.StatisticsIntervalMilliseconds;
        if (kafka.ConsumerGroup is { } group)
        {
            config.GroupId = group.GroupName;
            config.PartitionAssignmentStrategy = group.RebalanceStrategy switch
            {
                "roundrobin" => PartitionAssignmentStrategy.RoundRobin,
                "sticky" => PartitionAssignmentStrategy.CooperativeSticky,
                _ => PartitionAssignmentStrategy.Range,
            };
            if (group.Oldest == true)
            {
                config.AutoOffsetReset = AutoOffsetReset.Earliest;
            }
        }
        else
        {
            config.GroupId = PartitionGroup(eventSource, eventName);
        }

        if (KafkaBackoff.Reconnect(kafka.ConnectionBackoff) is { } backoff)
        {
            config.ReconnectBackoffMs = backoff.Initial;
            config.ReconnectBackoffMaxMs = backoff.Max;
        }

        KafkaSecurity.Apply(config, tls, kafka.Sasl?.Mechanism, sasl);
        return config;
    }

    /// <summary>The lone partition of <paramref name="kafka"/>, or null for a consumer group.</summary>
    public static int? Partition(KafkaEventSource kafka) =>
        kafka.ConsumerGroup is null ? int.Parse(kafka.Partition!, NumberStyles.None, CultureInfo.InvariantCulture) : null;
}
