using System.Text.Json;
using Microservices.Events.Semantics.Expressions;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>
/// Applies an event's <c>filter.expression</c> before it is published: only a true result lets it through; a false
/// result or an error drops it, counted in <c>events_filtered_total</c> and logged (errors as warnings).
/// </summary>
public sealed class EventSourceFilterGate(IngressTelemetry telemetry, ILogger<EventSourceFilterGate> logger)
{
    public bool Admits(string? expression, JsonElement data, string eventSourceName, string eventName)
    {
        if (EventSourceFilter.Passes(expression, data, out var error))
        {
            return true;
        }

        telemetry.Filtered.Add(1, new("event_source", eventSourceName), new("event_name", eventName), new("outcome", error is null ? "false" : "error"));
        if (error is null)
        {
            logger.LogDebug("Event of {EventSource}/{EventName} filtered out by its filter expression", eventSourceName, eventName);
        }
        else
        {
            logger.LogWarning("Event of {EventSource}/{EventName} dropped: its filter expression failed: {Error}", eventSourceName, eventName, error);
        }

        return false;
    }
}
