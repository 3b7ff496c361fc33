using System.Globalization;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Semantics.Retries;

/// <summary>
/// A <c>retryStrategy</c> as Argo runs it (Kubernetes' <c>wait.ExponentialBackoff</c> over <c>wait.Backoff</c>): how many
/// attempts an action gets and the wait before each retry, before jitter. No strategy means one attempt. Inside a
/// strategy, <c>steps</c> 0 or unset means 5 attempts; <c>duration</c> (nanoseconds or a Go duration, default 1 s) is the
/// first wait and is multiplied by <c>factor</c> (default 1; 0 keeps it) after each one; once a product would exceed
/// <c>cap</c> the wait is pinned to the cap and no further retry follows (wait.Backoff sets its steps to 0: Argo then
/// sleeps once more and gives up, here it gives up at once). <c>jitter</c> (default 1, 0 for none) adds up to
/// jitter × wait at random.
/// </summary>
public sealed record BackoffSchedule(int Attempts, IReadOnlyList<TimeSpan> Waits, double Jitter)
{
    public const int DefaultSteps = 5;

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(1);

    public static readonly BackoffSchedule Once = new(1, [], 0);

    /// <summary>The schedule of <paramref name="backoff"/>; values the load-time validation refuses fall back to their defaults.</summary>
    public static BackoffSchedule From(Backoff? backoff)
    {
        if (backoff is null)
        {
            return Once;
        }

        var steps = backoff.Steps is > 0 ? backoff.Steps.Value : DefaultSteps;
        var duration = TryParseDuration(backoff.Duration, out var d) ? d : DefaultDuration;
        var factor = TryParseAmount(backoff.Factor, out var f) ? f : 1.0;
        var jitter = TryParseAmount(backoff.Jitter, out var j) ? j : 1.0;
        var cap = TryParseDuration(backoff.Cap, out var c) ? c : TimeSpan.Zero;
        return Compute(steps, duration, factor, jitter, cap);
    }

    /// <summary>wait.ExponentialBackoff: the condition runs, and while steps remain, <c>Step()</c> yields the next wait.</summary>
    public static BackoffSchedule Compute(int steps, TimeSpan duration, double factor, double jitter, TimeSpan cap)
    {
        var waits = new List<TimeSpan>();
        var attempts = 0;
        var current = duration;
        while (steps > 0)
        {
            attempts++;
            if (steps == 1)
            {
                break;
            }

            steps--;
            var wait = current;
            if (factor != 0)
            {
                current = TimeSpan.FromTicks((long)Math.Min(current.Ticks * factor, TimeSpan.MaxValue.Ticks));
                if (cap > TimeSpan.Zero && current > cap)
                {
                    current = cap;
                    steps = 0;
                }
            }

            if (steps > 0)
            {
                waits.Add(wait);
            }
        }

        return new BackoffSchedule(attempts, waits, jitter > 0 ? jitter : 0);
    }

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1-based) given a uniform <paramref name="sample"/> in [0, 1):
    /// the wait plus sample × jitter × wait.
    /// </summary>
    public TimeSpan Delay(int retry, double sample)
    {
        var wait = Waits[retry - 1];
        return Jitter > 0 ? wait + TimeSpan.FromTicks((long)(sample * Jitter * wait.Ticks)) : wait;
    }

    /// <summary>A <c>duration</c> or <c>cap</c>: an integer is nanoseconds, else a Go duration.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            duration = TimeSpan.FromTicks(nanoseconds / 100);
            return true;
        }

        return GoDuration.TryParse(text, out duration) && duration >= TimeSpan.Zero;
    }

    private static bool TryParseAmount(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0 && double.IsFinite(value);
}
