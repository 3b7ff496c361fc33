using System.Globalization;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Ingress's Kestrel endpoints as a configuration source Kestrel watches (<c>reloadOnChange</c>): the host's own URLs,
/// and one endpoint per webhook port of the route table, <c>https</c> where its routes carry a certificate. When a spec
/// change adds a port, removes the last route of one, or switches one between HTTP and HTTPS, the data changes and
/// Kestrel binds, unbinds or rebinds only those endpoints; connections on the others are not touched.
/// </summary>
public sealed class WebhookListeners : ConfigurationProvider, IConfigurationSource
{
    private readonly Lock _gate = new();
    private Func<IReadOnlyDictionary<string, string>>? _compute;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>
    /// The endpoints by name for the host's <paramref name="hostUrls"/> and the webhook <paramref name="ports"/> bound on
    /// <paramref name="bindAddress"/>; a webhook port that is also a host URL's port is served by that URL (pure).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Endpoints(IReadOnlyList<string> hostUrls, string bindAddress, IEnumerable<int> ports, Func<int, bool> tls)
    {
        var endpoints = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        for (var i = 0; i < hostUrls.Count; i++)
        {
            endpoints[$"host-{i}"] = hostUrls[i];
            if (PortOf(hostUrls[i]) is { } port)
            {
                taken.Add(port);
            }
        }

        var host = bindAddress is "0.0.0.0" or "+" ? "*" : bindAddress;
        foreach (var port in ports.Where(p => !taken.Contains(p)).Order())
        {
            endpoints[string.Create(CultureInfo.InvariantCulture, $"webhook-{port}")] =
                string.Create(CultureInfo.InvariantCulture, $"{(tls(port) ? "https" : "http")}://{host}:{port}");
        }

        return endpoints;
    }

    /// <summary>The port of a URL such as <c>http://+:8080</c> or <c>http://localhost:5000</c>; null when it has none.</summary>
    public static int? PortOf(string url)
    {
        var normal = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normal, UriKind.Absolute, out var uri) && uri.Port > 0 ? uri.Port : null;
    }

    /// <summary>Follows <paramref name="routes"/>: the endpoints now, and again after each replacement of its routes.</summary>
    public void Follow(WebhookRouteTable routes, IReadOnlyList<string> hostUrls, string bindAddress)
    {
        _compute = () => Endpoints(hostUrls, bindAddress, routes.Ports, p => routes.TlsOf(p) is not null);
        routes.Replaced += Refresh;
        Refresh();
    }

    private void Refresh()
    {
        if (_compute is null)
        {
            return;
        }

        var data = _compute().ToDictionary(e => $"Endpoints:{e.Key}:Url", e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            if (data.Count == Data.Count && data.All(e => Data.TryGetValue(e.Key, out var v) && v == e.Value))
            {
                return;
            }

            Data = data;
        }

        OnReload();
    }
}
