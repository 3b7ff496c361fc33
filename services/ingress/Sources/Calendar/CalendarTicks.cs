using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Ingress.Sources.Calendar;

/// <summary>What identifies a tick and which ticks a restarted calendar fires first (pure functions).</summary>
public static class CalendarTicks
{
    /// <summary>
    /// The CloudEvent id of the tick of <paramref name="eventSource"/>/<paramref name="eventName"/> scheduled at
    /// <paramref name="scheduled"/>: 32 hex characters (Argo's id format) from a SHA-256 of the three, so replicas firing
    /// the same tick produce the same id and bus-gateway publishes it once.
    /// </summary>
    public static string Id(string eventSource, string eventName, DateTimeOffset scheduled)
    {
        var key = string.Join('\n', eventSource, eventName, scheduled.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    /// <summary>
    /// The time the schedule continues after when a calendar starts at <paramref name="now"/>: without catch-up (or
    /// nothing recorded yet) now, so only future ticks fire; with catch-up the last recorded tick, so every tick missed
    /// since fires at once, but not one before <paramref name="now"/> minus <paramref name="maxDuration"/> (when set).
    /// </summary>
    public static DateTimeOffset ResumeAfter(DateTimeOffset now, DateTimeOffset? lastRecorded, bool catchup, TimeSpan? maxDuration)
    {
        if (!catchup || lastRecorded is not { } last || last >= now)
        {
            return now;
        }

        return maxDuration is { } max && now - last > max ? now - max : last;
    }

    /// <summary>The ticks strictly after <paramref name="after"/> and at or before <paramref name="now"/>, in order: those a catch-up fires at once.</summary>
    public static IEnumerable<DateTimeOffset> Due(CalendarPlan plan, DateTimeOffset after, DateTimeOffset now)
    {
        var next = plan.Next(after);
        while (next is { } tick && tick <= now)
        {
            yield return tick;
            next = plan.Next(tick);
        }
    }
}
