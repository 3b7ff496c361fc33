using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// Reads a value at a gjson-style path: dot-separated keys, <c>\</c> escapes, array indexes as keys
/// and <c>#</c> for an array's length. (Queries, multipaths and wildcards come with full filter parity.)
/// </summary>
public static class JsonPath
{
    public static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        foreach (var key in Split(path))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.TryGetProperty(key, out var child):
                    value = child;
                    break;
                case JsonValueKind.Array when key == "#":
                    value = JsonSerializer.SerializeToElement(value.GetArrayLength());
                    break;
                case JsonValueKind.Array when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength():
                    value = value[index];
                    break;
                default:
                    value = default;
                    return false;
            }
        }

        return true;
    }

    /// <summary>Splits on unescaped dots; <c>\.</c> is a literal dot inside a key.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        var keys = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length)
            {
                current.Append(path[++i]);
            }
            else if (c == '.')
            {
                keys.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        keys.Add(current.ToString());
        return keys;
    }

    /// <summary>gjson's string form: strings unquoted, everything else as its JSON text, null as empty.</summary>
    public static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>gjson's number form: numeric strings parse, true is 1, anything else 0.</summary>
    public static double ToNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        JsonValueKind.True => 1,
        _ => 0,
    };

    /// <summary>gjson's truthiness: true, a string Go parses as true, or a non-zero number.</summary>
    public static bool ToBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => GoBool.TryParse(value.GetString(), out var b) && b,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => false,
    };
}
