using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microservices.Events.Ingress;

/// <summary>Ingress traces and metrics: events received, rejected, filtered out, sent and failed, and processing time.</summary>
public sealed class IngressTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.Ingress";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public IngressTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Received = _meter.CreateCounter<long>("events_received_total", description: "External occurrences received by event sources");
        Rejected = _meter.CreateCounter<long>("events_rejected_total", description: "Requests refused (auth, method, size, body), by reason");
        Filtered = _meter.CreateCounter<long>("events_filtered_total", description: "Events dropped by their filter expression, by outcome (false or error)");
        RegistrationFailed = _meter.CreateCounter<long>("events_source_registration_failed_total", description: "Hooks an event source could not register with its service (GitHub, …), by kind");
        Sent = _meter.CreateCounter<long>("events_sent_total", description: "Events accepted by the bus");
        SendFailed = _meter.CreateCounter<long>("events_sent_failed_total", description: "Events the bus did not accept");
        Duration = _meter.CreateHistogram<double>("event_processing_duration_ms", unit: "ms", description: "Time from receipt to bus acceptance");
    }

    public Counter<long> Received { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Filtered { get; }
    public Counter<long> RegistrationFailed { get; }
    public Counter<long> Sent { get; }
    public Counter<long> SendFailed { get; }
    public Histogram<double> Duration { get; }

    public void Dispose() => _meter.Dispose();
}
