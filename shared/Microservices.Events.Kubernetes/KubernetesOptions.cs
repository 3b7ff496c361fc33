using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Kubernetes;

/// <summary>
/// Configuration section <c>Kubernetes</c>: how the k8s and argoWorkflow triggers (trigger-dispatch) and the resource
/// event source (ingress) reach the API server. <see cref="Host"/> (with a token or none) wins, then
/// <see cref="KubeconfigPath"/>, then the pod's service account when running in a cluster, then <c>$KUBECONFIG</c> or
/// <c>~/.kube/config</c> when present; without any, those triggers fail their firings and those sources report
/// <c>/health</c> degraded, saying so. Nothing here is ever logged.
/// </summary>
public sealed class KubernetesOptions : IValidatableObject
{
    public const string Section = "Kubernetes";

    /// <summary>The API server's URL, e.g. <c>https://10.0.0.1:6443</c>.</summary>
    public string? Host { get; set; }

    /// <summary>A bearer token for <see cref="Host"/> (prefer <see cref="TokenFile"/> or a secret-backed environment variable).</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the bearer token, read at each connection (a projected service-account token).</summary>
    public string? TokenFile { get; set; }

    /// <summary>PEM file of the certificate authority that signed the API server's certificate.</summary>
    public string? CaFile { get; set; }

    public bool SkipTlsVerify { get; set; }

    /// <summary>A kubeconfig file; <see cref="Context"/> picks a context other than its current one.</summary>
    public string? KubeconfigPath { get; set; }

    public string? Context { get; set; }

    /// <summary>The namespace of objects that name none; else the connection's own (service account, kubeconfig context), else <c>default</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>How long one API request may take.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Host is not null && (!Uri.TryCreate(Host, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:Host \"{Host}\" is not an absolute http(s) URL", [nameof(Host)]);
        }

        foreach (var (key, file) in new[] { (nameof(TokenFile), TokenFile), (nameof(CaFile), CaFile), (nameof(KubeconfigPath), KubeconfigPath) })
        {
            if (file is not null && !File.Exists(file))
            {
                yield return new ValidationResult($"{Section}:{key} \"{file}\" does not exist", [key]);
            }
        }

        if (Token is not null && TokenFile is not null)
        {
            yield return new ValidationResult($"{Section}:Token and {Section}:TokenFile are both set; set one", [nameof(Token)]);
        }

        if (Namespace is { Length: 0 })
        {
            yield return new ValidationResult($"{Section}:Namespace is empty", [nameof(Namespace)]);
        }
    }
}
