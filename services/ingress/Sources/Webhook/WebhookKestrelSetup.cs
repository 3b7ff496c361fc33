using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Opens the host's own URLs plus one listener per webhook port found in the specs at start: HTTPS when the port's
/// routes carry a certificate (presented from <see cref="WebhookCertificates"/>, read at each handshake), else plain
/// HTTP. A port added, or switched between HTTP and HTTPS, by a later spec change is served so after a restart;
/// routes on already open ports change live.
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

        var table = kestrel.ApplicationServices.GetRequiredService<WebhookRouteTable>();
        var certificates = kestrel.ApplicationServices.GetRequiredService<WebhookCertificates>();
        var ports = table.Ports;
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
            Listen(kestrel, uri.Host, uri.Port, _ => { });
            taken.Add(uri.Port);
        }

        foreach (var port in ports.Where(p => !taken.Contains(p)))
        {
            var tls = table.TlsOf(port) is not null;
            Listen(kestrel, settings.WebhookBindAddress, port, listen =>
            {
                if (tls)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => certificates.For(port) });
                }
            });
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        switch (host)
        {
            case "*" or "+" or "0.0.0.0" or "[::]":
                kestrel.ListenAnyIP(port, configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port, configure);
                break;
        }
    }
}
