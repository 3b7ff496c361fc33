namespace Microservices.Events.Specs.Model;

/// <summary>A reference to one key of a Kubernetes Secret (or ConfigMap).</summary>
public sealed record SecretKeySelector
{
    public string? Name { get; init; }
    public string? Key { get; init; }
    public bool? Optional { get; init; }
}
