using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.ServiceDefaults.Telemetry;

/// <summary>
/// Exports the latest result of every health check as <c>health_check_status{check}</c> (1 healthy, 0.5 degraded,
/// 0 unhealthy), so alerts see what <c>/health</c> sees: the broker (<c>masstransit-bus</c>), the state database
/// (<c>state</c>), the event sources. Fed by the host's periodic health-check publisher.
/// </summary>
public sealed class HealthMetrics : IHealthCheckPublisher, IDisposable
{
    public const string MeterName = ServiceDefaultsExtensions.TelemetryPrefix + ".Health";

    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly Meter _meter;

    public HealthMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("health_check_status", Observe,
            description: "Latest result of a health check: 1 healthy, 0.5 degraded, 0 unhealthy");
    }

    /// <summary>The value a status is exported as.</summary>
    public static double Value(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            _latest[name] = Value(entry.Status);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> Observe() =>
        _latest.Select(e => new Measurement<double>(e.Value, new KeyValuePair<string, object?>("check", e.Key)));
}
