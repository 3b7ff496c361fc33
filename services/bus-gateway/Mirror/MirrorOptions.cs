namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Configuration section <c>Gateway:Mirror</c>: copies of every published event, as CloudEvents, for consumers outside
/// the services. Both targets are off by default; checked on start by <see cref="MirrorOptionsValidation"/>.
/// </summary>
public sealed class MirrorOptions
{
    public const string Section = "Gateway:Mirror";

    public RabbitMqMirrorOptions RabbitMq { get; set; } = new();

    public KafkaMirrorOptions Kafka { get; set; } = new();

    /// <summary>Longest wait between two attempts to write one event while its target fails (the waits grow from 0.2 s to this).</summary>
    public int MaxRetryDelaySeconds { get; set; } = 30;
}

/// <summary>Section <c>Gateway:Mirror:RabbitMq</c>: a durable topic exchange on the bus's own broker (<c>Bus:RabbitMq</c>).</summary>
public sealed class RabbitMqMirrorOptions
{
    public bool Enabled { get; set; }

    /// <summary>The topic exchange, declared durable when missing; routing key <c>&lt;eventSourceName&gt;.&lt;eventName&gt;</c>.</summary>
    public string Exchange { get; set; } = "events.cloudevents";
}

/// <summary>Section <c>Gateway:Mirror:Kafka</c>: a topic, CloudEvents Kafka binding in binary mode, key <c>source/subject</c>.</summary>
public sealed class KafkaMirrorOptions
{
    public bool Enabled { get; set; }

    /// <summary>Brokers, <c>host:port</c> separated by commas.</summary>
    public string BootstrapServers { get; set; } = "";

    public string Topic { get; set; } = "events.cloudevents";

    /// <summary>librdkafka's <c>message.timeout.ms</c>: how long one write may take before it fails and is retried.</summary>
    public int MessageTimeoutMilliseconds { get; set; } = 30_000;

    /// <summary>
    /// Further librdkafka producer settings (e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>sasl.username</c>),
    /// except the ones the mirror's guarantee rests on (<see cref="MirrorOptionsValidation.ReservedKafkaSettings"/>).
    /// </summary>
    public Dictionary<string, string> Producer { get; set; } = [];
}
