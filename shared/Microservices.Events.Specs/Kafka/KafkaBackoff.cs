using System.Globalization;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Kafka;

/// <summary>
/// A kafka event source's <c>connectionBackoff</c> as librdkafka's reconnect backoff (pure): the first wait is
/// <c>duration</c>, waits grow up to <c>duration × factor^(steps−1)</c> (at most an hour), and the client keeps
/// reconnecting rather than giving up after <c>steps</c>.
/// </summary>
public static class KafkaBackoff
{
    private const long HourMilliseconds = 3_600_000;

    /// <summary>Argo's duration: nanoseconds as a number, or a Go duration string; null when neither.</summary>
    public static long? Nanoseconds(string duration)
    {
        if (long.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            return nanoseconds;
        }

        return GoDuration.TryParse(duration, out var span) && span >= TimeSpan.Zero ? span.Ticks * 100 : null;
    }

    /// <summary><c>reconnect.backoff.ms</c> and <c>reconnect.backoff.max.ms</c>, or null to keep librdkafka's (100 ms to 10 s).</summary>
    public static (int Initial, int Max)? Reconnect(Backoff? backoff)
    {
        if (backoff?.Duration is not { } text || Nanoseconds(text) is not { } nanoseconds)
        {
            return null;
        }

        var initial = Math.Clamp(nanoseconds / 1_000_000, 1, HourMilliseconds);
        var factor = double.TryParse(backoff.Factor, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 1 ? f : 1;
        var steps = Math.Max(backoff.Steps ?? 1, 1);
        var max = Math.Min(initial * Math.Pow(factor, steps - 1), HourMilliseconds);
        return ((int)initial, (int)Math.Max(initial, max));
    }
}
