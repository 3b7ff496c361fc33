using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Routes of a kind whose events each carry a <c>webhook</c> context: the context (its bearer <c>authSecret</c> not
/// applied, as in Argo; these services sign their requests) with the event's filter and metadata, and the kind's receiver.
/// </summary>
public static class ReceiverRoutes
{
    public static IEnumerable<WebhookRoute> For<TSpec>(
        EventSource source,
        string kind,
        IReadOnlyDictionary<string, TSpec>? events,
        Func<TSpec, WebhookEventSource?> webhook,
        Func<TSpec, EventSourceFilter?> filter,
        Func<TSpec, IReadOnlyDictionary<string, string>?> metadata,
        Func<TSpec, IWebhookReceiver> receiver)
    {
        foreach (var (eventName, spec) in events ?? new Dictionary<string, TSpec>())
        {
            if (webhook(spec) is { } context && WebhookRouteTable.TryPort(context, out var port) && !string.IsNullOrEmpty(context.Endpoint))
            {
                var routeSpec = context with { AuthSecret = null, Filter = filter(spec), Metadata = metadata(spec) };
                yield return new WebhookRoute(source.Name, eventName, port, context.Endpoint, routeSpec, kind, receiver(spec));
            }
        }
    }

    /// <summary>The events of the kind whose <c>webhook</c> has no port number or endpoint, as errors for <see cref="IEventSourceKind.Validate"/>.</summary>
    public static IReadOnlyList<SpecDiagnostic> Unroutable<TSpec>(string kind, IReadOnlyDictionary<string, TSpec>? events, Func<TSpec, WebhookEventSource?> webhook) =>
        (events ?? new Dictionary<string, TSpec>())
            .Where(e => webhook(e.Value) is not { } context || !WebhookRouteTable.TryPort(context, out _) || string.IsNullOrEmpty(context.Endpoint))
            .Select(e => new SpecDiagnostic(DiagnosticSeverity.Error, $"spec.{kind}.{e.Key}.webhook", "needs a port number and an endpoint"))
            .ToList();
}
