using System.Diagnostics.Metrics;

namespace Microservices.Events.BusGateway;

/// <summary>Gateway metrics: events published, rejected as invalid, dropped as duplicates, and mirrored.</summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "Microservices.Events.BusGateway";

    private readonly Meter _meter;

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Published = _meter.CreateCounter<long>("events_published_total", description: "Events published on the bus");
        Invalid = _meter.CreateCounter<long>("events_invalid_total", description: "Events rejected by CloudEvents validation");
        Duplicated = _meter.CreateCounter<long>("events_duplicated_total", description: "Repeated (source, id) dropped inside the window");
        Mirrored = _meter.CreateCounter<long>("events_mirrored_total", description: "Events written to a mirror target (label target: rabbitmq or kafka)");
        MirrorRetries = _meter.CreateCounter<long>("events_mirror_retries_total", description: "Failed mirror writes that are retried (label target)");
        Latency = _meter.CreateHistogram<double>("ingest_to_publish_ms", unit: "ms", description: "Time from receipt at ingress to publication");
    }

    public Counter<long> Published { get; }
    public Counter<long> Invalid { get; }
    public Counter<long> Duplicated { get; }
    public Counter<long> Mirrored { get; }
    public Counter<long> MirrorRetries { get; }
    public Histogram<double> Latency { get; }

    public void Dispose() => _meter.Dispose();
}
