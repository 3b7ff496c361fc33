using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// The server certificates of the TLS webhook ports, read from their secrets through <see cref="SecretResolver"/> at
/// each TLS handshake (so a rotated secret is served without a restart) and kept per distinct PEM text. A secret that
/// is missing or does not load gives no certificate (the handshake fails) and a problem naming the secret reference,
/// never its value.
/// </summary>
public sealed class WebhookCertificates(WebhookRouteTable routes, SecretResolver secrets) : IDisposable
{
    private readonly ConcurrentDictionary<string, X509Certificate2> _loaded = new(StringComparer.Ordinal);

    /// <summary>The certificate to present on <paramref name="port"/>, or null when it cannot be had.</summary>
    public X509Certificate2? For(int port) =>
        routes.TlsOf(port) is { } tls ? Load(port, tls, out _) : null;

    /// <summary>Why a TLS port has no certificate to serve, one message per such port; empty when all load.</summary>
    public IReadOnlyList<string> Problems() =>
        routes.TlsPorts
            .Select(p => Load(p.Key, p.Value, out var problem) is null ? problem : null)
            .OfType<string>()
            .ToList();

    private X509Certificate2? Load(int port, WebhookServerTls tls, out string? problem)
    {
        var cert = secrets.Resolve(tls.Cert);
        var key = secrets.Resolve(tls.Key);
        if (cert is null || key is null)
        {
            var missing = cert is null ? $"serverCertSecret {WebhookServerTls.Describe(tls.Cert)}" : $"serverKeySecret {WebhookServerTls.Describe(tls.Key)}";
            problem = $"port {port}: {missing} is not set (Secrets:{{name}}:{{key}} or a file under Secrets:Directory); HTTPS on this port fails until it is";
            return null;
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{cert}\n{key}")));
        if (_loaded.TryGetValue(digest, out var loaded))
        {
            problem = null;
            return loaded;
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPem(cert, key);

            // Loaded again from PKCS#12 so the TLS stack can use a key that otherwise lives only in memory.
            var usable = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            problem = null;
            return _loaded.GetOrAdd(digest, usable);
        }
        catch (CryptographicException)
        {
            problem = $"port {port}: serverCertSecret {WebhookServerTls.Describe(tls.Cert)} and serverKeySecret {WebhookServerTls.Describe(tls.Key)} do not hold a PEM certificate and its PEM private key";
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _loaded.Values)
        {
            certificate.Dispose();
        }

        _loaded.Clear();
    }
}
