using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Opens the host's own URLs plus one listener per webhook port found in the specs at start. A port added by a
/// later spec change is served after a restart; routes on already open ports change live.
/// </summary>
public sealed class WebhookKestrelSetup(IConfiguration configuration, IOptions<IngressOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var settings = options.Value;
        if (!settings.ListenOnWebhookPorts || kestrel.ApplicationServices is null)
        {
            return;
        }

        var ports = kestrel.ApplicationServices.GetRequiredService<WebhookRouteTable>().Ports;
        if (ports.Count == 0)
        {
            return;
        }

        // Explicit listeners replace the configured URLs, so open those too.
        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var taken = new HashSet<int>();
        foreach (var url in urls)
        {
            var uri = new Uri(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            Listen(kestrel, uri.Host, uri.Port);
            taken.Add(uri.Port);
        }

        foreach (var port in ports.Where(p => !taken.Contains(p)))
        {
            Listen(kestrel, settings.WebhookBindAddress, port);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        switch (host)
        {
            case "*" or "+" or "0.0.0.0" or "[::]":
                kestrel.ListenAnyIP(port);
                break;
            case "localhost":
                kestrel.ListenLocalhost(port);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port);
                break;
        }
    }
}
