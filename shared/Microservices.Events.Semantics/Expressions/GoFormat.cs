using System.Globalization;
using System.Text;

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
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        var (digits, point) = ShortestDigits(Math.Abs(d));
        var sign = double.IsNegative(d) ? "-" : "";
        var exponent = point - 1;
        return sign + (exponent < -4 || exponent >= 6 ? Scientific(digits, exponent) : Fixed(digits, point));
    }

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

    private static string JsonNumber(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new ExpressionEvaluationException($"json: unsupported value: {Float(d)}");
        }

        var abs = Math.Abs(d);
        var (digits, point) = ShortestDigits(abs);
        var sign = double.IsNegative(d) ? "-" : "";
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = Scientific(digits, point - 1);
            var n = e.Length;
            return sign + (n >= 4 && e[n - 4] == 'e' && e[n - 3] == '-' && e[n - 2] == '0' ? e.Remove(n - 2, 1) : e);
        }

        return sign + Fixed(digits, point);
    }

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

    /// <summary>The shortest round-trip digits of a non-negative value and the position of the decimal point (value = 0.digits × 10^point).</summary>
    private static (string Digits, int Point) ShortestDigits(double abs)
    {
        if (abs == 0)
        {
            return ("0", 1);
        }

        var r = abs.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var point = dot < 0 ? r.Length : dot;
        var digits = r.Replace(".", "", StringComparison.Ordinal);
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leading..].TrimEnd('0');
        return (digits, point - leading + exponent);
    }

    private static string Scientific(string digits, int exponent)
    {
        var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
        var sign = exponent < 0 ? '-' : '+';
        return $"{mantissa}e{sign}{Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)}";
    }

    private static string Fixed(string digits, int point)
    {
        if (point <= 0)
        {
            return $"0.{new string('0', -point)}{digits}";
        }

        return point >= digits.Length ? digits + new string('0', point - digits.Length) : $"{digits[..point]}.{digits[point..]}";
    }
}
