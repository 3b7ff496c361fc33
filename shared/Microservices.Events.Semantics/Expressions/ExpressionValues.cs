using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// The values expressions work on: null, <see cref="bool"/>, <see cref="string"/>, <see cref="double"/> (every govaluate
/// number, and JSON numbers in expr), <see cref="long"/> (expr integers), lists and string-keyed maps. JSON input is
/// decoded the way Go decodes it into <c>interface{}</c>.
/// </summary>
public static class ExpressionValues
{
    /// <summary>A JSON value as Go's decoder gives it: numbers as float64, objects as maps, arrays as lists.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => ObjectFromJson(element),
        _ => null,
    };

    /// <summary>Brings a caller's value into the model: ints become double (govaluate) or long (expr), JSON is decoded.</summary>
    /// <exception cref="ExpressionEvaluationException">A value of a type expressions cannot hold.</exception>
    public static object? Normalize(object? value, ExpressionDialect dialect) => value switch
    {
        null or bool or string or double or Regex => value,
        long l => dialect == ExpressionDialect.Govaluate ? (double)l : l,
        int or short or sbyte or byte or ushort or uint => dialect == ExpressionDialect.Govaluate
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or decimal or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        JsonElement element => FromJson(element),
        JsonNode node => FromJson(JsonSerializer.SerializeToElement(node)),
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value, dialect), StringComparer.Ordinal),
        IEnumerable items and not string => items.Cast<object?>().Select(v => Normalize(v, dialect)).ToList(),
        _ => throw new ExpressionEvaluationException($"a value of type {value.GetType().Name} cannot be used in an expression"),
    };

    public static bool IsNumber(object? value) => value is double or long;

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        _ => throw new InvalidCastException($"{TypeName(value)} is not a number"),
    };

    /// <summary>Deep equality; a long and a double are equal when their values are.</summary>
    public static bool AreEqual(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long a, long b) => a == b,
        (double or long, double or long) => ToDouble(left) == ToDouble(right),
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (bool a, bool b) => a == b,
        (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Count == b.Count && a.Zip(b).All(p => AreEqual(p.First, p.Second)),
        (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b) =>
            a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && AreEqual(kv.Value, other)),
        _ => false,
    };

    /// <summary>Go's string order: by UTF-8 bytes, which is the order of code points.</summary>
    public static int CompareStrings(string left, string right)
    {
        var a = left.EnumerateRunes().GetEnumerator();
        var b = right.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA ? 1 : hasB ? -1 : 0;
            }

            var order = a.Current.Value.CompareTo(b.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    /// <summary>The value's type in messages: number, string, bool, null, array, object.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "bool",
        string => "string",
        double or long => "number",
        IReadOnlyList<object?> => "array",
        IReadOnlyDictionary<string, object?> => "object",
        Regex => "pattern",
        _ => value.GetType().Name,
    };

    /// <summary>The value's type and text in messages, e.g. <c>string "x"</c> or <c>number 2</c>.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{s}\"",
        Regex r => $"pattern /{r}/",
        _ => $"{TypeName(value)} {GoFormat.Value(value)}",
    };

    private static Dictionary<string, object?> ObjectFromJson(JsonElement element)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = FromJson(property.Value);
        }

        return map;
    }
}
