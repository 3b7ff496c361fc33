using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;

namespace Microservices.Events.Ingress.Sources.Bitbucket;

/// <summary>
/// A Bitbucket Cloud or Bitbucket Server delivery: with a webhook secret (Server's <c>webhookSecret</c>) the HMAC of
/// the raw body must match <c>X-Hub-Signature</c> (constant time; else 400); <c>events</c> is applied to
/// <c>X-Event-Key</c> (<c>repo:push</c>, <c>repo:refs_changed</c>, …); data as Argo: <c>{headers, body, metadata}</c>.
/// </summary>
public sealed class BitbucketReceiver(IReadOnlyList<string>? events, IReadOnlyDictionary<string, string>? metadata, bool signed, Func<string?> secret) : IWebhookReceiver
{
    public const string EventHeader = "X-Event-Key";

    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(events, metadata, signed ? secret() ?? "" : null, request));

    /// <param name="secret">null: deliveries are not signed; empty: the secret cannot be resolved.</param>
    public static WebhookVerdict Receive(IReadOnlyList<string>? events, IReadOnlyDictionary<string, string>? metadata, string? secret, WebhookRequest request)
    {
        if (secret is { Length: 0 })
        {
            return WebhookVerdict.Reject(StatusCodes.Status503ServiceUnavailable, "webhook secret is not available", "secret");
        }

        if (secret is not null)
        {
            switch (HubSignature.Verify(request.Header("X-Hub-Signature"), request.Body, secret))
            {
                case HubSignature.Outcome.Missing:
                    return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "missing signature", "signature");
                case HubSignature.Outcome.UnknownAlgorithm or HubSignature.Outcome.Mismatch:
                    return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "payload signature check failed", "signature");
            }
        }

        JsonNode? body;
        try
        {
            body = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body);
        }
        catch (JsonException ex)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"invalid event: {ex.Message}", "body");
        }

        var eventKey = request.Header(EventHeader) ?? "";
        if (events is { Count: > 0 } && !events.Contains(eventKey, StringComparer.Ordinal))
        {
            return WebhookVerdict.Ignore("event_type", $"Bitbucket event \"{eventKey}\" is not in events");
        }

        var data = new JsonObject { ["headers"] = WebhookHeaders.ToJson(request.Headers), ["body"] = body };
        if (WebhookHeaders.Metadata(metadata) is { } extra)
        {
            data["metadata"] = extra;
        }

        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
    }
}
