using System.Text.Json.Serialization;

namespace Microservices.Events.Specs.Model;

/// <summary>Publishes the payload built from <c>payload</c> parameters on a NATS subject.</summary>
public sealed record NatsTrigger
{
    /// <summary>The server, <c>nats://host:port</c> or <c>host:port</c>; several separated by commas.</summary>
    public string? Url { get; init; }

    public string? Subject { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
    public ClientTls? Tls { get; init; }
    public NatsAuth? Auth { get; init; }
}

/// <summary>One way to authenticate to NATS: a user and password, a token, an NKey seed or a credentials file (each from a secret).</summary>
public sealed record NatsAuth
{
    public NatsBasicAuth? Basic { get; init; }
    public SecretKeySelector? Token { get; init; }

    [JsonPropertyName("nkey")]
    public SecretKeySelector? NKey { get; init; }

    public SecretKeySelector? Credential { get; init; }
}

/// <summary>A username and a password, each from a secret.</summary>
public sealed record NatsBasicAuth
{
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
}
