using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// Readiness of the custom-resource spec source: not ready (Degraded) until every EventSource and Sensor collection was
/// listed once, since the service has no specs before; after that a failing watch is reported in the description
/// but keeps the service ready, as the specs in force go on running while the API server is away.
/// </summary>
public sealed class SpecSourceHealthCheck(ISpecCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (catalog is not KubernetesSpecCatalog resources)
        {
            return Task.FromResult(HealthCheckResult.Healthy("specs from a folder"));
        }

        var states = resources.WatchStates;
        var unlisted = states.Where(s => !s.Listed).ToList();
        if (unlisted.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                "not listed yet: " + string.Join("; ", unlisted.Select(s => s.Error is null ? s.Collection : $"{s.Collection} ({s.Error})"))));
        }

        var failing = states.Where(s => s.Error is not null).ToList();
        return Task.FromResult(HealthCheckResult.Healthy(failing.Count == 0
            ? $"{resources.Current.EventSources.Count} event sources, {resources.Current.Sensors.Count} sensors from custom resources"
            : "the specs in force run; " + string.Join("; ", failing.Select(s => $"{s.Collection}: {s.Error}"))));
    }
}
