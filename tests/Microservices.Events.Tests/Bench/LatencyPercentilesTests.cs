using System.Diagnostics;
using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

public sealed class LatencyPercentilesTests
{
    private static readonly long TicksPerMs = Stopwatch.Frequency / 1000;

    [Fact]
    public void No_spans_give_no_count_and_no_percentiles()
    {
        var p = LatencyPercentiles.Of([]);

        Assert.Equal(0, p.Count);
        Assert.True(double.IsNaN(p.P50Ms) && double.IsNaN(p.P99Ms) && double.IsNaN(p.MaxMs));
    }

    [Fact]
    public void One_to_a_thousand_ms_give_the_nearest_rank_percentiles_within_three_significant_digits()
    {
        var spans = Enumerable.Range(1, 1_000).Select(ms => (From: 5L, To: 5L + (ms * TicksPerMs)));

        var p = LatencyPercentiles.Of(spans);

        Assert.Equal(1_000, p.Count);
        Assert.Equal(500, p.P50Ms, 0.5);
        Assert.Equal(900, p.P90Ms, 0.9);
        Assert.Equal(990, p.P99Ms, 1.0);
        Assert.Equal(999, p.P999Ms, 1.0);
        Assert.Equal(1_000, p.MaxMs, 1.0);
    }

    [Fact]
    public void A_single_slow_event_is_the_maximum_and_moves_no_median()
    {
        var spans = Enumerable.Repeat((From: 0L, To: 2 * TicksPerMs), 999).Append((0L, 3_000 * TicksPerMs));

        var p = LatencyPercentiles.Of(spans);

        Assert.Equal(2, p.P50Ms, 0.01);
        Assert.Equal(2, p.P99Ms, 0.01);
        Assert.Equal(3_000, p.MaxMs, 3.0);
    }

    [Fact]
    public void A_span_that_runs_backwards_counts_as_zero_and_one_beyond_an_hour_as_an_hour()
    {
        var p = LatencyPercentiles.Of([(10 * TicksPerMs, 0L), (0L, 2 * 3_600_000 * TicksPerMs)]);

        Assert.Equal(2, p.Count);
        Assert.Equal(0, p.P50Ms);
        Assert.Equal(LatencyPercentiles.HighestMicroseconds / 1000.0, p.MaxMs, LatencyPercentiles.HighestMicroseconds / 1000.0 / 1000);
    }
}
