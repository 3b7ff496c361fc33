using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch.Execution;
using Microsoft.Extensions.Time.Testing;

namespace Microservices.Events.Tests.Dispatch;

/// <summary><c>rateLimit</c> spreads executions evenly: at most requestsPerUnit + 1 in any window of one unit.</summary>
public sealed class RateLimitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Second", 4, 250)]
    [InlineData(null, 10, 100)]
    [InlineData("Minute", 3, 20_000)]
    [InlineData("Hour", 7200, 500)]
    public void The_interval_is_the_unit_divided_by_the_requests(string? unit, int requests, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), EvenPacer.IntervalOf(unit, requests));

    [Theory]
    [InlineData(null, 1000, 1000)]
    [InlineData(900, 1000, 1000)]
    [InlineData(950, 1000, 1050)]
    [InlineData(2000, 1000, 2100)]
    public void The_next_slot_is_one_interval_after_the_last_and_never_before_the_arrival(int? previousMs, int nowMs, int slotMs)
    {
        DateTimeOffset? previous = previousMs is { } p ? T0.AddMilliseconds(p) : null;

        Assert.Equal(T0.AddMilliseconds(slotMs), EvenPacer.NextSlot(previous, T0.AddMilliseconds(nowMs), TimeSpan.FromMilliseconds(100)));
    }

    public static TheoryData<string, int[]> Arrivals => new()
    {
        // arrival times in ms for a limit of 10 per second
        { "one burst of 30", Enumerable.Repeat(0, 30).ToArray() },
        { "a burst just before and just after a second boundary", [.. Enumerable.Repeat(990, 10), .. Enumerable.Repeat(1000, 10)] },
        { "idle, then bursts at each boundary", [.. Enumerable.Repeat(0, 10), .. Enumerable.Repeat(5000, 15), .. Enumerable.Repeat(6000, 15)] },
        { "steady arrivals faster than the limit", Enumerable.Range(0, 60).Select(i => i * 37).ToArray() },
        { "steady arrivals slower than the limit", Enumerable.Range(0, 30).Select(i => i * 150).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Arrivals))]
    public void No_window_of_one_unit_holds_more_than_the_limit_plus_one(string name, int[] arrivalsMs)
    {
        const int perSecond = 10;
        var pacer = new EvenPacer(EvenPacer.IntervalOf("Second", perSecond));
        var starts = arrivalsMs.Select(a => T0.AddMilliseconds(a) + pacer.Reserve(T0.AddMilliseconds(a))).ToList();

        var busiest = starts.Max(s => starts.Count(o => o >= s && o <= s + TimeSpan.FromSeconds(1)));
        Assert.True(busiest <= perSecond + 1, $"{name}: {busiest} starts in one second");
        Assert.All(starts.Zip(arrivalsMs), p => Assert.True(p.First >= T0.AddMilliseconds(p.Second), $"{name}: started before it arrived"));
        Assert.True(starts.Last() - T0.AddMilliseconds(arrivalsMs.Last()) <= TimeSpan.FromMilliseconds(100) * arrivalsMs.Length, $"{name}: slower than the limit");
    }

    [Fact]
    public void A_burst_is_admitted_exactly_one_interval_apart()
    {
        var pacer = new EvenPacer(TimeSpan.FromMilliseconds(250));

        var waits = Enumerable.Range(0, 5).Select(_ => pacer.Reserve(T0).TotalMilliseconds);

        Assert.Equal([0, 250, 500, 750, 1000], waits);
    }

    [Fact]
    public async Task Waiting_requests_are_released_one_interval_apart_on_the_clock()
    {
        var time = new FakeTimeProvider(T0);
        var limiters = new TriggerRateLimiters(time);
        var limit = new RateLimit { Unit = "Second", RequestsPerUnit = 2 };

        var waits = Enumerable.Range(0, 3).Select(_ => limiters.WaitAsync("s", "t", limit, CancellationToken.None).AsTask()).ToList();

        Assert.True(waits[0].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(await Eventually.HoldsAsync(() => waits[1].IsCompleted, TimeSpan.FromMilliseconds(100)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await Eventually.HoldsAsync(() => waits[1].IsCompleted));
        Assert.False(waits[2].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(await Eventually.HoldsAsync(() => waits[2].IsCompleted));
    }

    [Fact]
    public async Task Triggers_are_limited_separately_and_no_limit_never_waits()
    {
        var time = new FakeTimeProvider(T0);
        var limiters = new TriggerRateLimiters(time);
        var limit = new RateLimit { Unit = "Hour", RequestsPerUnit = 1 };

        await limiters.WaitAsync("s", "a", limit, CancellationToken.None);
        var otherTrigger = limiters.WaitAsync("s", "b", limit, CancellationToken.None);
        var unlimited = limiters.WaitAsync("s", "a", null, CancellationToken.None);
        var sameTrigger = limiters.WaitAsync("s", "a", limit, CancellationToken.None).AsTask();

        Assert.True(otherTrigger.IsCompleted);
        Assert.True(unlimited.IsCompleted);
        Assert.False(sameTrigger.IsCompleted);
    }
}
