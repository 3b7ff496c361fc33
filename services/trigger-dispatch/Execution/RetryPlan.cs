using System.Globalization;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Argo's Backoff as attempts and waits: no strategy means one attempt; <c>steps</c> (0 → 5) attempts, waiting
/// <c>duration</c> (default 1 s) times <c>factor</c> (default 1) per retry, plus up to <c>jitter</c> × wait at random.
/// </summary>
public sealed record RetryPlan(int Attempts, TimeSpan FirstDelay, double Factor, double Jitter)
{
    public static readonly RetryPlan Once = new(1, TimeSpan.Zero, 1, 0);

    public static RetryPlan From(Backoff? backoff)
    {
        if (backoff is null)
        {
            return Once;
        }

        var steps = backoff.Steps is > 0 ? backoff.Steps.Value : 5;
        var duration = TimeSpan.FromSeconds(1);
        if (backoff.Duration is { } text)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
            {
                duration = TimeSpan.FromTicks(nanoseconds / 100);
            }
            else if (GoDuration.TryParse(text, out var parsed))
            {
                duration = parsed;
            }
        }

        var factor = double.TryParse(backoff.Factor, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1.0;
        var jitter = double.TryParse(backoff.Jitter, NumberStyles.Float, CultureInfo.InvariantCulture, out var j) && j >= 0 ? j : 1.0;
        return new RetryPlan(steps, duration, factor, jitter);
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based), before jitter.</summary>
    public TimeSpan BaseDelay(int retry) => TimeSpan.FromTicks((long)(FirstDelay.Ticks * Math.Pow(Factor, retry - 1)));

    public TimeSpan Delay(int retry, Random random) => BaseDelay(retry) + TimeSpan.FromTicks((long)(random.NextDouble() * Jitter * BaseDelay(retry).Ticks));
}
