namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's NATSEventsSource: a core NATS subscription on <c>subject</c> (a queue group member when <c>queue</c> is set)
/// at <c>url</c>, with <c>auth</c> and <c>tls</c> as the <c>nats</c> trigger has them; <c>jsonBody</c> embeds the message
/// as JSON. <see cref="JetStream"/> is this project's extension: a durable JetStream consumer instead.
/// </summary>
public sealed record NatsEventSource
{
    public string? Url { get; init; }
    public string? Subject { get; init; }
    public string? Queue { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public bool? JsonBody { get; init; }
    public ClientTls? Tls { get; init; }
    public NatsAuth? Auth { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }

    /// <summary>This project's extension (Argo Events has core NATS only): consume <c>subject</c> from a JetStream stream.</summary>
    public NatsJetStream? JetStream { get; init; }
}

/// <summary>
/// A durable pull consumer on a JetStream stream (this project's extension of the <c>nats</c> source): <c>stream</c>
/// must exist; the consumer <c>durable</c> is created on it if missing, filtered on the source's <c>subject</c>, and
/// starts at <c>deliverPolicy</c> (<c>new</c>, the default, or <c>all</c>) when it is created.
/// </summary>
public sealed record NatsJetStream
{
    public string? Stream { get; init; }
    public string? Durable { get; init; }
    public string? DeliverPolicy { get; init; }
}
