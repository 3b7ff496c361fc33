using Microservices.Events.Ingress.Publishing;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>What every consumer source needs to hand messages on: the bus, the event factory, the filter, telemetry and time.</summary>
public sealed class EdgeServices(
    IEventIngestor ingestor,
    EventFactory events,
    EventSourceFilterGate filter,
    IngressTelemetry telemetry,
    TimeProvider time,
    IOptions<IngressOptions> options,
    ILogger<EdgeServices> logger)
{
    internal IEventIngestor Ingestor => ingestor;
    internal EventFactory Events => events;
    internal EventSourceFilterGate Filter => filter;
    internal IngressTelemetry Telemetry => telemetry;
    internal ILogger Logger => logger;
    internal TimeSpan PublishTimeout => TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds);

    public TimeProvider Time => time;
}
