namespace Microservices.Events.Specs.Model;

// Event-source kinds whose fields are checked at load but that cannot run here (see RefusedEventSourceValidator for
// why each one is refused). Argo's field names.

/// <summary>Google Cloud Pub/Sub subscription (validated only: refused at load).</summary>
public sealed record PubSubEventSource
{
    public string? ProjectID { get; init; }
    public string? TopicProjectID { get; init; }
    public string? Topic { get; init; }
    public string? SubscriptionID { get; init; }
    public SecretKeySelector? CredentialSecret { get; init; }
    public bool? DeleteSubscriptionOnFinish { get; init; }
    public bool? JsonBody { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Azure Event Hubs consumer (validated only: refused at load).</summary>
public sealed record AzureEventsHubEventSource
{
    [System.Text.Json.Serialization.JsonPropertyName("fqdn")]
    public string? Fqdn { get; init; }

    public SecretKeySelector? SharedAccessKeyName { get; init; }
    public SecretKeySelector? SharedAccessKey { get; init; }
    public string? HubName { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Azure Service Bus queue or topic subscription consumer (validated only: refused at load).</summary>
public sealed record AzureServiceBusEventSource
{
    public SecretKeySelector? ConnectionString { get; init; }
    public string? FullyQualifiedNamespace { get; init; }
    public string? QueueName { get; init; }
    public string? TopicName { get; init; }
    public string? SubscriptionName { get; init; }
    public ClientTls? Tls { get; init; }
    public bool? JsonBody { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Apache Pulsar consumer (validated only: refused at load).</summary>
public sealed record PulsarEventSource
{
    public IReadOnlyList<string>? Topics { get; init; }
    public string? Type { get; init; }
    public string? Url { get; init; }
    public SecretKeySelector? TlsTrustCertsSecret { get; init; }
    public bool? TlsAllowInsecureConnection { get; init; }
    public bool? TlsValidateHostname { get; init; }
    public ClientTls? Tls { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public bool? JsonBody { get; init; }
    public SecretKeySelector? AuthTokenSecret { get; init; }
    public IReadOnlyDictionary<string, string>? AuthAthenzParams { get; init; }
    public SecretKeySelector? AuthAthenzSecret { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Emitter channel subscriber (validated only: refused at load).</summary>
public sealed record EmitterEventSource
{
    public string? Broker { get; init; }
    public string? ChannelKey { get; init; }
    public string? ChannelName { get; init; }
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public bool? JsonBody { get; init; }
    public ClientTls? Tls { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>NSQ topic/channel consumer (validated only: refused at load).</summary>
public sealed record NsqEventSource
{
    public string? HostAddress { get; init; }
    public string? Topic { get; init; }
    public string? Channel { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public bool? JsonBody { get; init; }
    public ClientTls? Tls { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>SFTP directory poller (validated only: refused at load).</summary>
public sealed record SftpEventSource
{
    public string? EventType { get; init; }
    public SftpWatchPath? WatchPathConfig { get; init; }
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
    public SecretKeySelector? SshKeySecret { get; init; }
    public SecretKeySelector? Address { get; init; }
    public string? PollIntervalDuration { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Argo's WatchPathConfig as the sftp kind reads it: a directory and a file name or a pattern in it.</summary>
public sealed record SftpWatchPath
{
    public string? Directory { get; init; }
    public string? Path { get; init; }
    public string? PathRegexp { get; init; }
}

/// <summary>Alibaba Cloud MNS queue consumer (validated only: refused at load).</summary>
public sealed record MnsEventSource
{
    public SecretKeySelector? AccessKey { get; init; }
    public SecretKeySelector? SecretKey { get; init; }
    public string? Queue { get; init; }
    public bool? JsonBody { get; init; }
    public string? Endpoint { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
