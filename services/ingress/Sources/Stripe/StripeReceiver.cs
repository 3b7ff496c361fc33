using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Stripe;

/// <summary>
/// A Stripe event delivery. With <c>signingSecret</c> (this project's extension) the <c>Stripe-Signature</c> header
/// (<c>t=…,v1=…</c>) must carry a <c>v1</c> HMAC-SHA256 of <c>{t}.{body}</c> and <c>t</c> within the tolerance
/// (default 300 s), as Stripe's libraries check; else 400. <c>eventFilter</c> lists the event types taken (others: 200,
/// not published). Data as Argo: <c>{event, metadata}</c>.
/// </summary>
public sealed class StripeReceiver(StripeEventSource spec, Func<SecretKeySelector?, string?> secrets) : IWebhookReceiver
{
    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(spec, spec.SigningSecret is null ? null : secrets(spec.SigningSecret) ?? "", request));

    public static WebhookVerdict Receive(StripeEventSource spec, string? secret, WebhookRequest request)
    {
        if (secret is { Length: 0 })
        {
            return WebhookVerdict.Reject(StatusCodes.Status503ServiceUnavailable, "stripe signing secret is not available", "secret");
        }

        if (secret is not null)
        {
            var tolerance = TimeSpan.FromSeconds(spec.SignatureToleranceSeconds ?? StripeEventSource.DefaultToleranceSeconds);
            if (Verify(request.Header("Stripe-Signature"), request.Body, secret, request.ReceivedAt, tolerance) is { } problem)
            {
                return problem;
            }
        }

        JsonObject stripeEvent;
        try
        {
            stripeEvent = JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "failed to parse the event", "body");
        }

        var type = stripeEvent["type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        if (spec.EventFilter is { Count: > 0 } filter && !filter.Contains(type, StringComparer.Ordinal))
        {
            return WebhookVerdict.Ignore("event_type", $"Stripe event type \"{type}\" is not in eventFilter");
        }

        var data = new JsonObject { ["event"] = stripeEvent };
        if (WebhookHeaders.Metadata(spec.Metadata) is { } metadata)
        {
            data["metadata"] = metadata;
        }

        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
    }

    private static WebhookVerdict? Verify(string? header, byte[] body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "missing Stripe-Signature header", "signature");
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0].Trim() == "t")
            {
                timestamp = pair[1].Trim();
            }
            else if (pair[0].Trim() == "v1")
            {
                signatures.Add(pair[1].Trim());
            }
        }

        if (timestamp is null || signatures.Count == 0 || !long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "Stripe-Signature has no timestamp or v1 signature", "signature");
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        if (!signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected)))
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "no signatures found matching the expected signature for payload", "signature");
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, -62135596800, 253402300799));
        return (now - sent).Duration() > tolerance
            ? WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "timestamp outside the tolerance zone", "timestamp")
            : null;
    }

    /// <summary>The hex HMAC-SHA256 of <c>{timestamp}.{body}</c>, Stripe's <c>v1</c> scheme.</summary>
    public static string Sign(string secret, string timestamp, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()));
}
