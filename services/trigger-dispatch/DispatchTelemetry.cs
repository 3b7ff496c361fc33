using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microservices.Events.TriggerDispatch;

/// <summary>Trigger metrics: fired, succeeded, failed, retried, skipped as duplicates, action duration.</summary>
public sealed class DispatchTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.TriggerDispatch";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public DispatchTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Fired = _meter.CreateCounter<long>("triggers_fired_total", description: "Firings executed");
        Succeeded = _meter.CreateCounter<long>("triggers_succeeded_total", description: "Firings whose action succeeded");
        Failed = _meter.CreateCounter<long>("triggers_failed_total", description: "Firings whose action failed after retries");
        Retried = _meter.CreateCounter<long>("triggers_retried_total", description: "Action attempts after the first");
        Duplicates = _meter.CreateCounter<long>("triggers_duplicate_total", description: "Redelivered firings skipped by firing id");
        Duration = _meter.CreateHistogram<double>("action_duration_ms", unit: "ms", description: "Action duration including retries");
        EndToEnd = _meter.CreateHistogram<double>("end_to_end_latency_ms", unit: "ms", description: "From the newest event's time to the action's end");
    }

    public Counter<long> Fired { get; }
    public Counter<long> Succeeded { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Retried { get; }
    public Counter<long> Duplicates { get; }
    public Histogram<double> Duration { get; }
    public Histogram<double> EndToEnd { get; }

    public void Dispose() => _meter.Dispose();
}
