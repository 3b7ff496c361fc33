using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

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
    public HttpClient For(HttpTlsMaterial tls)
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

    public static HttpClient Create(HttpTlsMaterial tls)
    {
        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ServerValidation(tls) };
        if (tls.ClientCertPem is { } certPem && tls.ClientKeyPem is { } keyPem)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
            // A certificate whose key lives only in memory is exported and loaded again, so the TLS stack can use its key.
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null)];
        }

        var handler = new SocketsHttpHandler { SslOptions = ssl, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Any certificate with <c>insecureSkipVerify</c>; with a CA, one for the host that chains to that CA; else the system's rules.</summary>
    public static RemoteCertificateValidationCallback? ServerValidation(HttpTlsMaterial tls)
    {
        if (tls.InsecureSkipVerify)
        {
            return (_, _, _, _) => true;
        }

        if (tls.CaPem is not { } caPem)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(caPem);
        if (roots.Count == 0)
        {
            throw new CryptographicException("tls.caCertSecret holds no PEM certificate");
        }

        return (_, certificate, chain, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
