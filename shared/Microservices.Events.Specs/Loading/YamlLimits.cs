namespace Microservices.Events.Specs.Loading;

/// <summary>
/// What one YAML text may cost before it is turned into JSON: its length, how deeply it nests and how many nodes it
/// holds once aliases are expanded (a few anchors that refer to each other can otherwise stand for billions of nodes).
/// </summary>
public sealed record YamlLimits
{
    public static readonly YamlLimits Default = new();

    /// <summary>Characters of YAML text; Kubernetes itself refuses objects above about 1.5 MB.</summary>
    public int MaxCharacters { get; init; } = 3 * 1024 * 1024;

    /// <summary>Mappings and sequences open at once; the JSON serializer's own default depth is 64 as well.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Scalars, mappings and sequences of all documents together, every alias counted as the nodes it repeats.</summary>
    public long MaxNodes { get; init; } = 100_000;
}
