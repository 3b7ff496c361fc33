namespace Microservices.Events.Specs.Model;

/// <summary>The part of Kubernetes object metadata the specs use.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? GenerateName { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
    public string? CreationTimestamp { get; init; }
}
