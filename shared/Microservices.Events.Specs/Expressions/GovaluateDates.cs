using System.Globalization;
using System.Text.RegularExpressions;

namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// govaluate reads a string literal that looks like a date or time as that instant in Unix seconds (a number).
/// The layouts are Go's ANSIC, RubyDate, Kitchen, RFC 3339 (with fractions) and the ISO 8601 / RFC 3339 date,
/// minute and second forms; a literal without an offset is read as UTC.
/// </summary>
public static partial class GovaluateDates
{
    private const long YearZeroUnixSeconds = -62167219200;

    private static readonly string[] Layouts =
    [
        "ddd MMM d HH:mm:ss yyyy",
        "ddd MMM dd HH:mm:ss zzz yyyy",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd'T'HHK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    public static bool TryParse(string text, out double unixSeconds)
    {
        unixSeconds = 0;
        if (text.Length < 6 || text.Length > 64)
        {
            return false;
        }

        if (KitchenLayout().Match(text) is { Success: true } kitchen)
        {
            var hour = int.Parse(kitchen.Groups[1].Value, CultureInfo.InvariantCulture) % 12 + (kitchen.Groups[3].Value == "PM" ? 12 : 0);
            unixSeconds = YearZeroUnixSeconds + (hour * 3600) + (int.Parse(kitchen.Groups[2].Value, CultureInfo.InvariantCulture) * 60);
            return true;
        }

        var normalized = TrimFraction(CompactOffset().Replace(text, "$1:$2"));
        if (DateTimeOffset.TryParseExact(normalized, Layouts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var instant))
        {
            unixSeconds = instant.ToUnixTimeSeconds();
            return true;
        }

        return false;
    }

    /// <summary>Go accepts nine fraction digits, .NET seven; whole seconds are all that count.</summary>
    private static string TrimFraction(string text)
    {
        var match = LongFraction().Match(text);
        return match.Success ? text.Remove(match.Groups[1].Index + 7, match.Groups[1].Length - 7) : text;
    }

    [GeneratedRegex(@"^([1-9]|1[0-2]):([0-5][0-9])(AM|PM)$")]
    private static partial Regex KitchenLayout();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();

    [GeneratedRegex(@"\.(\d{8,9})")]
    private static partial Regex LongFraction();
}
