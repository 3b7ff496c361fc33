namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// Waits out <see cref="ClaimOutcome.InProgress"/>: the holder either completes (a duplicate), releases, or dies and its
/// lease runs out (then the key is claimed here). Gives up after <c>maxWait</c> with <see cref="ClaimHeldElsewhereException"/>,
/// which the bus retries like any failure.
/// </summary>
public static class ClaimWait
{
    public static async Task<ClaimOutcome> UntilSettledAsync(Func<CancellationToken, Task<ClaimOutcome>> attempt, string what, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var pause = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var outcome = await attempt(cancellationToken);
            if (outcome != ClaimOutcome.InProgress)
            {
                return outcome;
            }

            if (DateTime.UtcNow - started >= maxWait)
            {
                throw new ClaimHeldElsewhereException($"{what} is still claimed by another process after {maxWait.TotalSeconds:0.#} s");
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}

/// <summary>A key stayed claimed by another live process for longer than a lease; the message is retried later.</summary>
public sealed class ClaimHeldElsewhereException(string message) : Exception(message);
