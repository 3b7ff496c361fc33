using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Go;

/// <summary>
/// Go's <c>%v</c> (fmt.Sprint of one operand): <c>&lt;nil&gt;</c>, <c>true</c>, ints, floats as
/// <see cref="GoFloat.FormatShortest"/>, lists as <c>[a b]</c> and string-keyed maps as <c>map[k:v]</c> with their keys
/// in ordinal order.
/// </summary>
public static class GoPrint
{
    /// <param name="value">The value to print.</param>
    /// <param name="other">The text of a value of any other type; without it, its invariant-culture string.</param>
    public static string Value(object? value, Func<object, string>? other = null)
    {
        if (value is not (IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>))
        {
            return Scalar(value, other);
        }

        var text = new StringBuilder();
        Append(text, value, other);
        return text.ToString();
    }

    private static string Scalar(object? value, Func<object, string>? other) => value switch
    {
        null => "<nil>",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat.FormatShortest(d),
        _ when other is not null => other(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static void Append(StringBuilder text, object? value, Func<object, string>? other)
    {
        switch (value)
        {
            case IReadOnlyList<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    Append(text, list[i], other);
                }

                text.Append(']');
                break;
            case IReadOnlyDictionary<string, object?> map:
                text.Append("map[");
                var first = true;
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(' ');
                    }

                    first = false;
                    text.Append(key).Append(':');
                    Append(text, item, other);
                }

                text.Append(']');
                break;
            default:
                text.Append(Scalar(value, other));
                break;
        }
    }
}
