using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microservices.Events.Testing;

/// <summary>
/// A certificate authority made for one test and a server certificate it signed for <c>localhost</c> and
/// <c>127.0.0.1</c>, as PEM texts and as files (for servers started with paths).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, string caPem, string serverPem, string serverKeyPem)
    {
        Directory = directory;
        CaPem = caPem;
        ServerPem = serverPem;
        ServerKeyPem = serverKeyPem;
        File.WriteAllText(CaFile, caPem);
        File.WriteAllText(ServerFile, serverPem);
        File.WriteAllText(ServerKeyFile, serverKeyPem);
    }

    public string Directory { get; }
    public string CaPem { get; }
    public string ServerPem { get; }
    public string ServerKeyPem { get; }
    public string CaFile => Path.Combine(Directory, "ca.pem");
    public string ServerFile => Path.Combine(Directory, "server.pem");
    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    public static TestCertificates Create()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=events test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // One clock reading for both: the server's validity must lie inside the CA's, to the second.
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-4), now.AddHours(23), RandomNumberGenerator.GetBytes(8));

        var directory = System.IO.Directory.CreateTempSubdirectory("events-certs-").FullName;
        return new TestCertificates(directory, ca.ExportCertificatePem(), server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
