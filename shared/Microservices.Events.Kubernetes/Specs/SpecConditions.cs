using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// The conditions Argo Events gives a resource, computed from what loading it found: an EventSource gets
/// <c>SourcesProvided</c> and <c>Deployed</c>, a Sensor <c>DependenciesProvided</c>, <c>TriggersProvided</c> and
/// <c>Deployed</c>. A condition is False (reason <c>InvalidEventSource</c>, <c>InvalidDependencies</c>,
/// <c>InvalidTriggers</c>) with the errors that concern it, each with its field path; True with the warnings and the
/// parts not supported (reason <c>Warnings</c>) or with nothing to say. A Sensor's finding outside
/// <c>spec.triggers</c> counts against its dependencies (Argo's <c>InvalidSensor</c> goes there too).
/// </summary>
public static class SpecConditions
{
    public const string SourcesProvided = "SourcesProvided";
    public const string DependenciesProvided = "DependenciesProvided";
    public const string TriggersProvided = "TriggersProvided";
    public const string Deployed = "Deployed";

    /// <summary>The longest message written; longer lists of findings end with how many were left out.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The conditions of a resource of <paramref name="kind"/> ("EventSource" or "Sensor"), sorted by type as Argo sorts them.</summary>
    public static IReadOnlyList<SpecCondition> For(string kind, IReadOnlyList<SpecDiagnostic> findings, DeployState state, string? duplicateMessage = null)
    {
        var conditions = new List<SpecCondition>();
        if (kind == "Sensor")
        {
            static bool Trigger(SpecDiagnostic d) => d.Path.StartsWith("spec.triggers", StringComparison.Ordinal);
            conditions.Add(Provided(DependenciesProvided, "InvalidDependencies", findings.Where(d => !Trigger(d)).ToList()));
            conditions.Add(Provided(TriggersProvided, "InvalidTriggers", findings.Where(Trigger).ToList()));
        }
        else
        {
            conditions.Add(Provided(SourcesProvided, "InvalidEventSource", findings));
        }

        conditions.Add(state switch
        {
            DeployState.Deployed => new SpecCondition(Deployed, SpecCondition.True),
            DeployState.Duplicate => new SpecCondition(Deployed, SpecCondition.False, "DuplicateName", duplicateMessage ?? $"another {kind} of this name is run instead"),
            _ => new SpecCondition(Deployed, SpecCondition.False, kind == "Sensor" ? "InvalidSensor" : "InvalidEventSource", $"not run: the {kind} has errors (see the other conditions)"),
        });
        return conditions.OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
    }

    private static SpecCondition Provided(string type, string invalidReason, IReadOnlyList<SpecDiagnostic> findings)
    {
        var errors = findings.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return new SpecCondition(type, SpecCondition.False, invalidReason, Message(errors.Select(e => e.ToString())));
        }

        var notes = findings.Select(d => d.Severity == DiagnosticSeverity.Unsupported ? $"not supported: {d}" : d.ToString()).ToList();
        return notes.Count > 0 ? new SpecCondition(type, SpecCondition.True, "Warnings", Message(notes)) : new SpecCondition(type, SpecCondition.True);
    }

    private static string Message(IEnumerable<string> items)
    {
        var all = items.ToList();
        var message = "";
        for (var i = 0; i < all.Count; i++)
        {
            var next = message.Length == 0 ? all[i] : $"{message}; {all[i]}";
            if (next.Length > MaxMessageLength)
            {
                return $"{message}; … and {all.Count - i} more";
            }

            message = next;
        }

        return message;
    }
}
