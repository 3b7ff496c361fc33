using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Microservices.Events.Specs.Loading;

/// <summary>Walks a JSON document beside the model type it binds to and reports fields the model does not know.</summary>
public static class UnknownFieldScanner
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Members = new();

    /// <summary>Per model type: opaque (not walked), a string-keyed map's value type, or a list's item type.</summary>
    private static readonly ConcurrentDictionary<Type, (bool Opaque, Type? MapValue, Type? ListItem)> Shapes = new();

    public static IEnumerable<SpecDiagnostic> Scan(JsonNode? node, Type type, string path)
    {
        var findings = new List<SpecDiagnostic>();
        Walk(node, type, new JsonPathTrail(path), findings);
        return findings;
    }

    private static void Walk(JsonNode? node, Type type, JsonPathTrail path, List<SpecDiagnostic> findings)
    {
        if (node is null)
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var shape = Shapes.GetOrAdd(type, t => (IsOpaque(t), DictionaryValueType(t), ListItemType(t)));
        if (shape.Opaque)
        {
            return;
        }

        if (shape.MapValue is { } valueType)
        {
            if (node is JsonObject map)
            {
                foreach (var (key, value) in map)
                {
                    using (path.Enter(key))
                    {
                        Walk(value, valueType, path, findings);
                    }
                }
            }

            return;
        }

        if (shape.ListItem is { } itemType)
        {
            if (node is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    using (path.Enter(i))
                    {
                        Walk(list[i], itemType, path, findings);
                    }
                }
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        var members = Members.GetOrAdd(type, MembersOf);
        foreach (var (key, value) in obj)
        {
            using (path.Enter(key))
            {
                if (members.TryGetValue(key, out var memberType))
                {
                    Walk(value, memberType, path, findings);
                }
                else if (members.Keys.FirstOrDefault(m => string.Equals(m, key, StringComparison.OrdinalIgnoreCase)) is { } canonical)
                {
                    findings.Add(new SpecDiagnostic(DiagnosticSeverity.Warning, path.ToString(), $"read as \"{canonical}\" (field names match case-insensitively, as in Argo; Kubernetes would prune this spelling)"));
                    Walk(value, members[canonical], path, findings);
                }
                else
                {
                    findings.Add(new SpecDiagnostic(DiagnosticSeverity.Warning, path.ToString(), "unknown field (ignored)"));
                }
            }
        }
    }

    private static bool IsOpaque(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object);

    private static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType &&
                (candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>)) &&
                candidate.GetGenericArguments()[0] == typeof(string))
            {
                return candidate.GetGenericArguments()[1];
            }
        }

        return null;
    }

    private static Type? ListItemType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<string, Type> MembersOf(Type type)
    {
        var result = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                       ?? SpecJson.Options.PropertyNamingPolicy!.ConvertName(property.Name);
            result[name] = property.PropertyType;
        }

        return result;
    }
}
