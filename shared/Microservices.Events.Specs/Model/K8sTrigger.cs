namespace Microservices.Events.Specs.Model;

/// <summary>Creates, updates, patches or deletes a Kubernetes object built from <see cref="Source"/> and the event.</summary>
public sealed record K8sTrigger
{
    public ArtifactLocation? Source { get; init; }

    /// <summary><c>create</c> (default), <c>update</c>, <c>patch</c> or <c>delete</c>.</summary>
    public string? Operation { get; init; }

    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    /// <summary>The patch's content type; <c>application/merge-patch+json</c> by default.</summary>
    public string? PatchStrategy { get; init; }

    /// <summary>update only: start from the object as the cluster has it instead of the source.</summary>
    public bool? LiveObject { get; init; }

    public static readonly IReadOnlyList<string> Operations = ["create", "update", "patch", "delete"];

    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static readonly IReadOnlyList<string> PatchStrategies = [MergePatch, StrategicMergePatch, JsonPatch, ApplyPatch];
}
