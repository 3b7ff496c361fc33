using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microservices.Events.ServiceDefaults.Telemetry;

namespace Microservices.Events.Ingress;

/// <summary>
/// Ingress traces and metrics: events received, rejected, filtered out, sent and failed, and processing time; beside
/// them Argo Events' event-source metrics (<see cref="ArgoMetrics"/>), recorded by the same calls.
/// </summary>
public sealed class IngressTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.Ingress";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _argoSent;
    private readonly Counter<long> _argoSentFailed;
    private readonly Counter<long> _argoProcessingFailed;
    private readonly Histogram<double> _argoDuration;
    private volatile IReadOnlyDictionary<string, int> _running = new Dictionary<string, int>();

    public IngressTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Received = _meter.CreateCounter<long>("events_received_total", description: "External occurrences received by event sources");
        Rejected = _meter.CreateCounter<long>("events_rejected_total", description: "Requests refused (auth, method, size, body), by reason");
        Filtered = _meter.CreateCounter<long>("events_filtered_total", description: "Events dropped by their filter expression, by outcome (false or error)");
        RegistrationFailed = _meter.CreateCounter<long>("events_source_registration_failed_total", description: "Hooks an event source could not register with its service (GitHub, …), by kind");
        Sent = _meter.CreateCounter<long>("events_sent_total", description: "Events accepted by the bus");
        SendFailed = _meter.CreateCounter<long>("events_sent_failed_total", description: "Events the bus did not accept");
        Duration = _meter.CreateHistogram<double>("event_processing_duration", unit: "ms", description: "Time from receipt to bus acceptance");

        _argoSent = _meter.CreateCounter<long>(ArgoMetrics.EventsSent, description: "How many events have been sent successfully (Argo Events)");
        _argoSentFailed = _meter.CreateCounter<long>(ArgoMetrics.EventsSentFailed, description: "How many events failed to send to the event bus (Argo Events)");
        _argoProcessingFailed = _meter.CreateCounter<long>(ArgoMetrics.EventsProcessingFailed, description: "Events that failed to process for any reason, sent-failed ones included (Argo Events)");
        _argoDuration = _meter.CreateHistogram<double>(ArgoMetrics.EventProcessingDuration, unit: "ms", description: "Event processing duration, from receipt to the event bus (Argo Events)");
        _meter.CreateObservableGauge(ArgoMetrics.EventServiceRunning, ObserveRunning,
            description: "How many configured events of the EventSource are actively running (Argo Events)");
    }

    public Counter<long> Received { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Filtered { get; }
    public Counter<long> RegistrationFailed { get; }
    public Counter<long> Sent { get; }
    public Counter<long> SendFailed { get; }
    public Histogram<double> Duration { get; }

    /// <summary>The bus accepted an event: <c>events_sent_total</c> and Argo's <c>argo_events_events_sent_total</c>.</summary>
    /// <param name="tags">Ours, with <c>event_source</c> and <c>event_name</c>.</param>
    public void EventSent(in TagList tags)
    {
        Sent.Add(1, tags);
        _argoSent.Add(1, Argo(tags));
    }

    /// <summary>The bus refused an event: ours, Argo's sent-failed and processing-failed counters.</summary>
    public void EventSendFailed(in TagList tags)
    {
        SendFailed.Add(1, tags);
        var argo = Argo(tags);
        _argoSentFailed.Add(1, argo);
        _argoProcessingFailed.Add(1, argo);
    }

    /// <summary>A request or message was refused (<c>reason</c> among the tags): ours and Argo's processing-failed counter.</summary>
    public void EventRejected(in TagList tags)
    {
        Rejected.Add(1, tags);
        if (Has(tags, "event_source"))
        {
            _argoProcessingFailed.Add(1, Argo(tags));
        }
    }

    /// <summary>Time from receipt to bus acceptance, in both histograms.</summary>
    public void EventProcessed(double milliseconds, in TagList tags)
    {
        Duration.Record(milliseconds, tags);
        _argoDuration.Record(milliseconds, Argo(tags));
    }

    /// <summary>Starts the event's Argo counters at 0 (Argo's <c>InitEventMetrics</c>), so error ratios and alerts exist before the first error.</summary>
    public void Known(string eventSourceName, string eventName)
    {
        var tags = ArgoMetrics.EventTags(eventSourceName, eventName);
        _argoSent.Add(0, tags);
        _argoSentFailed.Add(0, tags);
        _argoProcessingFailed.Add(0, tags);
    }

    /// <summary>The events per EventSource whose listeners run now (see <see cref="Sources.RunningEvents"/>).</summary>
    public void SetRunning(IReadOnlyDictionary<string, int> running) => _running = running;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveRunning() =>
        _running.Select(r => new Measurement<int>(r.Value, new KeyValuePair<string, object?>(ArgoMetrics.EventSourceName, r.Key)));

    private static TagList Argo(in TagList ours) =>
        ArgoMetrics.EventTags(Value(ours, "event_source"), Value(ours, "event_name"));

    private static bool Has(in TagList tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    private static string Value(in TagList tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string ?? "";
            }
        }

        return "";
    }
}
