namespace Microservices.Events.Specs.Sources;

/// <summary>A client TLS block with its secrets read: PEM texts and whether the server is verified.</summary>
public sealed record ResolvedTls(string? CaPem, string? ClientCertPem, string? ClientKeyPem, bool InsecureSkipVerify)
{
    /// <summary>Which parts are set, never their text (a client key is a secret).</summary>
    public override string ToString() =>
        $"ResolvedTls {{ ca: {CaPem is not null}, client certificate: {ClientCertPem is not null}, insecureSkipVerify: {InsecureSkipVerify} }}";
}
