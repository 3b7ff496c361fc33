using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;

namespace Microservices.Events.Ingress.Sources.Gerrit;

/// <summary>
/// A Gerrit webhooks-plugin delivery: the body must be a JSON object (else 400); <c>events</c> is applied to its
/// <c>type</c> (<c>patchset-created</c>, <c>change-merged</c>, …); data as Argo: <c>{headers, body, metadata}</c>.
/// </summary>
public sealed class GerritReceiver(IReadOnlyList<string>? events, IReadOnlyDictionary<string, string>? metadata) : IWebhookReceiver
{
    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(events, metadata, request));

    public static WebhookVerdict Receive(IReadOnlyList<string>? events, IReadOnlyDictionary<string, string>? metadata, WebhookRequest request)
    {
        JsonObject? body;
        try
        {
            body = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"invalid event: {ex.Message}", "body");
        }

        if (body is null)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "invalid event: the body is not a JSON object", "body");
        }

        var type = body["type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        if (events is { Count: > 0 } && !events.Contains(type, StringComparer.Ordinal))
        {
            return WebhookVerdict.Ignore("event_type", $"Gerrit event \"{type}\" is not in events");
        }

        var data = new JsonObject { ["headers"] = WebhookHeaders.ToJson(request.Headers), ["body"] = body };
        if (WebhookHeaders.Metadata(metadata) is { } extra)
        {
            data["metadata"] = extra;
        }

        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
    }
}
