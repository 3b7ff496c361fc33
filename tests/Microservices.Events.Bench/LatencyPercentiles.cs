using System.Diagnostics;
using HdrHistogram;

namespace Microservices.Events.Bench;

/// <summary>Latency percentiles in milliseconds, read from an HdrHistogram of microseconds (3 significant digits).</summary>
public sealed record LatencyPercentiles(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>The longest latency recorded as itself; longer ones are recorded as this (an hour).</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    /// <summary>The percentiles of the spans between pairs of <see cref="Stopwatch"/> timestamps (from, to).</summary>
    public static LatencyPercentiles Of(IEnumerable<(long From, long To)> spans)
    {
        var histogram = new LongHistogram(HighestMicroseconds, 3);
        foreach (var (from, to) in spans)
        {
            var micros = (to - from) * 1_000_000 / Stopwatch.Frequency;
            histogram.RecordValue(Math.Clamp(micros, 0, HighestMicroseconds));
        }

        if (histogram.TotalCount == 0)
        {
            return new LatencyPercentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new LatencyPercentiles(histogram.TotalCount, Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetValueAtPercentile(99.9)), Ms(histogram.GetMaxValue()));
    }

    private static double Ms(long micros) => micros / 1000.0;
}
