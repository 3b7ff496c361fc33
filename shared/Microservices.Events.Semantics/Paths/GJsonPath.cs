using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// Evaluates a gjson path. Components are separated by <c>.</c>; <c>|</c> pipes the result so far into the rest
/// of the path. Per component: a key (with <c>\</c> escapes and <c>*</c>/<c>?</c> wildcards, first match in
/// document order), an array index, <c>#</c> (length), <c>#.rest</c> (rest of the path per element, collected),
/// <c>#(query)</c> / <c>#(query)#</c>, a multipath <c>[...]</c> / <c>{...}</c>, or <c>@this</c>.
/// Computed values (lengths, collections, multipaths) are new elements.
/// </summary>
public static class GJsonPath
{
    /// <summary>The value at <paramref name="path"/>, or null when it does not exist.</summary>
    public static JsonElement? Get(JsonElement value, string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (SplitPipe(path) is var (left, right))
        {
            return Get(value, left) is { } piped ? Get(piped, right) : null;
        }

        if (path.StartsWith("@this", StringComparison.Ordinal) && (path.Length == 5 || path[5] is '.' or '|'))
        {
            return path.Length == 5 ? value : Get(value, path[6..]);
        }

        if (path[0] is '[' or '{'
            && GJsonMultipath.TryParse(path, out var selectors, out var after)
            && (after.Length == 0 || after[0] is '.' or '|'))
        {
            var built = GJsonMultipath.Build(value, path[0], selectors);
            return after.Length == 0 ? built : Get(built, after[1..]);
        }

        if (path[0] == '#' && value.ValueKind == JsonValueKind.Array)
        {
            return GetFromArray(value, path);
        }

        var (key, rest) = ReadKey(path);
        if (FindChild(value, key) is not { } child)
        {
            return null;
        }

        return rest is null ? child : Get(child, rest);
    }

    private static JsonElement? GetFromArray(JsonElement array, string path)
    {
        if (path == "#")
        {
            return JsonSerializer.SerializeToElement(array.GetArrayLength());
        }

        if (path.StartsWith("#.", StringComparison.Ordinal))
        {
            return Collect(array.EnumerateArray(), path[2..]);
        }

        if (!GJsonQuery.TryParse(path, out var query, out var length))
        {
            return null;
        }

        string? rest = null;
        if (length < path.Length)
        {
            if (path[length] != '.')
            {
                return null;
            }

            rest = path[(length + 1)..];
        }

        var matches = array.EnumerateArray().Where(query.Matches);
        if (query.All)
        {
            return Collect(matches, rest);
        }

        foreach (var match in matches)
        {
            return rest is null ? match : Get(match, rest);
        }

        return null;
    }

    /// <summary>A new array of each element's value at <paramref name="path"/> (the element itself when null); missing values are left out.</summary>
    private static JsonElement Collect(IEnumerable<JsonElement> elements, string? path)
    {
        var json = new StringBuilder("[");
        var count = 0;
        foreach (var element in elements)
        {
            if ((path is null ? element : Get(element, path)) is not { } item)
            {
                continue;
            }

            if (count++ > 0)
            {
                json.Append(',');
            }

            json.Append(item.GetRawText());
        }

        return JsonSerializer.Deserialize<JsonElement>(json.Append(']').ToString());
    }

    private static JsonElement? FindChild(JsonElement value, string key)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var wild = WildcardPattern.HasWildcards(key);
                var name = wild ? key : WildcardPattern.Unescape(key);
                foreach (var property in value.EnumerateObject())
                {
                    if (wild ? WildcardPattern.IsMatch(property.Name, key) : property.NameEquals(name))
                    {
                        return property.Value;
                    }
                }

                return null;
            }

            case JsonValueKind.Array when key.Length > 0 && key.All(char.IsAsciiDigit):
                return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength()
                    ? value[index]
                    : null;

            default:
                return null;
        }
    }

    /// <summary>The first component (escapes kept, for wildcard matching) and the rest after an unescaped dot, if any.</summary>
    private static (string Key, string? Remainder) ReadKey(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\')
            {
                i++;
            }
            else if (path[i] == '.')
            {
                return (path[..i], path[(i + 1)..]);
            }
        }

        return (path, null);
    }

    /// <summary>Splits at the first top-level <c>|</c>: not escaped, not inside a query, multipath or quoted string.</summary>
    private static (string Left, string Right)? SplitPipe(string path)
    {
        var depth = 0;
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '\\':
                    i++;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '"' when depth > 0:
                    for (i++; i < path.Length && path[i] != '"'; i++)
                    {
                        if (path[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '|' when depth == 0:
                    return (path[..i], path[(i + 1)..]);
            }
        }

        return null;
    }
}
