using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Loading;

/// <summary>One YAML document of a spec file, typed when its kind is known, with what was found in it.</summary>
public sealed record SpecDocument
{
    public required string File { get; init; }

    /// <summary>Zero-based position of the document in its file.</summary>
    public int Index { get; init; }

    public string? Kind { get; init; }
    public string? Name { get; init; }
    public EventSource? EventSource { get; init; }
    public Sensor? Sensor { get; init; }
    public IReadOnlyList<SpecDiagnostic> Diagnostics { get; init; } = [];

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
