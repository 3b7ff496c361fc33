using Microservices.Events.Semantics.Retries;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>retryStrategy as Kubernetes' wait.ExponentialBackoff runs Argo's Backoff: attempts and waits before jitter.</summary>
public sealed class BackoffScheduleTests
{
    public static TheoryData<string, int?, string?, string?, string?, int, string> Rows => new()
    {
        // name, steps, duration, factor, cap, attempts, waits in ms
        { "no fields: 5 attempts 1 s apart", null, null, null, null, 5, "1000,1000,1000,1000" },
        { "steps 0 means 5", 0, "10ms", null, null, 5, "10,10,10,10" },
        { "one step: one attempt", 1, "10ms", "2", null, 1, "" },
        { "factor doubles each wait", 4, "100ms", "2", null, 4, "100,200,400" },
        { "factor 0 keeps the wait", 3, "100ms", "0", null, 3, "100,100" },
        { "duration as nanoseconds", 3, "250000000", null, null, 3, "250,250" },
        { "fractional factor", 3, "1s", "1.5", null, 3, "1000,1500" },
        { "cap stops the retries once a wait would pass it", 6, "100ms", "2", "500ms", 3, "100,200" },
        { "a product equal to cap is not past it", 5, "100ms", "2", "800ms", 4, "100,200,400" },
        { "cap below the first product: a single attempt", 5, "1s", "1", "500ms", 1, "" },
        { "cap without factor growth never applies", 3, "1s", "0", "10ms", 3, "1000,1000" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Attempts_and_waits_follow_wait_Backoff(string name, int? steps, string? duration, string? factor, string? cap, int attempts, string waits)
    {
        var schedule = BackoffSchedule.From(new Backoff { Steps = steps, Duration = duration, Factor = factor, Cap = cap, Jitter = "0" });

        Assert.True(attempts == schedule.Attempts, $"{name}: {schedule.Attempts} attempts");
        Assert.Equal(waits, string.Join(",", schedule.Waits.Select(w => w.TotalMilliseconds)));
    }

    [Fact]
    public void No_strategy_is_one_attempt()
    {
        Assert.Equal(1, BackoffSchedule.From(null).Attempts);
        Assert.Empty(BackoffSchedule.From(null).Waits);
    }

    [Theory]
    [InlineData(null, 0.0, 1000)]
    [InlineData(null, 0.5, 1500)]
    [InlineData(null, 0.999, 1999)]
    [InlineData("0", 0.9, 1000)]
    [InlineData("0.2", 0.5, 1100)]
    [InlineData("2", 0.25, 1500)]
    public void Jitter_adds_up_to_jitter_times_the_wait(string? jitter, double sample, double expectedMs)
    {
        var schedule = BackoffSchedule.From(new Backoff { Steps = 2, Duration = "1s", Jitter = jitter });

        Assert.Equal(expectedMs, Math.Round(schedule.Delay(1, sample).TotalMilliseconds));
    }

    [Fact]
    public void Jitter_applies_to_the_grown_wait()
    {
        var schedule = BackoffSchedule.From(new Backoff { Steps = 3, Duration = "1s", Factor = "3", Jitter = "0.5" });

        Assert.Equal(TimeSpan.FromSeconds(3), schedule.Delay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(4.5), schedule.Delay(2, 1));
    }
}
