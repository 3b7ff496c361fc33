using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's KafkaEventSource: the brokers (<c>url</c>, comma separated), the <c>topic</c>, and either one
/// <c>partition</c> read alone or a <c>consumerGroup</c> sharing the topic's partitions; <c>jsonBody</c> embeds each
/// message value as JSON, <c>limitEventsPerSecond</c> paces consumption, <c>tls</c>/<c>sasl</c> secure the connection and
/// <c>config</c> is the raw client configuration (Argo: sarama YAML).
/// </summary>
public sealed record KafkaEventSource
{
    public string? Url { get; init; }
    public string? Partition { get; init; }
    public string? Topic { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public ClientTls? Tls { get; init; }
    public bool? JsonBody { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public KafkaConsumerGroup? ConsumerGroup { get; init; }
    public long? LimitEventsPerSecond { get; init; }

    /// <summary>The Kafka version Argo's client speaks, e.g. <c>2.5.0</c>; librdkafka negotiates versions by itself.</summary>
    public string? Version { get; init; }

    public KafkaSasl? Sasl { get; init; }
    public EventSourceFilter? Filter { get; init; }

    /// <summary>Client settings as sarama YAML (e.g. <c>consumer: {group: {session: {timeout: 10s}}}</c>).</summary>
    public string? Config { get; init; }

    /// <summary>Avro decoding through a schema registry: not built here (refused at load).</summary>
    public JsonElement? SchemaRegistry { get; init; }

    /// <summary>AWS MSK IAM authentication: not built here (refused at load).</summary>
    public JsonElement? AwsMskIamAuth { get; init; }
}

/// <summary>Consume as a member of <c>groupName</c>; <c>oldest</c> starts a new group at the first offset; <c>rebalanceStrategy</c> is range (default), roundrobin or sticky.</summary>
public sealed record KafkaConsumerGroup
{
    public string? GroupName { get; init; }
    public bool? Oldest { get; init; }
    public string? RebalanceStrategy { get; init; }
}
