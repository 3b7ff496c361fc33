using Microservices.Events.Contracts;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>Hands an event to the bus; completes only when the bus accepted it, throws otherwise.</summary>
public interface IEventIngestor
{
    Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken);

    /// <summary>Completes once the bus can take and deliver events (every receive endpoint of the process consuming); a schedule waits for it before its first tick.</summary>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
