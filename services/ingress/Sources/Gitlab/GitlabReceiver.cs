using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>
/// A GitLab delivery as Argo checks and shapes it: with <c>secretToken</c> the <c>X-Gitlab-Token</c> header must
/// equal it (constant-time; 400 <c>token mismatch</c>, as Argo answers), the JSON body is kept as it is, and the data is
/// <c>{headers, body, metadata}</c>. The <c>events</c> list is applied to <c>X-Gitlab-Event</c> (<c>PushEvents</c> ↔
/// <c>Push Hook</c>, …).
/// </summary>
public sealed class GitlabReceiver(GitlabEventSource spec, Func<string?> secret) : IWebhookReceiver
{
    public const string TokenHeader = "X-Gitlab-Token";
    public const string EventHeader = "X-Gitlab-Event";

    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(spec, spec.SecretToken is null ? null : secret() ?? "", request));

    /// <param name="secret">The secret token; null when none is configured (no check), empty when it cannot be resolved.</param>
    public static WebhookVerdict Receive(GitlabEventSource spec, string? secret, WebhookRequest request)
    {
        if (secret is { Length: 0 })
        {
            return WebhookVerdict.Reject(StatusCodes.Status503ServiceUnavailable, "webhook secret token is not available", "secret");
        }

        if (secret is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Header(TokenHeader) ?? ""), Encoding.UTF8.GetBytes(secret)))
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "token mismatch", "token");
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

        var eventType = request.Header(EventHeader) ?? "";
        if (!Accepts(spec.Events, eventType))
        {
            return WebhookVerdict.Ignore("event_type", $"GitLab event \"{eventType}\" is not in events");
        }

        var data = new JsonObject { ["headers"] = WebhookHeaders.ToJson(request.Headers), ["body"] = body };
        if (WebhookHeaders.Metadata(spec.Metadata) is { } metadata)
        {
            data["metadata"] = metadata;
        }

        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
    }

    /// <summary>No list accepts every delivery; otherwise the header must be that of a listed event.</summary>
    public static bool Accepts(IReadOnlyList<string>? events, string eventHeader) =>
        events is not { Count: > 0 }
        || events.Any(e => GitlabHookEvents.All.TryGetValue(e, out var known) && string.Equals(known.Header, eventHeader, StringComparison.Ordinal));
}
