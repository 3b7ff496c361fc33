using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Templates;

/// <summary>Go's "no value" (an invalid reflect.Value): a missing map key; printed as <c>&lt;no value&gt;</c>.</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    private NoValue()
    {
    }

    public override string ToString() => "<no value>";
}

/// <summary>
/// Template values modelled on what Go's encoding/json and sprig produce: <c>null</c> (nil), string, bool,
/// <see cref="long"/> (int), <see cref="double"/> (float64), <see cref="List{T}"/> of object ([]interface{}),
/// <see cref="SortedDictionary{TKey,TValue}"/> with ordinal keys (map[string]interface{}, iterated in key order as Go
/// does) and <see cref="DateTimeOffset"/> (time.Time).
/// </summary>
internal static class GoValues
{
    public static SortedDictionary<string, object?> NewMap() => new(StringComparer.Ordinal);

    /// <summary>A JSON document as Go's json.Unmarshal into interface{} sees it: every number is a float64.</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.Aggregate(NewMap(), (map, p) =>
        {
            map[p.Key] = FromJson(p.Value);
            return map;
        }),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(NewMap(), (map, p) =>
        {
            map[p.Name] = FromJson(p.Value);
            return map;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        // Beyond a double's range, the JSON reader refuses; parsing the text gives ±Infinity instead.
        JsonValueKind.Number => element.TryGetDouble(out var number) ? number : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>
    /// json.Marshal of a template value (sprig's <c>toJson</c>, or <c>toRawJson</c> without <paramref name="escapeHtml"/>):
    /// times as RFC 3339, "no value" as null; null when Go would fail (NaN or infinite numbers).
    /// </summary>
    public static string? ToJson(object? value, bool escapeHtml)
    {
        try
        {
            return GoJson.Encode(value, escapeHtml, JsonText);
        }
        catch (GoJsonException)
        {
            return null;
        }
    }

    /// <summary>json.Unmarshal into interface{}: the template value, or null when the text is not JSON.</summary>
    public static object? ParseJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Go's type name, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null or NoValue => "<nil>",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        List<object?> => "[]interface {}",
        SortedDictionary<string, object?> => "map[string]interface {}",
        DateTimeOffset => "time.Time",
        _ => value.GetType().Name,
    };

    /// <summary>Go template truth: false for nil, false, zero, and empty strings, lists and maps.</summary>
    public static bool Truth(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> list => list.Count > 0,
        SortedDictionary<string, object?> map => map.Count > 0,
        _ => true,
    };

    /// <summary>Go's <c>%v</c>: "no value" as <c>&lt;no value&gt;</c>, times as time.Time's String.</summary>
    public static string Format(object? value) => GoPrint.Value(value, Text);

    private static string? JsonText(object value) => value switch
    {
        NoValue => null,
        DateTimeOffset time => GoTime.Format(time, "2006-01-02T15:04:05.999999999Z07:00"),
        _ => value.ToString() ?? "",
    };

    private static string Text(object value) =>
        value is DateTimeOffset time ? GoTime.Format(time, "2006-01-02 15:04:05.999999999 -0700 MST") : value.ToString() ?? "";
}
