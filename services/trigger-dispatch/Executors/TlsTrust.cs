using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>How a client built from a trigger's <c>tls</c> block trusts its server and proves itself.</summary>
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
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }

    /// <summary>The client certificate with its key, when the block has both.</summary>
    public static X509Certificate2? ClientCertificate(ResolvedTls tls) =>
        tls.ClientCertPem is { } cert && tls.ClientKeyPem is { } key ? X509Certificate2.CreateFromPem(cert, key) : null;
}
