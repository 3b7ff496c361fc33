using System.Diagnostics.Metrics;

namespace Microservices.Events.SensorState;

/// <summary>Sensor metrics: dependencies matched and correlated, filter errors, triggers requested, and each trigger's last outcome.</summary>
public sealed class SensorStateTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.SensorState";

    private readonly Meter _meter;

    public SensorStateTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        DependenciesMatched = _meter.CreateCounter<long>("dependencies_matched_total", description: "Events that passed a dependency's filters");
        FilterErrors = _meter.CreateCounter<long>("filter_errors_total", description: "Errors while evaluating dependency filters");
        DependenciesCorrelated = _meter.CreateCounter<long>("dependencies_correlated_total", description: "Matched dependency events applied by correlation sagas (a retried attempt counts again)");
        TriggersRequested = _meter.CreateCounter<long>("triggers_requested_total", description: "Firings requested by correlation sagas");
    }

    public Counter<long> DependenciesMatched { get; }
    public Counter<long> FilterErrors { get; }
    public Counter<long> DependenciesCorrelated { get; }
    public Counter<long> TriggersRequested { get; }

    /// <summary>Reports <c>trigger_last_outcome_timestamp_seconds</c> (sensor, trigger, outcome) from <paramref name="observe"/> on each collection.</summary>
    public void ObserveLastOutcomes(Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge("trigger_last_outcome_timestamp_seconds", observe,
            description: "Unix time at which trigger-dispatch last reported this outcome (succeeded or failed) of the trigger");

    public void Dispose() => _meter.Dispose();
}
