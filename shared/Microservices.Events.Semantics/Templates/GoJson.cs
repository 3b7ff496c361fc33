using System.Globalization;
using System.Text;
using System.Text.Json;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Go's encoding/json for template values: map keys sorted, floats in Go's notation, time as RFC 3339, and with
/// <c>escapeHtml</c> (json.Marshal, sprig <c>toJson</c>) <c>&lt; &gt; &amp;</c> written as <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c>.
/// </summary>
internal static class GoJson
{
    /// <summary>The JSON text, or null when Go would fail (NaN or infinite numbers).</summary>
    public static string? Encode(object? value, bool escapeHtml)
    {
        var sb = new StringBuilder();
        return Append(sb, value, escapeHtml) ? sb.ToString() : null;
    }

    /// <summary>json.Unmarshal into interface{}: the template value, or null when the text is not JSON.</summary>
    public static object? Decode(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return GoValues.FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Append(StringBuilder sb, object? value, bool escapeHtml)
    {
        switch (value)
        {
            case null or NoValue:
                sb.Append("null");
                return true;
            case string s:
                AppendString(sb, s, escapeHtml);
                return true;
            case bool b:
                sb.Append(b ? "true" : "false");
                return true;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                return true;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    return false;
                }

                sb.Append(GoFloat.FormatJson(d));
                return true;
            case DateTimeOffset t:
                AppendString(sb, GoTime.Format(t, "2006-01-02T15:04:05.999999999Z07:00"), escapeHtml);
                return true;
            case List<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    if (!Append(sb, list[i], escapeHtml))
                    {
                        return false;
                    }
                }

                sb.Append(']');
                return true;
            case SortedDictionary<string, object?> map:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendString(sb, key, escapeHtml);
                    sb.Append(':');
                    if (!Append(sb, item, escapeHtml))
                    {
                        return false;
                    }
                }

                sb.Append('}');
                return true;
            default:
                AppendString(sb, value.ToString() ?? "", escapeHtml);
                return true;
        }
    }

    private static void AppendString(StringBuilder sb, string text, bool escapeHtml)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                case '\r':
                    sb.Append(@"\r");
                    break;
                case '\t':
                    sb.Append(@"\t");
                    break;
                case '\b':
                    sb.Append(@"\b");
                    break;
                case '\f':
                    sb.Append(@"\f");
                    break;
                case < ' ' or '\u2028' or '\u2029':
                case '<' or '>' or '&' when escapeHtml:
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}
