using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>The webhook routes of the <c>gitlab</c> events: each event's <c>webhook</c> context with the event's filter and a <see cref="GitlabReceiver"/>.</summary>
public sealed class GitlabRoutes(SecretResolver secrets) : IWebhookRouteSource
{
    public IEnumerable<WebhookRoute> Routes(EventSource source)
    {
        foreach (var (eventName, spec) in source.Spec.Gitlab ?? new Dictionary<string, GitlabEventSource>())
        {
            if (spec.Webhook is { } context && WebhookRouteTable.TryPort(context, out var port) && !string.IsNullOrEmpty(context.Endpoint))
            {
                var routeSpec = context with { AuthSecret = null, Filter = spec.Filter, Metadata = spec.Metadata };
                yield return new WebhookRoute(source.Name, eventName, port, context.Endpoint, routeSpec, GitlabSource.Name,
                    new GitlabReceiver(spec, () => secrets.Resolve(spec.SecretToken)));
            }
        }
    }
}
