using System.Text.Json;

namespace Microservices.Events.Contracts;

/// <summary>
/// A CloudEvent (spec 1.0) as it travels between the services: the context attributes Argo Events sets,
/// the JSON data, and the W3C trace context of the request that produced it.
/// </summary>
public sealed record EventEnvelope
{
    public string SpecVersion { get; init; } = "1.0";

    /// <summary>Unique per event source: 32 lowercase hex characters for generated ids.</summary>
    public string Id { get; init; } = "";

    /// <summary>The EventSource object name.</summary>
    public string Source { get; init; } = "";

    /// <summary>The event source kind, e.g. <c>webhook</c> or <c>calendar</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The event name: the key of the event inside the EventSource spec.</summary>
    public string Subject { get; init; } = "";

    public DateTimeOffset Time { get; init; }

    public string DataContentType { get; init; } = "application/json";

    public JsonElement? Data { get; init; }

    /// <summary>W3C <c>traceparent</c> of the request that produced the event (CloudEvents distributed tracing extension).</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }
}
