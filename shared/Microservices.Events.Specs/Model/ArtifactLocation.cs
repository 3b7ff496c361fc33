using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>Where a k8s or argoWorkflow trigger's resource comes from; exactly one field is set.</summary>
public sealed record ArtifactLocation
{
    /// <summary>The object itself, in the manifest.</summary>
    public JsonElement? Resource { get; init; }

    /// <summary>The object as YAML or JSON text.</summary>
    public string? Inline { get; init; }

    /// <summary>A key of a ConfigMap (in the trigger's namespace) holding the object as YAML or JSON.</summary>
    public ConfigMapKeySelector? Configmap { get; init; }

    /// <summary>A file on the trigger-dispatch host holding the object.</summary>
    public FileArtifact? File { get; init; }

    /// <summary>An http(s) URL serving the object.</summary>
    public UrlArtifact? Url { get; init; }

    public JsonElement? Git { get; init; }
    /// <summary>An object in an S3-compatible store.</summary>
    public S3Artifact? S3 { get; init; }
}

/// <summary>A key of a ConfigMap.</summary>
public sealed record ConfigMapKeySelector
{
    public string? Name { get; init; }
    public string? Key { get; init; }
    public bool? Optional { get; init; }
}

public sealed record FileArtifact
{
    public string? Path { get; init; }
}

public sealed record UrlArtifact
{
    public string? Path { get; init; }

    /// <summary>Whether the server's TLS certificate is checked (Argo's default: false).</summary>
    public bool? VerifyCert { get; init; }
}
