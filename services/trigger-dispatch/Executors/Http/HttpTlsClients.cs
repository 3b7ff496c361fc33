using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Executors.Http;

/// <summary>
/// One HTTP client per distinct TLS material of http triggers (keyed by a digest of it, so a rotated secret gets a new
/// client): the server is trusted through the given CA only (and must match the host), or not verified with
/// <c>insecureSkipVerify</c>, or through the system store; a client certificate and key are presented when given.
/// </summary>
public sealed class HttpTlsClients : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.Ordinal);

    /// <exception cref="CryptographicException">The PEM text of a certificate or key cannot be read.</exception>
    public HttpClient For(ResolvedTls tls)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{tls.CaPem}\u001f{tls.ClientCertPem}\u001f{tls.ClientKeyPem}\u001f{tls.InsecureSkipVerify}")));
        var lazy = _clients.GetOrAdd(key, _ => new Lazy<HttpClient>(() => Create(tls)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _clients.TryRemove(key, out _);
            throw;
        }
    }

    public static HttpClient Create(ResolvedTls tls)
    {
        if (tls.CaPem is { } caPem && !caPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new CryptographicException("tls.caCertSecret holds no PEM certificate");
        }

        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TlsTrust.ServerValidation(tls) };
        if (tls.ClientCertPem is { } certPem && tls.ClientKeyPem is { } keyPem)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
            // A certificate whose key lives only in memory is exported and loaded again, so the TLS stack can use its key.
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null)];
        }

        var handler = new SocketsHttpHandler { SslOptions = ssl, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
