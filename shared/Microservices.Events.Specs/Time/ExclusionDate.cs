using System.Globalization;

namespace Microservices.Events.Specs.Time;

/// <summary>A calendar exclusion date: <c>YYYY-MM-DD</c> or iCalendar style <c>EXDATE:20190102T150405Z</c>; only the date counts.</summary>
public static class ExclusionDate
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ssK"];

    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value.StartsWith("EXDATE:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["EXDATE:".Length..];
        }

        if (DateTime.TryParseExact(value, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
            return true;
        }

        return false;
    }
}
