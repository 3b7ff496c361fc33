using System.Globalization;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Cli;

/// <summary>A point in time on the command line: an RFC 3339 timestamp (UTC unless it says otherwise), or a Go duration meaning that long ago (<c>90m</c>, <c>2h</c>).</summary>
public static class TimeArgument
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (GoDuration.TryParse(text, out var ago) && ago >= TimeSpan.Zero)
        {
            time = now - ago;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
