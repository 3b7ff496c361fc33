using Microservices.Events.Contracts;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>Hands an event to the bus; completes only when the bus accepted it, throws otherwise.</summary>
public interface IEventIngestor
{
    Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken);
}
