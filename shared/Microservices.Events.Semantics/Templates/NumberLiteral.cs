using System.Globalization;

namespace Microservices.Events.Semantics.Templates;

/// <summary>The value of a number constant in a template.</summary>
internal static class NumberLiteral
{
    /// <summary>Go's constant rules: integers with 0x/0o/0b/0 prefixes, otherwise a float when it has a point or exponent.</summary>
    public static object? Parse(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var body = clean.TrimStart('+', '-');
        var isHex = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!isHex && body.IndexOfAny(['.', 'e', 'E']) >= 0)
        {
            return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        }

        if (GoCast.TryParseBase0(body, out var magnitude))
        {
            return negative ? -magnitude : magnitude;
        }

        return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var big) ? big : null;
    }
}
