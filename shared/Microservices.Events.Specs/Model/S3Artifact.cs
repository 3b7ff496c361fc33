namespace Microservices.Events.Specs.Model;

/// <summary>
/// An object in an S3-compatible store (Argo's S3Artifact), used as a k8s or argoWorkflow trigger's source:
/// <c>endpoint</c> is host[:port] without a scheme, <c>insecure</c> selects http.
/// </summary>
public sealed record S3Artifact
{
    public string? Endpoint { get; init; }
    public S3Bucket? Bucket { get; init; }
    public string? Region { get; init; }
    public bool? Insecure { get; init; }
    public SecretKeySelector? AccessKey { get; init; }
    public SecretKeySelector? SecretKey { get; init; }

    /// <summary>Bucket notification fields of the minio event source; without meaning for a trigger source.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <inheritdoc cref="Events"/>
    public S3Filter? Filter { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public SecretKeySelector? CaCertificate { get; init; }
}

/// <summary>The bucket and the object's key in it.</summary>
public sealed record S3Bucket
{
    public string? Name { get; init; }
    public string? Key { get; init; }
}

/// <summary>A key prefix/suffix filter of bucket notifications.</summary>
public sealed record S3Filter
{
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }
}
