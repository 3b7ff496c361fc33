namespace Microservices.Events.Specs.Model;

/// <summary>Argo's WebhookContext: one HTTP route (port + endpoint) that turns requests into events.</summary>
public sealed record WebhookEventSource
{
    public string? Endpoint { get; init; }
    public string? Method { get; init; }
    public string? Port { get; init; }
    public string? Url { get; init; }
    public SecretKeySelector? ServerCertSecret { get; init; }
    public SecretKeySelector? ServerKeySecret { get; init; }
    public SecretKeySelector? AuthSecret { get; init; }

    /// <summary>Largest accepted request body in bytes; Argo's default is 1 MiB.</summary>
    public long? MaxPayloadSize { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }

    public const long DefaultMaxPayloadSize = 1_048_576;
}
