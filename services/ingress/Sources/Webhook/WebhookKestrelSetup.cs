using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Gives Kestrel its endpoints from <see cref="WebhookListeners"/> (the host's own URLs plus one listener per webhook
/// port, kept in step with the specs), HTTPS endpoints presenting the certificate of their port from
/// <see cref="WebhookCertificates"/>, read at each handshake. Ports open, close and switch between HTTP and HTTPS
/// live as the specs change.
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

        var services = kestrel.ApplicationServices;
        var certificates = services.GetRequiredService<WebhookCertificates>();
        var listeners = services.GetRequiredService<WebhookListeners>();
        var hostUrls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        listeners.Follow(services.GetRequiredService<WebhookRouteTable>(), hostUrls, settings.WebhookBindAddress);

        kestrel.ConfigureHttpsDefaults(https => https.ServerCertificateSelector = (connection, _) =>
            connection?.LocalEndPoint is IPEndPoint local ? certificates.For(local.Port) : null);
        kestrel.Configure(new ConfigurationBuilder().Add(listeners).Build(), reloadOnChange: true);
    }
}
