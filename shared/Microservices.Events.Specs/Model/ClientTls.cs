namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's TLSConfig of a client: the CA that signs the server's certificate, the client's certificate and key (PEM,
/// from secrets), and whether to skip verifying the server.
/// </summary>
public sealed record ClientTls
{
    public SecretKeySelector? CaCertSecret { get; init; }
    public SecretKeySelector? ClientCertSecret { get; init; }
    public SecretKeySelector? ClientKeySecret { get; init; }
    public bool? InsecureSkipVerify { get; init; }
}
