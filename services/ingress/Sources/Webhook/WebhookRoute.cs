using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>One webhook endpoint: the event it produces and its HTTP settings.</summary>
public sealed record WebhookRoute(string EventSourceName, string EventName, int Port, string Endpoint, WebhookEventSource Spec)
{
    public string Method => string.IsNullOrEmpty(Spec.Method) ? "POST" : Spec.Method.ToUpperInvariant();

    public long MaxPayloadSize => Spec.MaxPayloadSize ?? WebhookEventSource.DefaultMaxPayloadSize;
}
