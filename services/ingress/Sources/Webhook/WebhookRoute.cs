using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// One endpoint on a webhook port: the event it produces, its HTTP settings (the <c>webhook</c> kind's spec, or the
/// <c>webhook</c> context of another kind with that kind's filter), and for kinds other than <c>webhook</c> the
/// <see cref="IWebhookReceiver"/> that verifies and shapes their requests. <see cref="Kind"/> is the CloudEvent type.
/// </summary>
public sealed record WebhookRoute(string EventSourceName, string EventName, int Port, string Endpoint, WebhookEventSource Spec, string Kind = WebhookSource.Name, IWebhookReceiver? Receiver = null)
{
    public string Method => string.IsNullOrEmpty(Spec.Method) ? "POST" : Spec.Method.ToUpperInvariant();

    public long MaxPayloadSize => Spec.MaxPayloadSize ?? WebhookEventSource.DefaultMaxPayloadSize;

    /// <summary>The certificate the route's port serves, or null for plain HTTP.</summary>
    public WebhookServerTls? Tls => WebhookServerTls.Of(Spec);

    /// <summary>The route as named in messages: EventSource, event and kind.</summary>
    public string Describe() => $"EventSource \"{EventSourceName}\" event \"{EventName}\" ({Kind})";
}
