using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Specs.Sources;

/// <summary>How a client built from a <c>tls</c> block (of a trigger or an event source) trusts its server and proves itself.</summary>
public static class TlsTrust
{
    /// <summary>
    /// Any certificate when <c>insecureSkipVerify</c>; with a CA, a certificate for the host that chains to that CA only;
    /// else null: the system's trust store.
    /// </summary>
    public static RemoteCertificateValidationCallback? ServerValidation(ResolvedTls tls)
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
                // Intermediates the server sent.
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }

    /// <summary>The client certificate with its key, when the block has both.</summary>
    public static X509Certificate2? ClientCertificate(ResolvedTls tls) =>
        tls.ClientCertPem is { } cert && tls.ClientKeyPem is { } key ? X509Certificate2.CreateFromPem(cert, key) : null;
}
