using System.Text;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// gjson multipaths: <c>[a,b.c]</c> builds an array and <c>{a,b.c}</c> an object of the paths that exist (missing
/// ones are left out). Object keys are the last path component, or <c>"name":path</c>; a component that is not a
/// plain name becomes <c>_</c>.
/// </summary>
internal static class GJsonMultipath
{
    public sealed record Selector(string Name, string Path);

    /// <summary>Reads the selector list opening <paramref name="path"/>; <paramref name="rest"/> is what follows its closing bracket.</summary>
    public static bool TryParse(string path, out IReadOnlyList<Selector> selectors, out string rest)
    {
        var list = new List<Selector>();
        selectors = list;
        rest = "";
        var depth = 1;
        var start = 1;
        var colon = -1;
        for (var i = 1; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '\\':
                    i++;
                    break;
                case ':' when depth == 1 && colon < 0 && !StartsModifier(path, start, i):
                    colon = i;
                    break;
                case ',' when depth == 1:
                    Push(i);
                    break;
                case '"':
                    for (i++; i < path.Length && path[i] != '"'; i++)
                    {
                        if (path[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '[' or '(' or '{':
                    depth++;
                    break;
                case ']' or ')' or '}':
                    if (--depth == 0)
                    {
                        Push(i);
                        rest = path[(i + 1)..];
                        return true;
                    }

                    break;
            }
        }

        return false;

        void Push(int end)
        {
            list.Add(colon < 0 ? new Selector("", path[start..end]) : new Selector(path[start..colon], path[(colon + 1)..end]));
            colon = -1;
            start = end + 1;
        }
    }

    /// <summary>Evaluates each selector against <paramref name="value"/> and builds the array (<c>[</c>) or object (<c>{</c>).</summary>
    public static JsonElement Build(JsonElement value, char kind, IReadOnlyList<Selector> selectors)
    {
        var json = new StringBuilder().Append(kind);
        var count = 0;
        foreach (var selector in selectors)
        {
            if (GJsonPath.Get(value, selector.Path) is not { } result)
            {
                continue;
            }

            if (count++ > 0)
            {
                json.Append(',');
            }

            if (kind == '{')
            {
                json.Append(KeyOf(selector)).Append(':');
            }

            json.Append(result.GetRawText());
        }

        json.Append(kind == '[' ? ']' : '}');
        return JsonSerializer.Deserialize<JsonElement>(json.ToString());
    }

    private static string KeyOf(Selector selector)
    {
        if (selector.Name.Length > 0)
        {
            return selector.Name[0] == '"' && IsJsonString(selector.Name) ? selector.Name : Quote(selector.Name);
        }

        var last = LastComponent(selector.Path);
        return Quote(IsSimpleName(last) ? last : "_");
    }

    private static string LastComponent(string path)
    {
        for (var i = path.Length - 1; i >= 0; i--)
        {
            if (path[i] is '|' or '.' && (i == 0 || path[i - 1] != '\\'))
            {
                return path[(i + 1)..];
            }
        }

        return path;
    }

    private static bool IsSimpleName(string name) =>
        name.All(c => c >= ' ' && c is not ('[' or ']' or '{' or '}' or '(' or ')' or '#' or '|' or '!'));

    private static bool StartsModifier(string path, int start, int colon) =>
        path.AsSpan(start, colon - start).Contains('@');

    private static bool IsJsonString(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(text) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, JsonText.Options);
}
