using System.Globalization;
using System.Text.Json.Nodes;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// Writes a value at an sjson-style path: dot-separated keys (<c>\.</c> escapes a dot), numeric keys index
/// arrays, <c>-1</c> appends to an array; missing objects are created on the way.
/// </summary>
public static class JsonSet
{
    /// <summary>Returns the document with <paramref name="value"/> at <paramref name="path"/>; an empty path replaces the document.</summary>
    public static JsonNode? Set(JsonNode? document, string path, JsonNode? value)
    {
        if (string.IsNullOrEmpty(path))
        {
            return value;
        }

        var keys = JsonPath.Split(path);
        document ??= IsIndex(keys[0]) ? new JsonArray() : new JsonObject();
        var current = document;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var last = i == keys.Count - 1;
            JsonNode? Next() => last ? value : (IsIndex(keys[i + 1]) ? new JsonArray() : new JsonObject());

            switch (current)
            {
                case JsonArray array when key == "-1":
                {
                    var node = Next();
                    array.Add(node);
                    current = node!;
                    break;
                }

                case JsonArray array when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index):
                {
                    while (array.Count <= index)
                    {
                        array.Add(null);
                    }

                    if (last || array[index] is null || array[index] is JsonValue)
                    {
                        array[index] = Next();
                    }

                    current = array[index]!;
                    break;
                }

                case JsonObject obj:
                {
                    if (last || obj[key] is null || obj[key] is JsonValue)
                    {
                        obj[key] = Next();
                    }

                    current = obj[key]!;
                    break;
                }

                default:
                    throw new InvalidOperationException($"cannot set \"{path}\": \"{key}\" is not inside an object or array");
            }

            if (last)
            {
                break;
            }
        }

        return document;
    }

    /// <summary>Reads the node at <paramref name="path"/>, or null.</summary>
    public static JsonNode? Get(JsonNode? document, string path)
    {
        var current = document;
        foreach (var key in JsonPath.Split(path))
        {
            current = current switch
            {
                JsonObject obj => obj[key],
                JsonArray array when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static bool IsIndex(string key) => key == "-1" || (key.Length > 0 && key.All(char.IsAsciiDigit));
}
