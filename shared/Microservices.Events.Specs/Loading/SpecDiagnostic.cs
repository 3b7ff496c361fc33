namespace Microservices.Events.Specs.Loading;

/// <summary>How serious a finding about a spec is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The spec (or the named part of it) cannot run.</summary>
    Error,

    /// <summary>Tolerated, e.g. an unknown field (Kubernetes would prune it).</summary>
    Warning,

    /// <summary>A valid Argo Events kind this project does not run yet.</summary>
    Unsupported,
}

/// <summary>One finding about a spec, with the path of the field it concerns (e.g. <c>spec.triggers[1].template.conditions</c>).</summary>
public sealed record SpecDiagnostic(DiagnosticSeverity Severity, string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
