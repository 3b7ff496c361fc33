using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>An Argo Events <c>EventSource</c> (argoproj.io/v1alpha1).</summary>
public sealed record EventSource
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ObjectMeta Metadata { get; init; } = new();
    public EventSourceSpec Spec { get; init; } = new();
    public JsonElement? Status { get; init; }

    public string Name => Metadata.Name ?? "";
}
