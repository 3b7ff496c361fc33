namespace Microservices.Events.Specs.Model;

/// <summary>Hands the firing to a custom trigger server over Argo's gRPC protocol (FetchResource, Execute, ApplyPolicy).</summary>
public sealed record CustomTrigger
{
    /// <summary>The server, <c>host:port</c>.</summary>
    public string? ServerURL { get; init; }

    /// <summary>TLS, verifying the server with the certificate of <see cref="CertSecret"/>.</summary>
    public bool? Secure { get; init; }

    public SecretKeySelector? CertSecret { get; init; }

    /// <summary>The name the server's certificate must carry, when it is not the host of <see cref="ServerURL"/>.</summary>
    public string? ServerNameOverride { get; init; }

    /// <summary>What the server makes the resource from (sent as YAML).</summary>
    public IReadOnlyDictionary<string, string>? Spec { get; init; }

    /// <summary>Applied to the resource the server returns (JSON).</summary>
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
}
