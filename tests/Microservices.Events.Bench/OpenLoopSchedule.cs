using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// A constant arrival rate: event i is due <c>i / rate</c> seconds after the start, whatever happened to the events
/// before it. Latency is timed from this due moment, not from when the request actually left, so a sender or a
/// connection pool that falls behind adds its delay to the latency (no coordinated omission).
/// </summary>
public sealed class OpenLoopSchedule(double eventsPerSecond, long startTimestamp)
{
    public double EventsPerSecond { get; } = eventsPerSecond > 0 && double.IsFinite(eventsPerSecond)
        ? eventsPerSecond
        : throw new ArgumentOutOfRangeException(nameof(eventsPerSecond), eventsPerSecond, "the arrival rate must be a positive number of events per second");

    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>How many events the schedule holds in <paramref name="seconds"/> (at least one).</summary>
    public static int EventsIn(double eventsPerSecond, double seconds) => (int)Math.Max(1, Math.Min(int.MaxValue / 2, Math.Round(eventsPerSecond * seconds)));

    /// <summary>The <see cref="Stopwatch"/> timestamp event <paramref name="index"/> is due at.</summary>
    public long DueAt(int index) => StartTimestamp + (long)Math.Round(index * Stopwatch.Frequency / EventsPerSecond);
}
