using System.Collections.Concurrent;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// One <see cref="EvenPacer"/> per (sensor, trigger) with a <c>rateLimit</c>: <c>requestsPerUnit</c> per Second, Minute
/// or Hour, spread evenly. Each trigger-dispatch process keeps its own, so N replicas together allow N times the rate.
/// </summary>
public sealed class TriggerRateLimiters(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Sensor, string Trigger, TimeSpan Interval), EvenPacer> _pacers = new();

    public async ValueTask WaitAsync(string sensor, string trigger, RateLimit? limit, CancellationToken cancellationToken)
    {
        if (limit is not { RequestsPerUnit: > 0 })
        {
            return;
        }

        var interval = EvenPacer.IntervalOf(limit.Unit, limit.RequestsPerUnit.Value);
        var pacer = _pacers.GetOrAdd((sensor, trigger, interval), key => new EvenPacer(key.Interval));
        var wait = pacer.Reserve(time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
