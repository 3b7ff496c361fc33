using System.Text.Json.Serialization;

namespace Microservices.Events.Specs.Model;

/// <summary>Sends the payload to an Azure Event Hub (validated only: refused at load).</summary>
public sealed record AzureEventHubsTrigger
{
    [JsonPropertyName("fqdn")]
    public string? Fqdn { get; init; }

    public string? HubName { get; init; }
    public SecretKeySelector? SharedAccessKeyName { get; init; }
    public SecretKeySelector? SharedAccessKey { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
}

/// <summary>Sends the payload to an Azure Service Bus queue or topic (validated only: refused at load).</summary>
public sealed record AzureServiceBusTrigger
{
    public SecretKeySelector? ConnectionString { get; init; }
    public string? QueueName { get; init; }
    public string? TopicName { get; init; }
    public string? SubscriptionName { get; init; }
    public ClientTls? Tls { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
}

/// <summary>Produces the payload to an Apache Pulsar topic (validated only: refused at load).</summary>
public sealed record PulsarTrigger
{
    public string? Url { get; init; }
    public string? Topic { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public SecretKeySelector? TlsTrustCertsSecret { get; init; }
    public bool? TlsAllowInsecureConnection { get; init; }
    public bool? TlsValidateHostname { get; init; }
    public ClientTls? Tls { get; init; }
    public SecretKeySelector? AuthTokenSecret { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public IReadOnlyDictionary<string, string>? AuthAthenzParams { get; init; }
    public SecretKeySelector? AuthAthenzSecret { get; init; }
}
