using System.Globalization;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// The conversions sprig relies on: spf13/cast's <c>ToInt64</c>/<c>ToFloat64</c> (bad input is 0), <c>strval</c>
/// (a value's text) and <c>strslice</c> (a list's texts, nils left out).
/// </summary>
internal static class GoCast
{
    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        double d when double.IsNaN(d) => 0,
        double d => d is >= 9.2e18 or <= -9.2e18 ? long.MinValue : (long)d,
        bool b => b ? 1 : 0,
        string s => ParseInt(TrimZeroDecimal(s)) ?? 0,
        _ => 0,
    };

    public static double ToFloat64(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0,
    };

    /// <summary>sprig's strval: strings as they are, anything else as Go's <c>%v</c>.</summary>
    public static string StrVal(object? value) => value as string ?? GoValues.Format(value is NoValue ? null : value);

    /// <summary>sprig's strslice: a list's items as text (nils left out), nil as empty, anything else as one item.</summary>
    public static List<string> StrSlice(object? value) => value switch
    {
        List<object?> list => list.Where(item => item is not null).Select(StrVal).ToList(),
        null or NoValue => [],
        _ => [StrVal(value)],
    };

    /// <summary>strconv.ParseInt(s, 0, 64): an optional sign, then 0x/0o/0b prefixes or a leading 0 for octal.</summary>
    public static long? ParseInt(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (!TryParseBase0(body, out var magnitude))
        {
            return null;
        }

        return negative ? -magnitude : magnitude;
    }

    /// <summary>An unsigned integer in Go's base-0 syntax (underscores allowed between digits).</summary>
    public static bool TryParseBase0(string text, out long value)
    {
        value = 0;
        text = text.Replace("_", "", StringComparison.Ordinal);
        var (digits, radix) = text.Length > 1 && text[0] == '0' ? char.ToLowerInvariant(text[1]) switch
        {
            'x' => (text[2..], 16),
            'o' => (text[2..], 8),
            'b' => (text[2..], 2),
            _ => (text[1..], 8),
        } : (text, 10);

        if (digits.Length == 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : radix;
            if (d >= radix || value > (long.MaxValue - d) / radix)
            {
                return false;
            }

            value = (value * radix) + d;
        }

        return true;
    }

    /// <summary>cast's trimZeroDecimal: <c>"8.0"</c> and <c>"8.00"</c> read as <c>"8"</c>.</summary>
    private static string TrimZeroDecimal(string text)
    {
        var dot = text.IndexOf('.');
        return dot > 0 && dot < text.Length - 1 && text[(dot + 1)..].All(c => c == '0') ? text[..dot] : text;
    }
}
