using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// Reads a value at a gjson path (see <see cref="GJsonPath"/>: keys with <c>\</c> escapes and wildcards, array
/// indexes, <c>#</c>, <c>#.key</c>, queries, multipaths, pipes) and reads results the way gjson does.
/// </summary>
public static class JsonPath
{
    public static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        if (!string.IsNullOrEmpty(path) && GJsonPath.Get(root, path) is { } found)
        {
            value = found;
            return true;
        }

        value = default;
        return false;
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
