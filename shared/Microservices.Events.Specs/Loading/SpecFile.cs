namespace Microservices.Events.Specs.Loading;

/// <summary>Everything loaded from one file: its documents, and file-level findings (unreadable file, YAML syntax).</summary>
public sealed record SpecFile
{
    public required string Path { get; init; }
    public IReadOnlyList<SpecDocument> Documents { get; init; } = [];
    public IReadOnlyList<SpecDiagnostic> Diagnostics { get; init; } = [];

    public IEnumerable<SpecDiagnostic> AllDiagnostics => Diagnostics.Concat(Documents.SelectMany(d => d.Diagnostics));

    public bool HasErrors => AllDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
