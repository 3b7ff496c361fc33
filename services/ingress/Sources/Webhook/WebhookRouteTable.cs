using System.Globalization;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Routes keyed by port then endpoint: those of the specs in force when the service starts (so its listeners and first
/// requests have them), replaced by <see cref="WebhookSource"/> with every later snapshot. The <c>webhook</c> kind's
/// routes come first, then those of the other HTTP kinds (<see cref="IWebhookRouteSource"/>); a port + endpoint
/// taken already keeps its first route (load-time validation reports the clash). The first route on a port also
/// decides the port's TLS; a later route that disagrees is left out and reported in <see cref="Conflicts"/>.
/// </summary>
public sealed class WebhookRouteTable
{
    private readonly IReadOnlyList<IWebhookRouteSource> _sources;
    private volatile Table _table;

    public WebhookRouteTable(ISpecCatalog catalog, IEnumerable<IWebhookRouteSource>? sources = null)
    {
        _sources = sources?.ToList() ?? [];
        _table = Build(catalog.Current, _sources);
    }

    public IReadOnlyCollection<int> Ports => _table.Routes.Keys.ToList();

    public IEnumerable<WebhookRoute> All => _table.Routes.Values.SelectMany(r => r.Values);

    /// <summary>Routes left out because their TLS disagrees with the first route on their port, each naming both routes.</summary>
    public IReadOnlyList<string> Conflicts => _table.Conflicts;

    public bool TryGetPort(int port, out IReadOnlyDictionary<string, WebhookRoute> routes) => _table.Routes.TryGetValue(port, out routes!);

    /// <summary>The TLS of a port (that of its routes), or null when it serves plain HTTP or has no routes.</summary>
    public WebhookServerTls? TlsOf(int port) => _table.Tls.GetValueOrDefault(port);

    /// <summary>The ports whose routes carry a certificate.</summary>
    public IReadOnlyDictionary<int, WebhookServerTls> TlsPorts => _table.Tls;

    /// <summary>Raised after <see cref="Replace"/> installed new routes.</summary>
    public event Action? Replaced;

    public void Replace(SpecSnapshot snapshot)
    {
        _table = Build(snapshot, _sources);
        Replaced?.Invoke();
    }

    /// <summary>The webhook's port as a number, if it is one.</summary>
    public static bool TryPort(Specs.Model.WebhookEventSource spec, out int port) =>
        int.TryParse(spec.Port, NumberStyles.None, CultureInfo.InvariantCulture, out port);

    private static Table Build(SpecSnapshot snapshot, IReadOnlyList<IWebhookRouteSource> sources)
    {
        var table = new Builder();
        foreach (var source in snapshot.EventSources)
        {
            foreach (var (eventName, spec) in source.Spec.Webhook ?? new Dictionary<string, Specs.Model.WebhookEventSource>())
            {
                if (TryPort(spec, out var port) && !string.IsNullOrEmpty(spec.Endpoint))
                {
                    table.Add(new WebhookRoute(source.Name, eventName, port, spec.Endpoint, spec));
                }
            }
        }

        foreach (var kind in sources)
        {
            foreach (var route in snapshot.EventSources.SelectMany(kind.Routes))
            {
                table.Add(route);
            }
        }

        return table.Build();
    }

    private sealed record Table(
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, WebhookRoute>> Routes,
        IReadOnlyDictionary<int, WebhookServerTls> Tls,
        IReadOnlyList<string> Conflicts);

    private sealed class Builder
    {
        private readonly Dictionary<int, Dictionary<string, WebhookRoute>> _byPort = [];
        private readonly Dictionary<int, WebhookRoute> _first = [];
        private readonly List<string> _conflicts = [];

        public void Add(WebhookRoute route)
        {
            if (_first.TryGetValue(route.Port, out var first))
            {
                if (first.Tls != route.Tls)
                {
                    _conflicts.Add($"port {route.Port}: {route.Describe()} asks for {WebhookServerTls.Describe(route.Tls)} but {first.Describe()} " +
                        $"on the same port has {WebhookServerTls.Describe(first.Tls)}; {route.Describe()} is not served");
                    return;
                }
            }
            else
            {
                _first[route.Port] = route;
            }

            var routes = _byPort.TryGetValue(route.Port, out var existing) ? existing : _byPort[route.Port] = new Dictionary<string, WebhookRoute>(StringComparer.Ordinal);
            routes.TryAdd(route.Endpoint, route);
        }

        public Table Build() => new(
            _byPort.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, WebhookRoute>)p.Value),
            _first.Where(f => f.Value.Tls is not null).ToDictionary(f => f.Key, f => f.Value.Tls!),
            _conflicts);
    }
}
