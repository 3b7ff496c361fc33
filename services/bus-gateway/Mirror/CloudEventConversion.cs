using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using Microservices.Events.Contracts;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// The pipeline's <see cref="EventEnvelope"/> as a CloudNative.CloudEvents <see cref="CloudEvent"/> and back: spec
/// attribute names, the W3C trace context as the <c>traceparent</c> / <c>tracestate</c> extensions (CloudEvents
/// distributed tracing extension) and, where asked, the <c>partitionkey</c> extension (partitioning extension).
/// </summary>
public static class CloudEventConversion
{
    public static CloudEventAttribute TraceParent { get; } = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static CloudEventAttribute TraceState { get; } = CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    /// <summary>The extension attributes this project writes; pass them to a formatter when decoding.</summary>
    public static IReadOnlyList<CloudEventAttribute> Extensions { get; } = [TraceParent, TraceState, Partitioning.PartitionKeyAttribute];

    /// <summary>The key events of one (event source, event name) share: <c>source/subject</c>.</summary>
    public static string PartitionKey(EventEnvelope @event) => $"{@event.Source}/{@event.Subject}";

    /// <exception cref="ArgumentException">An attribute the CloudEvents type system refuses; the message names it.</exception>
    public static CloudEvent ToCloudEvent(EventEnvelope @event, bool withPartitionKey = false)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, Extensions)
        {
            Id = @event.Id,
            Source = SourceUri(@event.Source),
            Type = @event.Type,
            Time = @event.Time,
        };
        if (!string.IsNullOrEmpty(@event.Subject))
        {
            cloudEvent.Subject = @event.Subject;
        }

        if (@event.Data is { } data)
        {
            cloudEvent.DataContentType = string.IsNullOrEmpty(@event.DataContentType) ? "application/json" : @event.DataContentType;
            cloudEvent.Data = data;
        }

        if (!string.IsNullOrEmpty(@event.TraceParent))
        {
            cloudEvent[TraceParent] = @event.TraceParent;
        }

        if (!string.IsNullOrEmpty(@event.TraceState))
        {
            cloudEvent[TraceState] = @event.TraceState;
        }

        if (withPartitionKey)
        {
            cloudEvent.SetPartitionKey(PartitionKey(@event));
        }

        return cloudEvent;
    }

    /// <exception cref="FormatException">The event lacks an attribute the pipeline needs, or its data is not JSON.</exception>
    public static EventEnvelope ToEnvelope(CloudEvent cloudEvent)
    {
        if (!cloudEvent.IsValid)
        {
            throw new FormatException("not a valid CloudEvent: id, source, type and specversion are required");
        }

        if (cloudEvent.Time is not { } time)
        {
            throw new FormatException("time: required");
        }

        return new EventEnvelope
        {
            SpecVersion = cloudEvent.SpecVersion.VersionId,
            Id = cloudEvent.Id!,
            Source = Uri.UnescapeDataString(cloudEvent.Source!.OriginalString),
            Type = cloudEvent.Type!,
            Subject = cloudEvent.Subject ?? "",
            Time = time,
            DataContentType = cloudEvent.DataContentType ?? "application/json",
            Data = Data(cloudEvent.Data),
            TraceParent = cloudEvent[TraceParent.Name] as string,
            TraceState = cloudEvent[TraceState.Name] as string,
        };
    }

    /// <summary>An EventSource name is a URI reference as it stands; anything else is percent-encoded.</summary>
    private static Uri SourceUri(string source) =>
        Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out var uri) && Uri.IsWellFormedUriString(source, UriKind.RelativeOrAbsolute)
            ? uri
            : new Uri(Uri.EscapeDataString(source), UriKind.Relative);

    private static JsonElement? Data(object? data)
    {
        try
        {
            return data switch
            {
                null => null,
                JsonElement element => element.Clone(),
                byte[] bytes => JsonDocument.Parse(bytes).RootElement.Clone(),
                string text => JsonDocument.Parse(text).RootElement.Clone(),
                _ => JsonSerializer.SerializeToElement(data),
            };
        }
        catch (JsonException ex)
        {
            throw new FormatException($"data: not JSON ({ex.Message})");
        }
    }
}
