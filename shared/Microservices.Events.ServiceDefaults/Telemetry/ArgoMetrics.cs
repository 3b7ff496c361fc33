using System.Diagnostics;

namespace Microservices.Events.ServiceDefaults.Telemetry;

/// <summary>
/// The names and labels of Argo Events' own metrics (its <c>pkg/metrics</c>), which the services export beside theirs
/// so that dashboards and alerts written for Argo Events work unchanged. The instruments are created by the service
/// that does the work (ingress: event sources; trigger-dispatch: actions); Argo's constant <c>namespace</c> label is
/// the one Prometheus adds as a target label.
/// </summary>
public static class ArgoMetrics
{
    public const string EventSourceName = "eventsource_name";
    public const string EventName = "event_name";
    public const string SensorName = "sensor_name";
    public const string TriggerName = "trigger_name";

    /// <summary>Gauge: events of an EventSource whose listeners run (label <c>eventsource_name</c>).</summary>
    public const string EventServiceRunning = "argo_events_event_service_running_total";

    /// <summary>Counter: events the bus accepted.</summary>
    public const string EventsSent = "argo_events_events_sent_total";

    /// <summary>Counter: events the bus did not accept.</summary>
    public const string EventsSentFailed = "argo_events_events_sent_failed_total";

    /// <summary>Counter: events that failed for any reason (refused requests, malformed messages, and every sent-failed one).</summary>
    public const string EventsProcessingFailed = "argo_events_events_processing_failed_total";

    /// <summary>Histogram in milliseconds (exported as <c>argo_events_event_processing_duration_milliseconds</c>): receipt to bus acceptance.</summary>
    public const string EventProcessingDuration = "argo_events_event_processing_duration";

    /// <summary>Counter: action attempts that succeeded.</summary>
    public const string ActionTriggered = "argo_events_action_triggered_total";

    /// <summary>Counter: action attempts that failed (each attempt of a retried firing counts).</summary>
    public const string ActionFailed = "argo_events_action_failed_total";

    /// <summary>Counter: firings that still failed when the retry strategy was exhausted (also with no strategy).</summary>
    public const string ActionRetriesFailed = "argo_events_action_retries_failed_total";

    /// <summary>Histogram in milliseconds (exported as <c>argo_events_action_duration_milliseconds</c>): one attempt of an action.</summary>
    public const string ActionDuration = "argo_events_action_duration";

    /// <summary>Argo's <c>eventsource_name</c> and <c>event_name</c> labels.</summary>
    public static TagList EventTags(string eventSourceName, string eventName) =>
        new() { { EventSourceName, eventSourceName }, { EventName, eventName } };

    /// <summary>Argo's <c>sensor_name</c> and <c>trigger_name</c> labels.</summary>
    public static TagList ActionTags(string sensorName, string triggerName) =>
        new() { { SensorName, sensorName }, { TriggerName, triggerName } };
}
