using System.Text.Json.Nodes;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Reads a null field as an absent one, as Kubernetes and Go's decoders do (<c>spec:</c> with nothing after it is
/// null in YAML), so a null never reaches the model in place of its default. A null item of a list has no such
/// reading: it is removed and reported at its path.
/// </summary>
public static class NullValues
{
    public static void Strip(JsonNode? node, string path, List<SpecDiagnostic> diagnostics)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (name, value) in obj)
                {
                    Strip(value, path.Length == 0 ? name : $"{path}.{name}", diagnostics);
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null)
                    {
                        diagnostics.Add(new(DiagnosticSeverity.Error, $"{path}[{i}]", "a list item must not be null"));
                        array.RemoveAt(i);
                    }
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Strip(array[i], $"{path}[{i}]", diagnostics);
                }

                break;
        }
    }
}
