using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microservices.Events.Ingress.Sources.Webhook;

namespace Microservices.Events.Ingress.Sources.CloudEvents;

/// <summary>
/// CloudEvents over HTTP (CloudNative.CloudEvents with its System.Text.Json formatter): structured mode
/// (<c>application/cloudevents+json</c>), batch mode (<c>application/cloudevents-batch+json</c>, one event each) and
/// binary mode (<c>ce-*</c> headers, the body as data). Each incoming event is published under its own <c>id</c>, with
/// the whole incoming event (its <c>id</c>, <c>source</c>, <c>type</c>, other attributes and data, in structured JSON)
/// as the data; an invalid event is 400 and nothing of the request is published.
/// </summary>
public sealed class CloudEventsReceiver : IWebhookReceiver
{
    private static readonly JsonEventFormatter Formatter = new();

    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Receive(request));

    public static WebhookVerdict Receive(WebhookRequest request)
    {
        IReadOnlyList<CloudEvent> events;
        try
        {
            var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
            events = mediaType.Equals("application/cloudevents-batch+json", StringComparison.OrdinalIgnoreCase)
                ? Formatter.DecodeBatchModeMessage(request.Body, new ContentType(request.ContentType!), null)
                : mediaType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase)
                    ? [Formatter.DecodeStructuredModeMessage(request.Body, new ContentType(request.ContentType!), null)]
                    : [Binary(request)];
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidOperationException)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"not a valid CloudEvent: {ex.Message}", "cloudevent");
        }

        var accepted = new List<WebhookVerdict.Accepted>();
        foreach (var cloudEvent in events)
        {
            if (!cloudEvent.IsValid)
            {
                return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "not a valid CloudEvent: id, source, type and specversion are required", "cloudevent");
            }

            var structured = JsonNode.Parse(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span)!;
            accepted.Add(new WebhookVerdict.Accepted(JsonSerializer.SerializeToElement(structured), cloudEvent.Id));
        }

        return accepted.Count == 1 ? accepted[0] : WebhookVerdict.AcceptAll(accepted);
    }

    private static CloudEvent Binary(WebhookRequest request)
    {
        var version = request.Header("ce-specversion") is { } id
            ? CloudEventsSpecVersion.FromVersionId(id) ?? throw new ArgumentException($"unknown ce-specversion \"{id}\"")
            : throw new ArgumentException("neither a CloudEvents content type nor a ce-specversion header");
        var cloudEvent = new CloudEvent(version);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && !name.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase))
            {
                cloudEvent.SetAttributeFromString(name[3..].ToLowerInvariant(), Uri.UnescapeDataString(values.ToString()));
            }
        }

        cloudEvent.DataContentType = request.ContentType;
        Formatter.DecodeBinaryModeEventData(request.Body, cloudEvent);
        return cloudEvent;
    }
}
