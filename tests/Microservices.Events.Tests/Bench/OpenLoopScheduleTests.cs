using System.Diagnostics;
using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

public sealed class OpenLoopScheduleTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_rate_that_is_not_a_positive_number_is_refused_naming_it(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopSchedule(rate, 0));

        Assert.Equal("eventsPerSecond", error.ParamName);
        Assert.Contains("positive number of events per second", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100.0, 0, 0.0)]
    [InlineData(100.0, 1, 0.01)]
    [InlineData(100.0, 250, 2.5)]
    [InlineData(16.7, 167, 10.0)]
    [InlineData(3.0, 2, 0.6666667)]
    public void Event_i_is_due_i_over_the_rate_seconds_after_the_start_whatever_came_before(double rate, int index, double seconds)
    {
        const long start = 1_000_000;
        var schedule = new OpenLoopSchedule(rate, start);

        var due = schedule.DueAt(index);

        Assert.Equal(seconds, (due - start) / (double)Stopwatch.Frequency, 6);
    }

    [Fact]
    public void The_gaps_between_due_moments_do_not_drift_over_a_long_run()
    {
        var schedule = new OpenLoopSchedule(7.0, 0);

        // Rounding each due moment on its own (not adding rounded gaps) keeps event 70,000 at exactly 10,000 s.
        Assert.Equal(10_000 * Stopwatch.Frequency, schedule.DueAt(70_000));
        Assert.All(Enumerable.Range(1, 1_000), i => Assert.InRange(schedule.DueAt(i) - schedule.DueAt(i - 1), (Stopwatch.Frequency / 7) - 1, (Stopwatch.Frequency / 7) + 1));
    }

    [Theory]
    [InlineData(16.7, 30.0, 501)]
    [InlineData(67.1, 30.0, 2013)]
    [InlineData(0.01, 30.0, 1)]
    [InlineData(1e12, 1e6, int.MaxValue / 2)]
    public void A_run_holds_rate_times_seconds_events_rounded_at_least_one(double rate, double seconds, int expected)
    {
        Assert.Equal(expected, OpenLoopSchedule.EventsIn(rate, seconds));
    }
}
