using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microservices.Events.Testing;

/// <summary>
/// Certificates made for one test: a CA, a server certificate it issued for 127.0.0.1 and localhost, and a client
/// certificate it issued, each also as PEM text (what a trigger's secrets hold). <see cref="HttpSink.StartAsync(HttpSinkTls?)"/>
/// serves HTTPS with the server certificate and, when <see cref="ClientCa"/> is set, requires a client certificate from it.
/// </summary>
public sealed class HttpSinkTls : IDisposable
{
    private HttpSinkTls(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client, string clientKeyPem, bool requireClientCertificate)
    {
        Ca = ca;
        ServerCertificate = server;
        ClientCertificate = client;
        ClientKeyPem = clientKeyPem;
        ClientCa = requireClientCertificate ? ca : null;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 ServerCertificate { get; }

    public X509Certificate2 ClientCertificate { get; }

    /// <summary>The CA client certificates must come from; null accepts clients without one.</summary>
    public X509Certificate2? ClientCa { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ClientCertificatePem => ClientCertificate.ExportCertificatePem();

    public string ClientKeyPem { get; }

    public static HttpSinkTls Create(bool requireClientCertificate = false)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=events test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var server = Issue(serverRequest, ca, serverKey, now, 1);

        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=events trigger", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var client = Issue(clientRequest, ca, clientKey, now, 2);

        return new HttpSinkTls(ca, server, client, clientKey.ExportPkcs8PrivateKeyPem(), requireClientCertificate);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <see cref="ClientCa"/>.</summary>
    public bool IssuedByClientCa(X509Certificate2 certificate)
    {
        if (ClientCa is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 ca, RSA key, DateTimeOffset now, byte serial)
    {
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), [serial, 0x2a]);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Loaded again from PKCS#12 so the key is usable by the TLS stack, not only in memory.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
    }
}
