using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>One token bucket per (sensor, trigger) with a <c>rateLimit</c>: <c>requestsPerUnit</c> per Second, Minute or Hour.</summary>
public sealed class TriggerRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(string, string, int, string), RateLimiter> _limiters = new();

    public async ValueTask WaitAsync(string sensor, string trigger, RateLimit? limit, CancellationToken cancellationToken)
    {
        if (limit is not { RequestsPerUnit: > 0 })
        {
            return;
        }

        var unit = limit.Unit ?? "Second";
        var limiter = _limiters.GetOrAdd((sensor, trigger, limit.RequestsPerUnit.Value, unit), key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Item3,
            TokensPerPeriod = key.Item3,
            ReplenishmentPeriod = key.Item4 switch { "Minute" => TimeSpan.FromMinutes(1), "Hour" => TimeSpan.FromHours(1), _ => TimeSpan.FromSeconds(1) },
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
