using System.Globalization;

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
    public static string Value(object? value, Func<object, string>? other = null) => value switch
    {
        null => "<nil>",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat.FormatShortest(d),
        IReadOnlyList<object?> list => $"[{string.Join(' ', list.Select(item => Value(item, other)))}]",
        IReadOnlyDictionary<string, object?> map =>
            $"map[{string.Join(' ', map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Value(kv.Value, other)}"))}]",
        _ when other is not null => other(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
