using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation;
using YamlDotNet.Core;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Loads Argo Events YAML (several documents per file allowed) into the spec model, reporting
/// errors and warnings with the path of the field they concern. Never throws for bad input.
/// </summary>
public static class SpecLoader
{
    public const string ApiVersion = "argoproj.io/v1alpha1";

    public static readonly IReadOnlyList<string> Extensions = [".yaml", ".yml", ".json"];

    public static SpecFile LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SpecFile { Path = path, Diagnostics = [new(DiagnosticSeverity.Error, "", $"cannot read file: {ex.Message}")] };
        }

        return Load(text, path);
    }

    public static SpecFile Load(string yaml, string path = "<inline>")
    {
        IReadOnlyList<JsonNode?> roots;
        try
        {
            roots = YamlJson.ParseDocuments(yaml);
        }
        catch (YamlException ex)
        {
            var where = $"line {ex.Start.Line}, column {ex.Start.Column}";
            var message = ex.InnerException?.Message ?? ex.Message;
            return new SpecFile { Path = path, Diagnostics = [new(DiagnosticSeverity.Error, "", $"invalid YAML at {where}: {message}")] };
        }

        var documents = new List<SpecDocument>();
        for (var i = 0; i < roots.Count; i++)
        {
            if (roots[i] is null)
            {
                continue;
            }

            documents.Add(LoadDocument(roots[i]!, path, i));
        }

        var fileDiagnostics = documents.Count == 0
            ? new List<SpecDiagnostic> { new(DiagnosticSeverity.Warning, "", "file holds no documents") }
            : [];
        return new SpecFile { Path = path, Documents = documents, Diagnostics = fileDiagnostics };
    }

    /// <summary>
    /// Loads one object already parsed (a custom resource read from the Kubernetes API) exactly as the same document in
    /// a file: the same binding, unknown-field scan and validation; <paramref name="path"/> names it in findings.
    /// </summary>
    public static SpecFile LoadObject(JsonObject obj, string path) =>
        new() { Path = path, Documents = [LoadDocument(obj.DeepClone(), path, 0)] };

    private static SpecDocument LoadDocument(JsonNode root, string file, int index)
    {
        if (root is not JsonObject obj)
        {
            return new SpecDocument { File = file, Index = index, Diagnostics = [new(DiagnosticSeverity.Error, "", "a document must be a mapping with apiVersion, kind, metadata and spec")] };
        }

        var kind = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var avs) ? avs : null;
        var name = obj["metadata"] is JsonObject meta && meta["name"] is JsonValue n && n.TryGetValue<string>(out var ns) ? ns : null;
        var diagnostics = new List<SpecDiagnostic>();
        NullValues.Strip(obj, "", diagnostics);

        diagnostics.AddRange(PlainSecretScanner.Scan(obj));

        if (apiVersion != ApiVersion)
        {
            diagnostics.Add(new(DiagnosticSeverity.Error, "apiVersion", apiVersion is null ? $"required, must be \"{ApiVersion}\"" : $"\"{apiVersion}\" is not supported, must be \"{ApiVersion}\""));
        }

        switch (kind)
        {
            case "EventSource":
            {
                var eventSource = Bind<EventSource>(obj, diagnostics);
                if (eventSource is not null)
                {
                    diagnostics.AddRange(EventSourceValidator.Validate(eventSource));
                }

                return new SpecDocument { File = file, Index = index, Kind = kind, Name = name, EventSource = eventSource, Diagnostics = diagnostics };
            }

            case "Sensor":
            {
                var sensor = Bind<Sensor>(obj, diagnostics);
                if (sensor is not null)
                {
                    diagnostics.AddRange(SensorValidator.Validate(sensor));
                }

                return new SpecDocument { File = file, Index = index, Kind = kind, Name = name, Sensor = sensor, Diagnostics = diagnostics };
            }

            case "EventBus":
                diagnostics.Add(new(DiagnosticSeverity.Unsupported, "kind", "EventBus is not used: the event bus is chosen by the Bus:Transport setting"));
                return new SpecDocument { File = file, Index = index, Kind = kind, Name = name, Diagnostics = diagnostics };

            case null:
                diagnostics.Add(new(DiagnosticSeverity.Error, "kind", "required: EventSource or Sensor"));
                return new SpecDocument { File = file, Index = index, Name = name, Diagnostics = diagnostics };

            default:
                diagnostics.Add(new(DiagnosticSeverity.Unsupported, "kind", $"\"{kind}\" is not an Argo Events kind this project runs (EventSource, Sensor)"));
                return new SpecDocument { File = file, Index = index, Kind = kind, Name = name, Diagnostics = diagnostics };
        }
    }

    private static T? Bind<T>(JsonObject obj, List<SpecDiagnostic> diagnostics) where T : class
    {
        diagnostics.AddRange(UnknownFieldScanner.Scan(obj, typeof(T), ""));
        try
        {
            return obj.Deserialize<T>(SpecJson.Options);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : "";
            diagnostics.Add(new(DiagnosticSeverity.Error, path, DescribeBindError(ex)));
            return null;
        }
    }

    private static string DescribeBindError(JsonException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        if (message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            var target = message["The JSON value could not be converted to ".Length..];
            var cut = target.IndexOf(". Path", StringComparison.Ordinal);
            target = cut >= 0 ? target[..cut] : target;
            return $"wrong type: cannot read the value as {FriendlyType(target)}";
        }

        if (message.Contains("not in a supported format", StringComparison.Ordinal))
        {
            return $"wrong type: cannot read the value as {FriendlyType(message)}";
        }

        var pathCut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathCut >= 0 ? message[..pathCut] : message;
    }

    private static string FriendlyType(string clrType) => clrType switch
    {
        _ when clrType.Contains("IReadOnlyList", StringComparison.Ordinal) => "a list",
        _ when clrType.Contains("IReadOnlyDictionary", StringComparison.Ordinal) => "a map",
        _ when clrType.Contains("Int32", StringComparison.Ordinal) || clrType.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "a boolean",
        _ when clrType.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ => "an object",
    };
}
