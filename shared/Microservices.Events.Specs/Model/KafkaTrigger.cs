using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>Produces the payload built from <c>payload</c> parameters to a Kafka topic.</summary>
public sealed record KafkaTrigger
{
    /// <summary>Brokers, <c>host:port</c> separated by commas.</summary>
    public string? Url { get; init; }

    public string? Topic { get; init; }

    /// <summary>Deprecated in Argo (which ignores it); here a given partition is produced to.</summary>
    public int? Partition { get; init; }

    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    /// <summary>-1 (all in-sync replicas, the default as in Argo) or 1 (the leader); 0 means the default.</summary>
    public int? RequiredAcks { get; init; }

    /// <summary>Snappy compression.</summary>
    public bool? Compress { get; init; }

    /// <summary>Milliseconds to gather a batch before it is sent; default 500.</summary>
    public int? FlushFrequency { get; init; }

    public ClientTls? Tls { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public string? PartitioningKey { get; init; }

    /// <summary>The Kafka version Argo's client speaks, e.g. <c>2.8.0</c>; librdkafka negotiates versions by itself.</summary>
    public string? Version { get; init; }

    public KafkaSasl? Sasl { get; init; }

    /// <summary>Avro through a schema registry: not built here (refused at load).</summary>
    public JsonElement? SchemaRegistry { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyList<SecureHeader>? SecureHeaders { get; init; }
}

/// <summary>SASL credentials: <c>mechanism</c> (PLAIN by default, SCRAM-SHA-256, SCRAM-SHA-512, ...) and user and password secrets.</summary>
public sealed record KafkaSasl
{
    public string? Mechanism { get; init; }
    public SecretKeySelector? UserSecret { get; init; }
    public SecretKeySelector? PasswordSecret { get; init; }
}

/// <summary>A header whose value comes from a secret (or a config map).</summary>
public sealed record SecureHeader
{
    public string? Name { get; init; }
    public SecureHeaderSource? ValueFrom { get; init; }
}

/// <summary>Where a secure header's value is read.</summary>
public sealed record SecureHeaderSource
{
    public SecretKeySelector? SecretKeyRef { get; init; }
    public SecretKeySelector? ConfigMapKeyRef { get; init; }
}
