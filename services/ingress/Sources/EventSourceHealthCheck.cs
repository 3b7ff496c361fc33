using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources;

/// <summary>Readiness of the event sources: the worst of every kind's <see cref="IEventSourceKind.Health"/>, each kind's description in the data.</summary>
public sealed class EventSourceHealthCheck(EventSourceKindRegistry kinds) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var results = kinds.All.Select(k => (k.Kind, Result: k.Health())).ToList();
        var status = results.Select(r => r.Result.Status).DefaultIfEmpty(HealthStatus.Healthy).Min();
        var data = results.ToDictionary(r => r.Kind, r => (object)$"{r.Result.Status}: {r.Result.Description}");
        var unwell = results.Where(r => r.Result.Status != HealthStatus.Healthy).Select(r => $"{r.Kind}: {r.Result.Description}");
        return Task.FromResult(new HealthCheckResult(status, string.Join("; ", unwell), data: data));
    }
}
