namespace Microservices.Events.Specs.Model;

/// <summary>
/// This project's <c>cloudevents</c> kind (not an Argo Events kind): a webhook route that receives CloudEvents over
/// HTTP in structured, binary or batch mode.
/// </summary>
public sealed record CloudEventsEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
