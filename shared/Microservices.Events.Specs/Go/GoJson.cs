using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Go;

/// <summary>
/// Go's encoding/json output (json.Marshal): null, bool, string, int (<see cref="long"/>), float64 (<see cref="double"/>,
/// as <see cref="GoFloat.FormatJson"/>), lists as arrays and string-keyed maps as objects with their keys in ordinal
/// order. With <c>escapeHtml</c> (json.Marshal, sprig's <c>toJson</c>) <c>&lt; &gt; &amp;</c> are written
/// <c>\u003c \u003e \u0026</c>; control characters, U+2028 and U+2029 are always escaped.
/// </summary>
public static class GoJson
{
    /// <param name="value">The value to encode.</param>
    /// <param name="escapeHtml">Whether <c>&lt; &gt; &amp;</c> are escaped.</param>
    /// <param name="other">
    /// The string a value of any other type encodes as, or null for JSON <c>null</c>; it may throw for a value the
    /// caller cannot encode.
    /// </param>
    /// <exception cref="GoJsonException">A NaN or infinite number, which JSON cannot hold.</exception>
    public static string Encode(object? value, bool escapeHtml, Func<object, string?> other)
    {
        var text = new StringBuilder();
        Append(text, value, escapeHtml, other);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value, bool escapeHtml, Func<object, string?> other)
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
                AppendString(text, s, escapeHtml);
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new GoJsonException($"json: unsupported value: {GoFloat.FormatShortest(d)}");
                }

                text.Append(GoFloat.FormatJson(d));
                break;
            case IReadOnlyList<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Append(text, list[i], escapeHtml, other);
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
                    AppendString(text, key, escapeHtml);
                    text.Append(':');
                    Append(text, item, escapeHtml, other);
                }

                text.Append('}');
                break;
            default:
                Append(text, other(value), escapeHtml, other);
                break;
        }
    }

    private static void AppendString(StringBuilder text, string value, bool escapeHtml)
    {
        text.Append('"');
        foreach (var c in value)
        {
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                '\b' => @"\b",
                '\f' => @"\f",
                < ' ' or '\u2028' or '\u2029' => Unicode(c),
                '<' or '>' or '&' when escapeHtml => Unicode(c),
                _ => null,
            };

            if (escape is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(escape);
            }
        }

        text.Append('"');
    }

    private static string Unicode(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
