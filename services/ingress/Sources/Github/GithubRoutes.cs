using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The webhook routes of the <c>github</c> events: each event's <c>webhook</c> context (its bearer <c>authSecret</c>
/// is not applied, as in Argo; GitHub signs with <c>webhookSecret</c>) with the event's filter and a <see cref="GithubReceiver"/>.
/// </summary>
public sealed class GithubRoutes(SecretResolver secrets) : IWebhookRouteSource
{
    public IEnumerable<WebhookRoute> Routes(EventSource source)
    {
        foreach (var (eventName, spec) in source.Spec.Github ?? new Dictionary<string, GithubEventSource>())
        {
            if (spec.Webhook is { } context && WebhookRouteTable.TryPort(context, out var port) && !string.IsNullOrEmpty(context.Endpoint))
            {
                var routeSpec = context with { AuthSecret = null, Filter = spec.Filter, Metadata = spec.Metadata };
                yield return new WebhookRoute(source.Name, eventName, port, context.Endpoint, routeSpec, GithubSource.Name,
                    new GithubReceiver(spec, () => secrets.Resolve(spec.WebhookSecret)));
            }
        }
    }
}
