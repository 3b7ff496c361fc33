using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Liveness guard for the bus: Unhealthy once a receive endpoint has not been consuming for
/// <c>Bus:StalledEndpointSeconds</c>, so <c>/alive</c> fails and an orchestrator restarts the process — the last resort
/// should an endpoint not recover by itself after a broker restart. Each check samples MassTransit's endpoint health;
/// readiness (<c>/health</c>) already fails from the first moment an endpoint is not consuming.
/// </summary>
public sealed class StalledEndpointCheck(IBusControl bus, TimeProvider time, IOptions<BusOptions> options, ILogger<StalledEndpointCheck> logger) : IHealthCheck
{
    private readonly StalledEndpoints _endpoints = new();
    private readonly Lock _gate = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(options.Value.StalledEndpointSeconds);
        if (limit == TimeSpan.Zero)
        {
            return Task.FromResult(HealthCheckResult.Healthy("off"));
        }

        var now = time.GetUtcNow();
        var health = bus.CheckHealth();
        IReadOnlyList<(string Endpoint, TimeSpan For)> stalled;
        lock (_gate)
        {
            _endpoints.Observe(now, health.Endpoints.Select(e => (e.Key, e.Value.Status == BusHealthStatus.Healthy)));
            stalled = _endpoints.Stalled(now, limit);
        }

        if (stalled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var description = string.Join("; ", stalled.Select(s => $"{s.Endpoint} not consuming for {s.For.TotalSeconds:F0} s"));
        logger.LogError("Receive endpoint(s) stalled, liveness fails so the process is restarted: {Stalled}", description);
        return Task.FromResult(HealthCheckResult.Unhealthy(description));
    }
}
