using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace Microservices.Events.Ingress.Sources.Slack;

/// <summary>
/// A Slack request as Argo handles it. With <c>signingSecret</c>: <c>X-Slack-Signature</c> must be
/// <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{X-Slack-Request-Timestamp}:{body}</c> and the timestamp within 5 minutes of
/// now, else 401. Form requests: an interactive <c>payload</c> (its JSON) or a slash <c>command</c> (the form's fields)
/// is the event. JSON requests are the Events API: with <c>token</c> the body's verification token must match;
/// <c>url_verification</c> is answered with its challenge, an <c>event_callback</c> publishes its inner <c>event</c>,
/// other types are answered 200 and not published.
/// </summary>
public sealed class SlackReceiver(SlackEventSource spec, Func<SecretKeySelector?, string?> secrets) : IWebhookReceiver
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var signing = spec.SigningSecret is null ? null : secrets(spec.SigningSecret) ?? "";
        var token = spec.Token is null ? null : secrets(spec.Token) ?? "";
        return ValueTask.FromResult(Receive(signing, token, request));
    }

    /// <param name="signingSecret">null: requests are not verified; empty: the configured secret cannot be resolved.</param>
    /// <param name="token">the verification token, or null; empty: it cannot be resolved.</param>
    public static WebhookVerdict Receive(string? signingSecret, string? token, WebhookRequest request)
    {
        if (signingSecret is { Length: 0 } || token is { Length: 0 })
        {
            return WebhookVerdict.Reject(StatusCodes.Status503ServiceUnavailable, "slack secret is not available", "secret");
        }

        if (signingSecret is not null && Verify(signingSecret, request) is { } problem)
        {
            return problem;
        }

        if ((request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Form(request);
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException ex)
        {
            return WebhookVerdict.Reject(StatusCodes.Status500InternalServerError, $"failed to extract event, {ex.Message}", "body");
        }

        if (token is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Text(body["token"])), Encoding.UTF8.GetBytes(token)))
        {
            return WebhookVerdict.Reject(StatusCodes.Status500InternalServerError, "failed to extract event, invalid verification token", "token");
        }

        return Text(body["type"]) switch
        {
            "url_verification" => WebhookVerdict.Answer(StatusCodes.Status200OK, Text(body["challenge"]), "text"),
            "event_callback" when body["event"] is JsonObject inner => WebhookVerdict.Accept(JsonSerializer.SerializeToElement(inner)),
            var other => WebhookVerdict.Ignore("event_type", $"Slack request of type \"{other}\" carries no event"),
        };
    }

    private static WebhookVerdict? Verify(string secret, WebhookRequest request)
    {
        var signature = request.Header("X-Slack-Signature");
        var timestamp = request.Header("X-Slack-Request-Timestamp");
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return WebhookVerdict.Reject(StatusCodes.Status401Unauthorized, "signature validation failed, missing headers", "signature");
        }

        if (!long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || (request.ReceivedAt - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, -62135596800, 253402300799))).Duration() > MaxAge)
        {
            return WebhookVerdict.Reject(StatusCodes.Status401Unauthorized, "signature validation failed, timestamp is too old", "timestamp");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(secret, timestamp, request.Body)))
            ? null
            : WebhookVerdict.Reject(StatusCodes.Status401Unauthorized, "signature validation failed, computed unexpected signature", "signature");
    }

    /// <summary>The <c>X-Slack-Signature</c> Slack sends: <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    private static WebhookVerdict Form(WebhookRequest request)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
        if (form.TryGetValue("payload", out var payload) && payload.ToString().Length > 0)
        {
            try
            {
                var interaction = JsonNode.Parse(payload.ToString()) as JsonObject ?? throw new JsonException("not a JSON object");
                return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(interaction));
            }
            catch (JsonException ex)
            {
                return WebhookVerdict.Reject(StatusCodes.Status500InternalServerError, $"failed to parse interaction event, {ex.Message}", "body");
            }
        }

        if (form.TryGetValue("command", out var command) && command.ToString().Length > 0)
        {
            var fields = new JsonObject(form.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value.ToString()))));
            return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(fields));
        }

        return WebhookVerdict.Reject(StatusCodes.Status500InternalServerError, "could not determine slack type from form parameters", "body");
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
