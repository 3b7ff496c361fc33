using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microservices.Events.ServiceDefaults.Telemetry;

namespace Microservices.Events.TriggerDispatch;

/// <summary>
/// Trigger metrics: fired, succeeded, failed, retried, skipped as duplicates, action duration, end-to-end latency;
/// beside them Argo Events' action metrics (<see cref="ArgoMetrics"/>), per attempt as Argo counts them.
/// </summary>
public sealed class DispatchTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.TriggerDispatch";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _argoTriggered;
    private readonly Counter<long> _argoFailed;
    private readonly Counter<long> _argoRetriesFailed;
    private readonly Histogram<double> _argoDuration;

    public DispatchTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Fired = _meter.CreateCounter<long>("triggers_fired_total", description: "Firings executed");
        Succeeded = _meter.CreateCounter<long>("triggers_succeeded_total", description: "Firings whose action succeeded");
        Failed = _meter.CreateCounter<long>("triggers_failed_total", description: "Firings whose action failed after retries");
        Retried = _meter.CreateCounter<long>("triggers_retried_total", description: "Action attempts after the first");
        Duplicates = _meter.CreateCounter<long>("triggers_duplicate_total", description: "Redelivered firings skipped by firing id");
        Duration = _meter.CreateHistogram<double>("action_duration", unit: "ms", description: "Action duration including retries, of firings that succeeded");
        EndToEnd = _meter.CreateHistogram<double>("end_to_end_latency", unit: "ms", description: "From the newest event's time to the action's end");

        _argoTriggered = _meter.CreateCounter<long>(ArgoMetrics.ActionTriggered, description: "How many actions have been triggered successfully (Argo Events)");
        _argoFailed = _meter.CreateCounter<long>(ArgoMetrics.ActionFailed, description: "How many action attempts failed (Argo Events)");
        _argoRetriesFailed = _meter.CreateCounter<long>(ArgoMetrics.ActionRetriesFailed, description: "How many actions failed after the retries were exhausted (Argo Events)");
        _argoDuration = _meter.CreateHistogram<double>(ArgoMetrics.ActionDuration, unit: "ms", description: "Duration of one action attempt (Argo Events)");
    }

    public Counter<long> Fired { get; }
    public Counter<long> Succeeded { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Retried { get; }
    public Counter<long> Duplicates { get; }
    public Histogram<double> Duration { get; }
    public Histogram<double> EndToEnd { get; }

    /// <summary>Starts the trigger's Argo action counters at 0 (Argo's <c>InitSensorMetrics</c>).</summary>
    public void Known(string sensor, string trigger)
    {
        var tags = ArgoMetrics.ActionTags(sensor, trigger);
        _argoTriggered.Add(0, tags);
        _argoFailed.Add(0, tags);
        _argoRetriesFailed.Add(0, tags);
    }

    /// <summary>One attempt of <paramref name="trigger"/>'s action ended (Argo's action counters and duration).</summary>
    /// <param name="trigger">The trigger template's name (the dead-letter trigger's own for its attempts).</param>
    public void AttemptEnded(string sensor, string trigger, bool succeeded, double milliseconds)
    {
        var tags = ArgoMetrics.ActionTags(sensor, trigger);
        _argoDuration.Record(milliseconds, tags);
        (succeeded ? _argoTriggered : _argoFailed).Add(1, tags);
    }

    /// <summary>The action still failed when its retry strategy was exhausted (Argo's <c>action_retries_failed_total</c>).</summary>
    public void RetriesExhausted(string sensor, string trigger) => _argoRetriesFailed.Add(1, ArgoMetrics.ActionTags(sensor, trigger));

    public void Dispose() => _meter.Dispose();
}
