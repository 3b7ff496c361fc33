using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microservices.Events.Specs.Sources;
using RabbitMQ.Client;

namespace Microservices.Events.Ingress.Sources.Amqp;

/// <summary>
/// The TLS of an <c>amqps://</c> connection from the event's <c>tls</c> block: the server verified against its CA
/// (and host name) or not at all with <c>insecureSkipVerify</c>, and the client certificate when it has one.
/// </summary>
public static class AmqpTls
{
    public static SslOption Option(string host, ResolvedTls tls)
    {
        var option = new SslOption(host, enabled: true)
        {
            CertificateValidationCallback = TlsTrust.ServerValidation(tls),
        };
        if (tls.InsecureSkipVerify)
        {
            option.AcceptablePolicyErrors = SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable;
        }

        if (TlsTrust.ClientCertificate(tls) is { } client)
        {
            option.Certs = new X509CertificateCollection { client };
        }

        return option;
    }
}
