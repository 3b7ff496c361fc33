using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Microservices.Events.Specs.Sources;

/// <summary>Where the EventSource and Sensor manifests come from.</summary>
public enum SpecSourceKind
{
    /// <summary>A folder of YAML manifests (<c>Specs:Directory</c>), reloaded when files change.</summary>
    Directory,

    /// <summary><c>argoproj.io/v1alpha1</c> EventSource and Sensor custom resources, listed and watched through the Kubernetes API.</summary>
    Kubernetes,
}

/// <summary>Configuration section <c>Specs</c>: where EventSource and Sensor manifests are read from.</summary>
public sealed partial class SpecsOptions : IValidatableObject
{
    public const string Section = "Specs";

    /// <summary><see cref="SpecSourceKind.Directory"/> (default) or <see cref="SpecSourceKind.Kubernetes"/>.</summary>
    public SpecSourceKind Source { get; set; } = SpecSourceKind.Directory;

    /// <summary>A folder of YAML manifests, read recursively and reloaded when files change (the Directory source).</summary>
    public string Directory { get; set; } = "";

    /// <summary>Quiet period after the last change (a file, or a custom resource) before the specs are published.</summary>
    [Range(0, 60_000)]
    public int ReloadDebounceMilliseconds { get; set; } = 300;

    /// <summary>The Kubernetes source's namespaces; empty watches every namespace (cluster-wide list and watch).</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>The Kubernetes source reads only the resources this label selector matches (e.g. <c>events.example/runner=microservices</c>).</summary>
    public string? LabelSelector { get; set; }

    /// <summary>How long the API server keeps one watch open before it is opened again from the resourceVersion reached.</summary>
    [Range(1, 3600)]
    public int WatchTimeoutSeconds { get; set; } = 300;

    /// <summary>Whether the services write each resource's <c>status</c> conditions (the Kubernetes source).</summary>
    public bool WriteStatus { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Source == SpecSourceKind.Directory && string.IsNullOrWhiteSpace(Directory))
        {
            yield return new ValidationResult($"{Section}:Directory is required: the folder of EventSource and Sensor manifests (or set {Section}:Source=Kubernetes to read custom resources)", [nameof(Directory)]);
        }

        if (Source == SpecSourceKind.Directory && (Namespaces.Count > 0 || LabelSelector is not null))
        {
            yield return new ValidationResult($"{Section}:Namespaces and {Section}:LabelSelector apply only to {Section}:Source=Kubernetes; remove them or set the source", [nameof(Namespaces)]);
        }

        if (Source == SpecSourceKind.Kubernetes && !string.IsNullOrWhiteSpace(Directory))
        {
            yield return new ValidationResult($"{Section}:Directory is set while {Section}:Source is Kubernetes: specs come from one source; remove {Section}:Directory or set {Section}:Source=Directory", [nameof(Directory)]);
        }

        for (var i = 0; i < Namespaces.Count; i++)
        {
            if (!NamespaceName().IsMatch(Namespaces[i] ?? ""))
            {
                yield return new ValidationResult($"{Section}:Namespaces:{i} \"{Namespaces[i]}\" is not a namespace name (lower-case letters, digits and '-', at most 63)", [nameof(Namespaces)]);
            }
        }

        if (Namespaces.Distinct(StringComparer.Ordinal).Count() != Namespaces.Count)
        {
            yield return new ValidationResult($"{Section}:Namespaces names a namespace more than once", [nameof(Namespaces)]);
        }

        if (LabelSelector is { } selector && string.IsNullOrWhiteSpace(selector))
        {
            yield return new ValidationResult($"{Section}:LabelSelector is empty", [nameof(LabelSelector)]);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
