using Microservices.Events.Specs.Sources;
using MQTTnet;
using MQTTnet.Formatter;

namespace Microservices.Events.Ingress.Sources.Mqtt;

/// <summary>
/// The client options of an <c>mqtt</c> event: the broker from its URL (<c>tcp://</c>/<c>mqtt://</c> plain,
/// <c>ssl://</c>/<c>tls://</c>/<c>mqtts://</c>/<c>tcps://</c> with TLS, <c>ws://</c>/<c>wss://</c> WebSocket), MQTT
/// 3.1.1 with a persistent session (clean session off) under the fixed client id, the user name and password, and for
/// the TLS schemes the <c>tls</c> block's CA, client certificate and <c>insecureSkipVerify</c> (as Argo, a <c>tls</c>
/// block does not turn a plain <c>tcp://</c> or <c>ws://</c> URL into TLS).
/// </summary>
public static class MqttConnection
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static MqttClientOptions Options(string url, string clientId, string? username, string? password, ResolvedTls? tls = null)
    {
        var uri = new Uri(url.Trim());
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));
        int? port = uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port;
        switch (uri.Scheme)
        {
            case "tcp" or "mqtt":
                builder.WithTcpServer(uri.Host, port ?? 1883);
                break;
            case "ssl" or "tls" or "mqtts" or "tcps":
                builder.WithTcpServer(uri.Host, port ?? 8883).WithTlsOptions(o => Tls(o, uri.Host, tls));
                break;
            case "ws" or "wss":
                builder.WithWebSocketServer(o => o.WithUri(uri.ToString()));
                if (uri.Scheme == "wss")
                {
                    builder.WithTlsOptions(o => Tls(o, uri.Host, tls));
                }

                break;
            default:
                throw new ArgumentException($"\"{url}\" is not a broker URL");
        }

        if (username is not null)
        {
            builder.WithCredentials(username, password);
        }

        return builder.Build();
    }

    private static void Tls(MqttClientTlsOptionsBuilder options, string host, ResolvedTls? tls)
    {
        options.UseTls().WithTargetHost(host);
        if (tls is null)
        {
            return;
        }

        if (TlsTrust.ServerValidation(tls) is { } validation)
        {
            options.WithCertificateValidationHandler(e => validation(host, e.Certificate, e.Chain, e.SslPolicyErrors));
        }

        if (TlsTrust.ClientCertificate(tls) is { } client)
        {
            options.WithClientCertificates([client]);
        }
    }
}
