using System.Globalization;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Routes keyed by port then endpoint: those of the specs in force when the service starts (so its listeners and first
/// requests have them), replaced by <see cref="WebhookSource"/> with every later snapshot. The <c>webhook</c> kind's
/// routes come first, then those of the other HTTP kinds (<see cref="IWebhookRouteSource"/>); a port + endpoint
/// taken already keeps its first route (load-time validation reports the clash).
/// </summary>
public sealed class WebhookRouteTable
{
    private readonly IReadOnlyList<IWebhookRouteSource> _sources;
    private volatile IReadOnlyDictionary<int, IReadOnlyDictionary<string, WebhookRoute>> _routes;

    public WebhookRouteTable(ISpecCatalog catalog, IEnumerable<IWebhookRouteSource>? sources = null)
    {
        _sources = sources?.ToList() ?? [];
        _routes = Build(catalog.Current, _sources);
    }

    public IReadOnlyCollection<int> Ports => _routes.Keys.ToList();

    public IEnumerable<WebhookRoute> All => _routes.Values.SelectMany(r => r.Values);

    public bool TryGetPort(int port, out IReadOnlyDictionary<string, WebhookRoute> routes) => _routes.TryGetValue(port, out routes!);

    public void Replace(SpecSnapshot snapshot) => _routes = Build(snapshot, _sources);

    /// <summary>The webhook's port as a number, if it is one.</summary>
    public static bool TryPort(Specs.Model.WebhookEventSource spec, out int port) =>
        int.TryParse(spec.Port, NumberStyles.None, CultureInfo.InvariantCulture, out port);

    public static IReadOnlyDictionary<int, IReadOnlyDictionary<string, WebhookRoute>> Build(SpecSnapshot snapshot, IReadOnlyList<IWebhookRouteSource>? sources = null)
    {
        var byPort = new Dictionary<int, Dictionary<string, WebhookRoute>>();
        foreach (var source in snapshot.EventSources)
        {
            foreach (var (eventName, spec) in source.Spec.Webhook ?? new Dictionary<string, Specs.Model.WebhookEventSource>())
            {
                if (TryPort(spec, out var port) && !string.IsNullOrEmpty(spec.Endpoint))
                {
                    Add(byPort, new WebhookRoute(source.Name, eventName, port, spec.Endpoint, spec));
                }
            }
        }

        foreach (var kind in sources ?? [])
        {
            foreach (var route in snapshot.EventSources.SelectMany(kind.Routes))
            {
                Add(byPort, route);
            }
        }

        return byPort.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, WebhookRoute>)p.Value);
    }

    private static void Add(Dictionary<int, Dictionary<string, WebhookRoute>> byPort, WebhookRoute route)
    {
        var routes = byPort.TryGetValue(route.Port, out var existing) ? existing : byPort[route.Port] = new Dictionary<string, WebhookRoute>(StringComparer.Ordinal);
        routes.TryAdd(route.Endpoint, route);
    }
}
