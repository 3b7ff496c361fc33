using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// A GitHub delivery as Argo checks and shapes it: JSON or form (<c>payload=</c>) content, the HMAC of the raw body
/// in <c>X-Hub-Signature-256</c> (else sha1 <c>X-Hub-Signature</c>) when <c>webhookSecret</c> is set, the
/// <c>events</c> list applied to <c>X-GitHub-Event</c>; data <c>{headers, body, metadata}</c> where the body gains
/// <c>X-GitHub-Event</c> and <c>X-GitHub-Delivery</c>. Failures answer 400 with go-github's messages, as Argo does.
/// </summary>
public sealed class GithubReceiver(GithubEventSource spec, Func<string?> secret) : IWebhookReceiver
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(spec, spec.WebhookSecret is null ? null : secret() ?? "", request));

    /// <param name="secret">The webhook secret; null when none is configured (no signature check), empty when it cannot be resolved.</param>
    public static WebhookVerdict Receive(GithubEventSource spec, string? secret, WebhookRequest request)
    {
        if (secret is { Length: 0 })
        {
            return WebhookVerdict.Reject(StatusCodes.Status503ServiceUnavailable, "webhook secret is not available", "secret");
        }

        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        byte[] payload;
        switch (mediaType)
        {
            case "application/json":
                payload = request.Body;
                break;
            case "application/x-www-form-urlencoded":
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
                payload = Encoding.UTF8.GetBytes(form.TryGetValue("payload", out var value) ? value.ToString() : "");
                break;
            default:
                return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"webhook request has unsupported Content-Type \"{request.ContentType}\"", "content_type");
        }

        if (secret is not null)
        {
            var signature = request.Header("X-Hub-Signature-256");
            if (string.IsNullOrEmpty(signature))
            {
                signature = request.Header("X-Hub-Signature");
            }

            switch (HubSignature.Verify(signature, request.Body, secret))
            {
                case HubSignature.Outcome.Missing:
                    return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "missing signature", "signature");
                case HubSignature.Outcome.UnknownAlgorithm:
                    return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "unknown hash type prefix", "signature");
                case HubSignature.Outcome.Mismatch:
                    return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "payload signature check failed", "signature");
            }
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(payload) as JsonObject
                ?? throw new JsonException("the payload is not a JSON object");
        }
        catch (JsonException ex)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"payload is not a JSON object: {ex.Message}", "body");
        }

        var eventType = request.Header(EventHeader) ?? "";
        if (!Accepts(spec.Events, eventType))
        {
            return WebhookVerdict.Ignore("event_type", $"GitHub event type \"{eventType}\" is not in events");
        }

        body[EventHeader] = eventType;
        body[DeliveryHeader] = request.Header(DeliveryHeader) ?? "";
        var data = new JsonObject { ["headers"] = WebhookHeaders.ToJson(request.Headers), ["body"] = body };
        if (WebhookHeaders.Metadata(spec.Metadata) is { } metadata)
        {
            data["metadata"] = metadata;
        }

        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
    }

    /// <summary>An empty list or <c>*</c> accepts every type; otherwise the type must be listed (GitHub's <c>ping</c> too).</summary>
    public static bool Accepts(IReadOnlyList<string>? events, string eventType) =>
        events is not { Count: > 0 } || events.Contains("*") || events.Contains(eventType, StringComparer.Ordinal);
}
