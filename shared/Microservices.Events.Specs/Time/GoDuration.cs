using System.Globalization;
using System.Text.RegularExpressions;

namespace Microservices.Events.Specs.Time;

/// <summary>Parses Go duration strings (<c>10s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>500ms</c>).</summary>
public static partial class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        var negative = text.StartsWith('-');
        var body = text.TrimStart('-', '+');
        var matches = Part().Matches(body);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != body)
        {
            return false;
        }

        double ticks = 0;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += m.Groups[2].Value switch
            {
                "ns" => value / 100,
                "us" or "µs" or "μs" => value * 10,
                "ms" => value * TimeSpan.TicksPerMillisecond,
                "s" => value * TimeSpan.TicksPerSecond,
                "m" => value * TimeSpan.TicksPerMinute,
                _ => value * TimeSpan.TicksPerHour,
            };
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    [GeneratedRegex(@"([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex Part();
}
