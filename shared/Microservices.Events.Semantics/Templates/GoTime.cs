using System.Globalization;
using System.Text;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Go's time.Format with a reference-time layout (<c>Mon Jan 2 15:04:05 MST 2006</c>): <c>2006 06 01 1 Jan January
/// 02 2 _2 002 Mon Monday 15 03 3 04 4 05 5 PM pm MST -0700 -07:00 -07 Z0700 Z07:00 Z07</c> and fractional seconds
/// <c>.000</c> (fixed) or <c>.999</c> (trailing zeros dropped). Zone abbreviations other than UTC print as <c>+hh</c>/<c>+hhmm</c>.
/// </summary>
internal static class GoTime
{
    private static readonly string[] Chunks =
    [
        "January", "Jan", "Monday", "Mon", "MST", "2006", "002", "__2", "_2", "01", "02", "03", "04", "05", "06",
        "15", "1", "2", "3", "4", "5", "PM", "pm",
        "-07:00:00", "-070000", "-07:00", "-0700", "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07",
    ];

    public static string Format(DateTimeOffset time, string layout)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < layout.Length;)
        {
            if (Fraction(layout, i) is { } fraction)
            {
                AppendFraction(sb, time, layout[i], fraction.Digit, fraction.Length - 1);
                i += fraction.Length;
                continue;
            }

            var chunk = Chunks.FirstOrDefault(c => string.CompareOrdinal(layout, i, c, 0, c.Length) == 0 && !IsLiteral(layout, i, c));
            if (chunk is null)
            {
                sb.Append(layout[i++]);
                continue;
            }

            sb.Append(Render(time, chunk));
            i += chunk.Length;
        }

        return sb.ToString();
    }

    /// <summary>Go reads <c>_2006</c> as a literal underscore and a year, and <c>Jan</c>/<c>Mon</c> before a lowercase letter as text.</summary>
    private static bool IsLiteral(string layout, int i, string chunk) => chunk switch
    {
        "_2" => string.CompareOrdinal(layout, i + 1, "2006", 0, 4) == 0,
        "Jan" or "Mon" => i + 3 < layout.Length && char.IsLower(layout[i + 3]),
        _ => false,
    };

    /// <summary>A fractional-seconds chunk: <c>.</c> or <c>,</c>, then a run of 0s or 9s not followed by a digit.</summary>
    private static (char Digit, int Length)? Fraction(string layout, int i)
    {
        if (layout[i] is not ('.' or ',') || i + 1 >= layout.Length || layout[i + 1] is not ('0' or '9'))
        {
            return null;
        }

        var digit = layout[i + 1];
        var j = i + 1;
        while (j < layout.Length && layout[j] == digit)
        {
            j++;
        }

        return j < layout.Length && char.IsAsciiDigit(layout[j]) ? null : (digit, j - i);
    }

    private static void AppendFraction(StringBuilder sb, DateTimeOffset time, char separator, char digit, int count)
    {
        var nanos = (time.Ticks % TimeSpan.TicksPerSecond * 100).ToString("000000000", CultureInfo.InvariantCulture)[..Math.Min(count, 9)];
        if (digit == '9')
        {
            nanos = nanos.TrimEnd('0');
            if (nanos.Length == 0)
            {
                return;
            }
        }

        sb.Append(separator).Append(nanos);
    }

    private static string Render(DateTimeOffset t, string chunk)
    {
        var inv = CultureInfo.InvariantCulture;
        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return chunk switch
        {
            "January" => inv.DateTimeFormat.GetMonthName(t.Month),
            "Jan" => inv.DateTimeFormat.GetAbbreviatedMonthName(t.Month),
            "Monday" => inv.DateTimeFormat.GetDayName(t.DayOfWeek),
            "Mon" => inv.DateTimeFormat.GetAbbreviatedDayName(t.DayOfWeek),
            "MST" => t.Offset == TimeSpan.Zero ? "UTC" : NumericZone(t.Offset, t.Offset.Minutes == 0 ? "07" : "0700"),
            "2006" => t.Year.ToString("0000", inv),
            "06" => (t.Year % 100).ToString("00", inv),
            "002" => t.DayOfYear.ToString("000", inv),
            "__2" => t.DayOfYear.ToString(inv).PadLeft(3),
            "_2" => t.Day.ToString(inv).PadLeft(2),
            "01" => t.Month.ToString("00", inv),
            "1" => t.Month.ToString(inv),
            "02" => t.Day.ToString("00", inv),
            "2" => t.Day.ToString(inv),
            "15" => t.Hour.ToString("00", inv),
            "03" => hour12.ToString("00", inv),
            "3" => hour12.ToString(inv),
            "04" => t.Minute.ToString("00", inv),
            "4" => t.Minute.ToString(inv),
            "05" => t.Second.ToString("00", inv),
            "5" => t.Second.ToString(inv),
            "PM" => t.Hour >= 12 ? "PM" : "AM",
            "pm" => t.Hour >= 12 ? "pm" : "am",
            _ when chunk.StartsWith('Z') && t.Offset == TimeSpan.Zero => "Z",
            _ => NumericZone(t.Offset, chunk[1..]),
        };
    }

    /// <summary>A numeric zone in the shape of <paramref name="shape"/>: <c>07</c>, <c>0700</c>, <c>07:00</c>, <c>070000</c>, <c>07:00:00</c>.</summary>
    private static string NumericZone(TimeSpan offset, string shape)
    {
        var colon = shape.Contains(':') ? ":" : "";
        var digits = shape.Count(char.IsAsciiDigit);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        var text = sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture);
        if (digits >= 4)
        {
            text += colon + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
        }

        if (digits >= 6)
        {
            text += colon + abs.Seconds.ToString("00", CultureInfo.InvariantCulture);
        }

        return text;
    }
}
