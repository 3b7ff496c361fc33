using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// Values printed as Go prints them: <see cref="Value"/> is <c>fmt</c>'s <c>%v</c> (govaluate's string
/// concatenation, expr's <c>string()</c>), <see cref="Json"/> is <c>encoding/json</c> (Argo's <c>toJson</c>).
/// </summary>
public static class GoFormat
{
    /// <summary><c>%v</c>: floats in shortest <c>%g</c> (exponent below 1e-4 and from 1e+06), <c>&lt;nil&gt;</c>, <c>[a b]</c>, <c>map[k:v]</c> with sorted keys.</summary>
    public static string Value(object? value) => value switch
    {
        null => "<nil>",
        string s => s,
        bool b => b ? "true" : "false",
        double d => Float(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        IReadOnlyList<object?> list => $"[{string.Join(" ", list.Select(Value))}]",
        IReadOnlyDictionary<string, object?> map => $"map[{string.Join(" ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Value(kv.Value)}"))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>strconv.FormatFloat(d, 'g', -1, 64).</summary>
    public static string Float(double d) => GoFloat.FormatShortest(d);

    /// <summary>Go's JSON text: object keys sorted, <c>&lt; &gt; &amp;</c> escaped, floats fixed between 1e-6 and 1e21.</summary>
    /// <exception cref="ExpressionEvaluationException">NaN or an infinity, which JSON cannot hold.</exception>
    public static string Json(object? value)
    {
        var text = new StringBuilder();
        WriteJson(text, value);
        return text.ToString();
    }

    private static void WriteJson(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case string s:
                WriteJsonString(text, s);
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(JsonNumber(d));
                break;
            case IReadOnlyList<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    WriteJson(text, list[i]);
                }

                text.Append(']');
                break;
            case IReadOnlyDictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteJsonString(text, key);
                    text.Append(':');
                    WriteJson(text, item);
                }

                text.Append('}');
                break;
            default:
                throw new ExpressionEvaluationException($"cannot encode a {value.GetType().Name} as JSON");
        }
    }

    private static string JsonNumber(double d) =>
        double.IsNaN(d) || double.IsInfinity(d) ? throw new ExpressionEvaluationException($"json: unsupported value: {Float(d)}") : GoFloat.FormatJson(d);

    private static void WriteJsonString(StringBuilder text, string s)
    {
        const string hex = "0123456789abcdef";
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(hex[c >> 12]).Append(hex[(c >> 8) & 0xF]).Append(hex[(c >> 4) & 0xF]).Append(hex[c & 0xF]);
                    break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
