namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's MQTTEventSource: subscribes to <c>topic</c> (wildcards allowed) on the broker at <c>url</c>
/// (<c>tcp://</c>, <c>ssl://</c>, <c>ws://</c>, <c>wss://</c> …) as client <c>clientId</c>.
/// </summary>
public sealed record MqttEventSource
{
    public string? Url { get; init; }
    public string? Topic { get; init; }
    public string? ClientId { get; init; }
    public bool? JsonBody { get; init; }
    public ClientTls? Tls { get; init; }
    public BasicAuth? Auth { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
