using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>
/// One trigger kind's spec being checked at load: its raw JSON, the field path of the kind
/// (<c>spec.triggers[2].template.kafka</c>), which of its fields parameters set, and the findings.
/// </summary>
public sealed class TriggerKindCheck
{
    private readonly JsonElement _spec;
    private readonly HashSet<string> _dependencies;
    private readonly List<SpecDiagnostic> _diagnostics;
    private readonly List<string> _parameterDests;

    internal TriggerKindCheck(string path, string kind, JsonElement spec, Trigger trigger, HashSet<string> dependencies, List<SpecDiagnostic> diagnostics)
    {
        Path = path;
        Kind = kind;
        _spec = spec;
        _dependencies = dependencies;
        _diagnostics = diagnostics;

        // Trigger parameters patch the template (dest "kafka.topic"); the kind's own patch its spec (dest "topic").
        _parameterDests = (trigger.Parameters ?? [])
            .Select(p => p.Dest ?? "")
            .Where(d => d == kind || d.StartsWith(kind + ".", StringComparison.Ordinal))
            .Select(d => d == kind ? "" : d[(kind.Length + 1)..])
            .ToList();
        if (_spec.TryGetProperty("parameters", out var own) && own.ValueKind == JsonValueKind.Array)
        {
            _parameterDests.AddRange(own.EnumerateArray()
                .Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("dest", out var dest) && dest.ValueKind == JsonValueKind.String ? dest.GetString()! : null)
                .OfType<string>());
        }
    }

    /// <summary>The field path of the kind, e.g. <c>spec.triggers[0].template.slack</c>.</summary>
    public string Path { get; }

    public string Kind { get; }

    /// <summary>Binds the spec to the kind's model: unknown fields are warnings, a value of the wrong type an error.</summary>
    public T? Bind<T>() where T : class
    {
        _diagnostics.AddRange(UnknownFieldScanner.Scan(JsonNode.Parse(_spec.GetRawText()), typeof(T), Path));
        try
        {
            return _spec.Deserialize<T>(SpecJson.Options);
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 1 } p ? p.TrimStart('$') : "";
            Error(at.TrimStart('.'), ex.InnerException?.Message ?? "is not of the expected type");
            return null;
        }
    }

    /// <summary>Whether parameters write <paramref name="field"/>, a field inside it, or a field that holds it.</summary>
    public bool SetByParameters(string field) => _parameterDests.Any(d =>
        d.Length == 0 || d == field || d.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(d + ".", StringComparison.Ordinal));

    /// <summary>Reports each problem as an error at its field, unless parameters set that field (its value comes with the event).</summary>
    public void Report(IEnumerable<FieldProblem> problems)
    {
        foreach (var problem in problems)
        {
            if (!SetByParameters(problem.Field) && !(problem.SetByAnyOf ?? []).Any(SetByParameters))
            {
                Error(problem.Field, problem.Message);
            }
        }
    }

    /// <summary>A parameter list of the kind: sources, dependency names, operations, and <c>dest</c> when required.</summary>
    public void Parameters(string field, IReadOnlyList<TriggerParameter>? parameters, bool destRequired) =>
        SensorValidator.ValidateParameters(At(field), parameters, _dependencies, _diagnostics, destRequired);

    public void Error(string field, string message) => _diagnostics.Add(new(DiagnosticSeverity.Error, At(field), message));

    /// <summary>A valid field this project cannot act on yet: the sensor loads, and a firing that needs it fails with the reason.</summary>
    public void Unsupported(string field, string message) => _diagnostics.Add(new(DiagnosticSeverity.Unsupported, At(field), message));

    public void Warning(string field, string message) => _diagnostics.Add(new(DiagnosticSeverity.Warning, At(field), message));

    private string At(string field) => field.Length == 0 ? Path : $"{Path}.{field}";
}
