using System.Diagnostics;
using System.Text.Json;
using Microservices.Events.Contracts;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>Builds CloudEvents the way Argo Events does: random 32-hex id, source = EventSource name, type = kind, subject = event name.</summary>
public sealed class EventFactory(TimeProvider time)
{
    public EventEnvelope Create(string eventSourceName, string kind, string eventName, JsonElement data, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"),
        Source = eventSourceName,
        Type = kind,
        Subject = eventName,
        Time = time.GetUtcNow(),
        DataContentType = "application/json",
        Data = data,
        TraceParent = Activity.Current?.Id,
        TraceState = Activity.Current?.TraceStateString,
    };
}
