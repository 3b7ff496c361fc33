using System.Text.Json.Nodes;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Reads a null field as an absent one, as Kubernetes and Go's decoders do (<c>spec:</c> with nothing after it is
/// null in YAML), so a null never reaches the model in place of its default. A null item of a list has no such
/// reading: it is removed and reported at its path.
/// </summary>
public static class NullValues
{
    public static void Strip(JsonNode? node, string path, List<SpecDiagnostic> diagnostics) => Strip(node, new JsonPathTrail(path), diagnostics);

    private static void Strip(JsonNode? node, JsonPathTrail path, List<SpecDiagnostic> diagnostics)
    {
        switch (node)
        {
            case JsonObject obj:
                List<string>? nulls = null;
                foreach (var (name, value) in obj)
                {
                    if (value is null)
                    {
                        (nulls ??= []).Add(name);
                    }
                }

                nulls?.ForEach(name => obj.Remove(name));
                foreach (var (name, value) in obj)
                {
                    using (path.Enter(name))
                    {
                        Strip(value, path, diagnostics);
                    }
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null)
                    {
                        using (path.Enter(i))
                        {
                            diagnostics.Add(new(DiagnosticSeverity.Error, path.ToString(), "a list item must not be null"));
                        }

                        array.RemoveAt(i);
                    }
                }

                for (var i = 0; i < array.Count; i++)
                {
                    using (path.Enter(i))
                    {
                        Strip(array[i], path, diagnostics);
                    }
                }

                break;
        }
    }
}
