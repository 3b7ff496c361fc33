namespace Microservices.Events.ServiceDefaults.Telemetry;

/// <summary>
/// The rule for metric labels: a label takes its values from a bounded set — names written in the specs (event
/// source, event, sensor, trigger, dependency), kinds, reasons and outcomes from a fixed list, store tables and
/// operations. Never an event id, firing id, payload value, URL path or anything else an outside sender chooses.
/// </summary>
public static class MetricLabels
{
    /// <summary>Every label name the services' own metrics and Argo's use.</summary>
    public static readonly IReadOnlySet<string> Ours = new HashSet<string>(StringComparer.Ordinal)
    {
        "event_source", "event_name", "event_type", "kind", "reason", "outcome", "sensor", "trigger", "dependency",
        "table", "operation", "check", "target",
        ArgoMetrics.EventSourceName, ArgoMetrics.EventName, ArgoMetrics.SensorName, ArgoMetrics.TriggerName,
    };
}
