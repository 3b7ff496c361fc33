using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// What a kind other than <c>webhook</c> does with a request on its route, once the shared rules (route, method,
/// payload limit) passed: verify it as its service signs it and shape the event data, or say why not.
/// </summary>
public interface IWebhookReceiver
{
    ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken);
}

/// <summary>A request whose body has been read (within the route's payload limit).</summary>
public sealed record WebhookRequest(
    string Method,
    string? ContentType,
    IHeaderDictionary Headers,
    IEnumerable<KeyValuePair<string, StringValues>> Query,
    byte[] Body,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}

/// <summary>The outcome of <see cref="IWebhookReceiver.Receive"/>.</summary>
public abstract record WebhookVerdict
{
    /// <summary>Publish an event with this data (after the event's filter expression).</summary>
    public static WebhookVerdict Accept(JsonElement data, string? id = null) => new Accepted(data, id);

    /// <summary>Publish several events (a batch), each after the event's filter expression; 200 once all were accepted by the bus.</summary>
    public static WebhookVerdict AcceptAll(IReadOnlyList<Accepted> events) => new AcceptedBatch(events);

    /// <summary>Refuse the request: nothing published, counted in <c>events_rejected_total{reason}</c>.</summary>
    public static WebhookVerdict Reject(int status, string message, string reason) => new Rejected(status, message, reason);

    /// <summary>Answer the request directly (a handshake such as Slack's url_verification); nothing published.</summary>
    public static WebhookVerdict Answer(int status, string body, string contentType = "text/plain; charset=utf-8") => new Answered(status, body, contentType);

    /// <summary>A valid request of a type the event does not take: 200, nothing published, counted in <c>events_filtered_total{outcome}</c>.</summary>
    public static WebhookVerdict Ignore(string outcome, string why) => new Ignored(outcome, why);

    /// <param name="Id">The CloudEvent id to publish under; null for a generated one.</param>
    public sealed record Accepted(JsonElement Data, string? Id = null) : WebhookVerdict;

    public sealed record AcceptedBatch(IReadOnlyList<Accepted> Events) : WebhookVerdict;

    public sealed record Rejected(int Status, string Message, string Reason) : WebhookVerdict;

    public sealed record Answered(int Status, string Body, string ContentType) : WebhookVerdict;

    public sealed record Ignored(string Outcome, string Why) : WebhookVerdict;
}

/// <summary>The routes an HTTP-receiving kind declares in an EventSource, served on the shared webhook ports.</summary>
public interface IWebhookRouteSource
{
    IEnumerable<WebhookRoute> Routes(Specs.Model.EventSource source);
}
